"""``restore-backup``: put a backup of the database back, when the live file is damaged."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.context import BadInput, Context
from index.directory import list_backups, restore_file
from index.holdings import backup_is_sound


def register(sub: Any) -> None:
    p = sub.add_parser(
        "restore-backup", help="restore the database from a backup (the newest by default)"
    )
    p.add_argument("backup", nargs="?", type=Path, help="a file from the backups folder")
    p.add_argument("--list", action="store_true", help="list the backups and exit")
    p.set_defaults(func=cmd_restore_backup)


def cmd_restore_backup(args: argparse.Namespace, ctx: Context) -> int:
    backups = list_backups(ctx.paths)
    if args.list:
        for path in backups:
            print(path)
        return 0
    chosen: Path | None = args.backup or (backups[-1] if backups else None)
    if chosen is None:
        raise BadInput(f"no backups in {ctx.paths.backups}")
    if not chosen.is_file():
        raise BadInput(f"{chosen}: no such backup")
    if not backup_is_sound(chosen):
        raise BadInput(f"{chosen}: the backup itself is damaged; choose another (--list)")
    if ctx.paths.database.exists():
        damaged = ctx.paths.database.with_name(ctx.paths.database.name + ".damaged")
        ctx.paths.database.replace(damaged)
        print(f"kept the damaged database as {damaged}")
    restore_file(chosen, ctx.paths.database)
    print(f"restored {chosen.name}")
    return 0
