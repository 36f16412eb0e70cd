"""The demo generator: realistic, varied, seeded, and written in bulk."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.store import audit
from posture_tui.store.check import check_store
from posture_tui.store.repository import open_store
from posture_tui.use_cases.demo import generate
from posture_tui.use_cases.transfer import export_record

from .conftest import TickingClock


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge()


def _demo(path: Path, knowledge: Knowledge, seed: int) -> list[dict[str, object]]:
    repo = open_store(path, clock=TickingClock())
    made = generate(repo, knowledge, analyze, clients=30, assessments=4, seed=seed, batch=12)
    return [export_record(repo, client_id) for client_id in made]


def test_demo_is_seeded(tmp_path: Path, knowledge: Knowledge) -> None:
    one = _demo(tmp_path / "one", knowledge, seed=7)
    assert _demo(tmp_path / "two", knowledge, seed=7) == one
    assert _demo(tmp_path / "three", knowledge, seed=8) != one


def test_demo_is_varied_and_healthy(tmp_path: Path, knowledge: Knowledge) -> None:
    repo = open_store(tmp_path / "store", clock=TickingClock())
    made = generate(repo, knowledge, analyze, clients=40, assessments=3, seed=1, batch=15)
    rows = repo.list_clients()
    assert len(rows) == 40 == len(set(made)) and all(row.assessments == 3 for row in rows)
    names = [row.name for row in rows]
    assert any(unicodedata.normalize("NFKD", n) != n for n in names)  # accents
    assert len({row.birth_date for row in rows}) > 30
    visits = [a for cid in made for a in repo.list_assessments(cid)]
    assert len({tuple(sorted(f.item for f in a.findings)) for a in visits}) > 20
    assert any(a.pain for a in visits) and any(a.contraindications for a in visits)
    assert any(a.is_signed for a in visits) and all(a.analysis.plan.steps for a in visits)
    raised = {flag.pattern for a in visits for flag in a.analysis.flags}
    assert len(raised) >= min(3, len(knowledge.patterns))
    assert check_store(repo.path).problems == []
    # bulk: one journal-covered write per batch, audit one event per record
    events = audit.read(repo.layout.audit)
    assert sum(e["action"] == "demo.client" for e in events) == 40
    assert sum(e["action"] == "demo.assessment" for e in events) == 120


def test_a_second_demo_adds_new_clients(tmp_path: Path, knowledge: Knowledge) -> None:
    repo = open_store(tmp_path / "store", clock=TickingClock())
    first = generate(repo, knowledge, analyze, clients=5, assessments=1, seed=3)
    second = generate(repo, knowledge, analyze, clients=5, assessments=1, seed=3)
    assert not set(first) & set(second) and len(repo.list_clients()) == 10
