"""Where the bundled, read-only resources live (fonts, region master, worry dictionary, samples).

A source checkout, an editable install and a PyInstaller bundle lay them out differently, so every
reader goes through :func:`resource_path` instead of building paths from ``__file__`` itself.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_root() -> Path:
    """Return the ``resources/`` folder.

    ``TSUNAGI_RESOURCES`` wins (tests and unusual installs); then a PyInstaller bundle's
    ``_MEIPASS``; then the folder beside the packages in a checkout.
    """
    override = os.environ.get("TSUNAGI_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled resource, e.g. ``resource_path("fonts", "x.ttf")``."""
    return resources_root().joinpath(*parts)
