"""The house rules that keep tsunagi easy to change, checked on the source itself (with ``ast``).

* no import circles among the modules of index/, sync/ and desktop/ (imports inside functions
  count too: they only postpone the circle; ``if TYPE_CHECKING:`` imports do not);
* no source file over 600 lines there (split into small flat modules instead);
* only desktop/ imports Qt;
* desktop/ writes no SQL: it asks :class:`index.directory.Directory` (or an index/sync function).

See docs/architecture.md for the floors these rules keep apart.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "sync", "desktop")
MAX_LINES = 600


_SQL_CALLS = {"execute", "executemany", "executescript"}


def source_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except those under ``if TYPE_CHECKING:``."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports (``from a import b`` means ``a.b`` if that is one)."""
    me = module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a import b` names the module a.b when there is one, else something of a.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for name in names:
            # The longest known module the name starts with: `index.store.Owner` -> index.store.
            parts = name.split(".")
            for end in range(len(parts), 0, -1):
                candidate = ".".join(parts[:end])
                if candidate in known:
                    if candidate != me:
                        found.add(candidate)
                    break
    return found


def import_graph() -> dict[str, set[str]]:
    files = source_files()
    known = {module_name(p) for p in files}
    return {module_name(p): imported_modules(p, known) for p in files}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_circles() -> None:
    found = circles(import_graph())
    assert not found, "import circles (break each by moving what both sides need):\n" + "\n".join(
        " <-> ".join(component) for component in found
    )


def test_the_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_source_file_over_600_lines() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in source_files()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    over = dict(long)
    assert not over, f"over {MAX_LINES} lines, split them: {over}"


def test_only_desktop_imports_qt() -> None:
    offenders = []
    for path in source_files():
        if path.relative_to(REPO).parts[0] == "desktop":
            continue
        for node in _runtime_imports(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if any((name or "").split(".")[0] in ("PySide6", "shiboken6") for name in names):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not offenders, f"Qt imported outside desktop/: {offenders}"


def raw_sql(path: Path, root: Path = REPO) -> list[str]:
    """Lines of ``path`` that talk to SQLite directly: ``import sqlite3`` or ``….execute(…)``."""
    name = path.relative_to(root)
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if "sqlite3" in names or "sqlite_utils" in names:
                found.append(f"{name}:{node.lineno} imports SQLite")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and (
                node.func.attr in _SQL_CALLS
                or (
                    node.func.attr == "query"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                )
            )
        ):
            found.append(f"{name}:{node.lineno} .{node.func.attr}(…)")
    return found


def test_desktop_writes_no_sql() -> None:
    found = [
        line
        for path in source_files()
        if path.relative_to(REPO).parts[0] == "desktop"
        for line in raw_sql(path)
    ]
    assert not found, "raw SQL in desktop/ (add a Directory method instead):\n" + "\n".join(found)


def test_the_sql_finder_sees_sql_but_not_a_method_named_query(tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text(
        "import sqlite3\n"
        "def f(d, view):\n"
        "    view.query()\n"
        '    return d.db.execute("SELECT 1"), d.db.query("SELECT 2")\n',
        "utf-8",
    )
    assert sorted(raw_sql(sample, tmp_path)) == [
        "probe.py:1 imports SQLite",
        "probe.py:4 .execute(…)",
        "probe.py:4 .query(…)",
    ]
