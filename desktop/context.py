"""What every ``tsunagi`` command receives, and the error that means "the user's input is wrong".

They live apart from ``desktop/cli.py`` so that the commands, the About dialog and the window can
use them without importing the command-line entry point that discovers those same commands
(which made an import circle).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from index.directory import Directory
from index.paths import AppPaths


class BadInput(Exception):
    """The user's input is wrong: exit code 2 with this one-line message."""


@dataclass
class Context:
    """What every command gets: the resolved folders, and a way to open the directory."""

    paths: AppPaths

    def open_directory(self, *, seed: bool = True) -> Directory:
        directory = Directory.open(self.paths, seed=seed)
        if directory.read_only:  # say so once: reading works, nothing will be saved
            print(f"tsunagi: {directory.read_only_reason}", file=sys.stderr)
        return directory


def records_of(directory: Directory, ids: list[str]) -> list[dict[str, Any]]:
    """The records the command line named, in order; an unknown id is the user's mistake."""
    records = []
    for sid in ids:
        record = directory.record(sid)
        if record is None:
            raise BadInput(f"{sid}: no such service (see `tsunagi search`)")
        records.append(record)
    return records


Handler = Callable[[argparse.Namespace, Context], int]
