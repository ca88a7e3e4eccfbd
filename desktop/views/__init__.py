"""Layout-only widgets: they build and arrange controls; controllers give them behaviour."""
