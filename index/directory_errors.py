"""What can go wrong opening or writing the directory, each with a message for people.

Apart from :mod:`index.directory` (which re-exports them) to keep that file about what a
directory does.
"""

from __future__ import annotations

from index.model import ImportReport


class DirectoryError(Exception):
    """A problem opening or writing the directory, with a message for people."""


class DatabaseTooNew(DirectoryError):
    pass


class DatabaseCorrupt(DirectoryError):
    pass


class MigrationFailed(DirectoryError):
    pass


class ReadOnlyDirectory(DirectoryError):
    """The data folder cannot be written; the directory was opened for reading only."""


class ImportRefused(DirectoryError):
    """An all-or-nothing import found problems; nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        count = len(report.problems)
        super().__init__(
            f"import refused: {count} problem{'s' if count != 1 else ''} found, nothing was written"
        )
        self.report = report
