"""A store whose index an earlier build wrote (64 shards with backups) opens with every client."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from posture_tui.store import repository
from posture_tui.store.check import check_store
from posture_tui.store.layout import LEGACY_INDEX_SHARDS, Layout
from posture_tui.store.repository import open_store

from .conftest import TickingClock
from .helpers import make_assessment, make_client

NAMES = [f"Client Number{n}" for n in range(40)]


def _legacy_store(root: Path) -> Path:
    """A store as an earlier build left it: rows in `index/NN.json` by crc32 % 64, each shard
    with backups in `backups/index/`, and none of today's shards."""
    repo = open_store(root, clock=TickingClock())
    for number, name in enumerate(NAMES):
        repo.save_client(make_client(f"c-{number}", name))
    repo.save_assessment(make_assessment("c-3", "a-3"))
    layout = Layout(root)
    rows = [row for path in layout.index_files if path.exists() for row in _rows(path)]
    for path in layout.index_files:
        path.unlink(missing_ok=True)
    shards: dict[int, list[dict[str, object]]] = {}
    for row in rows:
        shards.setdefault(zlib.crc32(str(row["id"]).encode()) % LEGACY_INDEX_SHARDS, []).append(row)
    layout.legacy_index_backups.mkdir(mode=0o700)
    for shard, held in shards.items():
        data = json.dumps({"clients": {str(n): row for n, row in enumerate(held, 1)}})
        (layout.index_dir / f"{shard:02d}.json").write_text(data)
        (layout.legacy_index_backups / f"{shard:02d}.json.1").write_text(data)
    return root


def _rows(path: Path) -> list[dict[str, object]]:
    return list(json.loads(path.read_text())["clients"].values())


def _listed(root: Path) -> dict[str, str]:
    return {row.id: row.name for row in open_store(root).list_clients()}


def test_an_earlier_index_is_moved_to_todays_shards_once(tmp_path: Path) -> None:
    root = _legacy_store(tmp_path / "store")
    layout = Layout(root)
    repo = open_store(root)
    assert {row.id: row.name for row in repo.list_clients()} == {
        f"c-{n}": name for n, name in enumerate(NAMES)
    }
    assert repo.get_client("c-3").name == NAMES[3]
    assert not any(path.exists() for path in layout.legacy_index_files)
    assert not layout.legacy_index_backups.exists()
    assert any(path.exists() for path in layout.index_files)
    actions = [json.loads(line)["action"] for line in layout.audit.read_text().splitlines()]
    assert actions.count("index.upgrade") == 1
    open_store(root)  # the next open has nothing to move
    assert layout.audit.read_text().count("index.upgrade") == 1
    assert check_store(root).problems == []


def test_a_damaged_earlier_shard_is_rebuilt_from_the_client_files(tmp_path: Path) -> None:
    root = _legacy_store(tmp_path / "store")
    layout = Layout(root)
    damaged = next(path for path in layout.legacy_index_files if path.exists())
    damaged.write_text('{"clients": {"1": ')
    assert _listed(root) == {f"c-{n}": name for n, name in enumerate(NAMES)}
    assert not damaged.exists()
    assert check_store(root).problems == []


def test_an_upgrade_cut_short_is_finished_by_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _legacy_store(tmp_path / "store")

    def killed(_layout: Layout) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(repository, "_remove_legacy_index", killed)
    with pytest.raises(SystemExit):
        open_store(root)
    monkeypatch.undo()
    assert _listed(root) == {f"c-{n}": name for n, name in enumerate(NAMES)}
    assert not any(path.exists() for path in Layout(root).legacy_index_files)
    assert check_store(root).problems == []


def test_other_files_among_the_earlier_backups_are_left_alone(tmp_path: Path) -> None:
    root = _legacy_store(tmp_path / "store")
    layout = Layout(root)
    kept = layout.legacy_index_backups / "notes-from-the-admin.txt"
    kept.write_text("do not delete")
    for _ in range(2):  # the folder stays, and is not taken for an index left to move
        assert len(_listed(root)) == len(NAMES)
    assert layout.audit.read_text().count("index.upgrade") == 1
    assert kept.read_text() == "do not delete"
    assert not any(p.name.endswith(".json.1") for p in layout.legacy_index_backups.iterdir())
