"""tsunagi's local directory: schema, domain model, region master, import/export, search.

This package knows nothing of Qt: the desktop app and the command line both drive it.
"""

__version__ = "0.2.0"
