"""The PySide6 desktop app, the ``tsunagi`` command line, referral slips and printing.

This is the only package that imports PySide6 (ruff's banned-api rule enforces it).
"""
