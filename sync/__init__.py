"""Signed feed sync: protocol, verification, fetching, atomic apply, and the admin publisher.

No Qt here: the desktop app runs these functions on a worker thread and listens for progress.
"""
