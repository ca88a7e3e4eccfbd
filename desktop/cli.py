"""The ``tsunagi`` command line: ``tsunagi [--data-dir DIR] COMMAND``; no command opens the window.

This is a stable interface that outside checks call exactly as documented, so its exit codes are
fixed: 0 ok; 2 bad input or usage, with a one-line reason on stderr; 1 any other failure.

Each module in ``desktop/commands/`` defines ``register(subparsers)`` and sets ``func`` on its
parsers; they are discovered here, so adding a command never edits this file. Qt is imported only
by the commands that open a window, keeping ``search`` and ``import`` fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import logging.handlers
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from desktop.context import BadInput, Context, Handler
from index.database import DiskFull
from index.directory import DirectoryError, ImportRefused
from index.paths import AppPaths, app_paths


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse exits with 2 too; keep its reason on one line.
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tsunagi",
        description="tsunagi (つなぎ): support-resource directory for counsellors.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep data, config and cache in DIR (also: TSUNAGI_DATA_DIR)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    from desktop import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"desktop.commands.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def _log_to_file(paths: AppPaths) -> None:
    """Send warnings (refused syncs, replays, index rebuilds) to ``<data>/logs/tsunagi.log``.

    stderr keeps its promise of one line per failure; the log keeps the history an admin needs.
    Nothing about clients is ever logged. A folder that cannot be written just means no log.
    """
    root = logging.getLogger()
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    try:
        folder = paths.data / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "tsunagi.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # A log line that cannot be written (a full disk) is dropped, not printed as a traceback.
    logging.raiseExceptions = False
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    ctx = Context(paths=app_paths(args.data_dir))
    _log_to_file(ctx.paths)
    if args.version:
        from desktop.commands.about import print_version

        return print_version(ctx)
    handler: Handler | None = getattr(args, "func", None)
    if handler is None:
        from desktop.commands.gui import open_window

        handler = open_window
    try:
        return handler(args, ctx)
    except BadInput as exc:
        print(f"tsunagi: {exc}", file=sys.stderr)
        return 2
    except ImportRefused as exc:
        print(f"tsunagi: {exc}", file=sys.stderr)
        for problem in exc.report.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except (DirectoryError, DiskFull) as exc:  # DiskFull: a full disk named as such, in Japanese
        print(f"tsunagi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, not a traceback
        print(f"tsunagi: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
