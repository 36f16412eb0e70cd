"""A save writes the same amount whatever the size of the clinic; the default location."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.store.location import default_store_path
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import make_assessment, make_client


def _bytes_written(monkeypatch: pytest.MonkeyPatch, action: Callable[[], Any]) -> int:
    written = 0
    real = os.write

    def counting(fd: int, data: Any) -> int:
        nonlocal written
        count = real(fd, data)
        written += count
        return count

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", counting)
        action()
    return written


def _fill(repo: TinyRepository, clients: int) -> None:
    people = [
        (make_client(f"c-{n:05d}", f"Client {n}", revision=1), [make_assessment(f"c-{n:05d}")])
        for n in range(clients)
    ]
    repo.import_records(people)


def _one_save(repo: TinyRepository) -> Callable[[], Any]:
    repo.save_client(make_client("c-bench"))
    draft = repo.save_assessment(make_assessment("c-bench", "a-bench"))
    return lambda: repo.save_assessment(evolve(draft, notes="edited"))


def test_save_cost_does_not_grow_with_the_clinic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = open_store(tmp_path / "small", clock=TickingClock())
    big = open_store(tmp_path / "big", clock=TickingClock())
    _fill(big, 1500)
    in_small = _bytes_written(monkeypatch, _one_save(small))
    in_big = _bytes_written(monkeypatch, _one_save(big))
    # a save rewrites its client's file and its newest backup (a copy), one index shard of
    # ~1/64 of the clients, the journal (the files it may change) and one audit line: never
    # the whole store
    record = big.layout.client_file("c-bench").stat().st_size
    shard = max(p.stat().st_size for p in big.layout.index_files if p.exists())
    assert in_big <= 2 * record + shard + 1536, (in_big, record, shard)
    assert in_big - in_small <= shard
    store_size = sum(p.stat().st_size for p in big.path.rglob("*.json"))
    assert store_size > 100 * in_big
    assert [row.id for row in big.list_clients("client 1499")] == ["c-01499"]


def test_default_location_is_the_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_store_path() == tmp_path / "data" / "posture-tui" / "store"
