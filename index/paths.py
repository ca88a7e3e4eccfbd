"""Per-user folders for data, config and cache.

They come from platformdirs (the maintained successor of appdirs, same API), never built by hand:
``Path.home()/"AppData"`` is wrong on macOS and ignores ``%APPDATA%``. A ``--data-dir`` flag or the
``TSUNAGI_DATA_DIR`` variable puts everything in one folder instead, for tests, portable installs and
USB sticks. Nothing here creates a folder at import time.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "tsunagi"
DATA_DIR_ENV = "TSUNAGI_DATA_DIR"
PORTABLE_MARKER = "tsunagi-portable.txt"
"""A file of this name beside the executable makes a portable install: data in ``./data``."""


@dataclass(frozen=True)
class AppPaths:
    """The folders one tsunagi installation uses."""

    data: Path
    config: Path
    cache: Path

    @property
    def database(self) -> Path:
        return self.data / "tsunagi.sqlite3"

    @property
    def index_root(self) -> Path:
        """Whoosh index generations live below here; SQLite names the live one."""
        return self.cache / "index"

    @property
    def partial(self) -> Path:
        """Half-downloaded feed files, resumable with Range requests."""
        return self.cache / "partial"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """Resolve the folders: explicit ``data_dir``, then ``TSUNAGI_DATA_DIR``, then platformdirs.

    With an override, config and cache live inside that folder too, so a USB stick or a portable
    install carries everything and leaves nothing behind on the PC.
    """
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    if not chosen:
        chosen = portable_data_dir()
    if chosen:
        root = Path(chosen).expanduser().resolve()
        return AppPaths(data=root, config=root / "config", cache=root / "cache")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
    )


def portable_data_dir() -> str | None:
    """``<folder of the executable>/data`` when a portable marker sits beside the executable.

    The Windows portable zip and a USB-stick install ship the marker, so the office's data travels
    with the program and nothing is written to the PC's profile.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = os.path.dirname(os.path.abspath(sys.executable))
    if os.path.exists(os.path.join(folder, PORTABLE_MARKER)):
        return os.path.join(folder, "data")
    return None
