"""Ways to prove a database did not change, or lost nothing: shared by the fast and stress suites.

Why a digest of *content* rather than of the file: SQLite may rewrite pages (WAL checkpoints,
freelists) without changing a single row, and a refusal must be judged by what a counsellor would
see, not by bytes on disk.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def content_digest(conn: sqlite3.Connection, *, skip: tuple[str, ...] = ()) -> str:
    """sha256 over every row of every table, in a stable order."""
    hasher = hashlib.sha256()
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    for table in tables:
        if table in skip:
            continue
        hasher.update(f"\0table {table}\0".encode())
        rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
        for row in sorted(repr(r) for r in rows):
            hasher.update(row.encode("utf-8", "surrogatepass"))
            hasher.update(b"\n")
    return hasher.hexdigest()


def file_digest(path: Path) -> str:
    """Content digest of a database file, opened read-only (never changes what it checks)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return content_digest(conn)
    finally:
        conn.close()


def integrity(path: Path) -> str:
    """``PRAGMA integrity_check`` of a database file ("ok" when sound)."""
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``root`` with (size, mtime_ns): to prove nothing else appeared."""
    out: dict[str, tuple[int, int]] = {}
    for path in sorted(root.rglob("*")):
        try:
            st = path.lstat()
        except FileNotFoundError:
            continue
        rel = str(path.relative_to(root))
        out[rel] = (st.st_size if path.is_file() else -1, st.st_mtime_ns if path.is_file() else 0)
    return out
