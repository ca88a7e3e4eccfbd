"""The window's behaviour: each controller wires one view to the directory through tasks."""
