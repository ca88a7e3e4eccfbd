"""Qt item models over index/ values; testable without a window."""
