"""A store whose client index went missing must not look like an empty clinic."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.hostile.conftest import TickingClock

from posture_tui.engine.analyze import analyze
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store.demo import generate
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import open_store


def test_a_missing_index_is_rebuilt_or_reported(tmp_path: Path) -> None:
    store = tmp_path / "store"
    made = generate(
        open_store(store, clock=TickingClock()), load_knowledge(), analyze, clients=5, seed=3
    )
    shutil.rmtree(store / "index")
    try:
        listed = open_store(store).list_clients()
    except StoreError as error:
        assert "index" in str(error) and "check --repair" in str(error)
    else:
        assert {summary.id for summary in listed} == set(made)
