"""Main honest judged set (see spec.py)."""
