"""Entry script of the bundled executable: the same ``main`` as the ``tsunagi`` console script.

PyInstaller needs a script file, not an entry point; this one only hands over to
``desktop.cli.main`` so the bundle behaves exactly like ``.venv/bin/tsunagi``.
"""

from __future__ import annotations

import multiprocessing

from desktop.cli import main

if __name__ == "__main__":
    # A frozen Windows/macOS program re-executes itself for worker processes; without this call
    # a child would open a second window instead of doing its work.
    multiprocessing.freeze_support()
    raise SystemExit(main())
