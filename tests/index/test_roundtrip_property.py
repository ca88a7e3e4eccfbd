"""Property: exporting what was imported gives the same records back, whatever their content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from index.directory import Directory
from index.paths import app_paths
from tests.records import service

# Text as feeds really carry it: any Unicode except what validation refuses (NUL, lone surrogates).
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40
)
# Names refuse invisible and direction-control characters (index/phones.py says why).
name = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cf"), blacklist_characters="\x00"),
    max_size=40,
)
phone = st.text(
    alphabet="0123456789０１２３４５６７８９-－()（） #", min_size=1, max_size=16
).filter(lambda s: any(c.isdigit() for c in s))
extras = st.fixed_dictionaries(
    {},
    optional={
        "description": text,
        "alternate_name": name,
        "url": text,
        "email": text,
        "minimum_age": st.integers(0, 20),
        "maximum_age": st.integers(20, 130),
        "fees_description": text,
        "assured_date": st.dates().map(str),
    },
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    base = service(
        draw(name.filter(str.strip)),
        sid=draw(st.uuids()).hex,
        phones=draw(st.lists(phone, min_size=1, max_size=3)),
        lgcode=draw(st.sampled_from(["012335", "132063", "011011", "010006", None])),
        worries=draw(
            st.lists(st.sampled_from(["kodoku", "seikatsu", "shinitai", "dv"]), unique=True)
        ),
    )
    base.update(draw(extras))
    return base


@given(st.lists(records(), min_size=1, max_size=5, unique_by=lambda r: r["id"]))
def test_import_then_export_is_identity(tmp_path_factory: Any, batch: list[dict[str, Any]]) -> None:
    folder: Path = tmp_path_factory.mktemp("rt")
    source = folder / "in.ndjson"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch), "utf-8")
    with Directory.open(app_paths(folder / "data"), seed=False) as directory:
        directory.import_files([source])
        assert list(directory.export("local")) == batch
