"""The judged query set must stay well above the FTS5 trigram baseline (tests/index/judged/)."""

from __future__ import annotations

import pytest

from tests.index.judged.directory import Demo, build
from tests.index.judged.evaluate import KINDS, demo_records, evaluate, queries, table

# Measured 2026-11-26: tsunagi nDCG@10 0.98 overall (colloquial 0.97) vs FTS5 trigram 0.47 (0.07).
# The bars leave room for dictionary and ranking changes, and sit far above the baseline.
BAR_ALL = {"ndcg": 0.85, "recall": 0.85, "mrr": 0.85}
BAR_KIND_NDCG = 0.75
MARGIN_OVER_BASELINE = 0.30


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build(tmp_path_factory.mktemp("judged"), demo_records())


def test_judged_set_is_big_and_covers_every_kind() -> None:
    judged = queries()
    assert len(judged) >= 80
    assert {j.kind for j in judged} == set(KINDS)


@pytest.mark.slow
def test_quality_stays_above_the_bar(demo: Demo) -> None:
    report = evaluate(demo)
    print(table(report))
    ours, base = report.rows["tsunagi"], report.rows["fts5-trigram"]
    assert not [f for f in report.failures if f.startswith("no relevant")], report.failures
    ndcg, recall, mrr = ours["all"]
    assert ndcg >= BAR_ALL["ndcg"], table(report)
    assert recall >= BAR_ALL["recall"], table(report)
    assert mrr >= BAR_ALL["mrr"], table(report)
    assert ndcg >= base["all"][0] + MARGIN_OVER_BASELINE, table(report)
    for kind in KINDS:
        assert ours[kind][0] >= BAR_KIND_NDCG, (kind, table(report))
    assert ours["out_of_scope"][0] == 1.0, table(report)


# The honest sets (tests/index/judged/honest, heldout): records without worry attributes, areas
# in words, colloquial queries not in the dictionary, grades from an independent truth file.
# Measured 2026-12-03: honest 0.42 -> 0.83, held-out 0.40 -> 0.70 (FTS5 trigram 0.19-0.25).
HONEST_BAR = {"honest": 0.65, "heldout": 0.55}


@pytest.mark.slow
@pytest.mark.parametrize("set_name", ["honest", "heldout"])
def test_honest_sets_hold_their_bar(
    tmp_path_factory: pytest.TempPathFactory, set_name: str
) -> None:
    from tests.index.judged.honest_eval import run_set
    from tests.index.judged.honest_eval import table as honest_table

    rows, notes, counts = run_set(set_name, tmp_path_factory.mktemp(set_name))
    shown = honest_table(set_name, rows, counts)
    print(shown)
    assert not [n for n in notes if n.startswith("no relevant")], notes
    ours, base = rows["tsunagi"], rows["fts5"]
    assert ours["all"][0] >= HONEST_BAR[set_name], shown
    assert ours["all"][0] >= base["all"][0] + MARGIN_OVER_BASELINE, shown
    assert ours["negative"][0] == 1.0, shown
