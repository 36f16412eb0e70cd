"""`check --incremental` (issue 17): after a healthy check it verifies only what changed, and
still finds every kind of problem a full check finds in what changed: a damaged record, a
loosened mode, a planted link, an index row that disagrees, a damaged audit line, a leftover."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.store.check import check_store
from posture_tui.store.layout import shard_of
from posture_tui.store.repository import TinyRepository

from .helpers import make_assessment, make_client

pytestmark = pytest.mark.usefixtures("own_cache")


def _problems(repo: TinyRepository) -> list[tuple[str, str]]:
    return [(p.path.name, p.kind) for p in check_store(repo.path, incremental=True).problems]


def test_nothing_changed_is_healthy_without_reading_the_records(
    checked: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from posture_tui.store import repository

    def unread(*_: object) -> None:
        raise AssertionError("an unchanged record was read")

    monkeypatch.setattr(repository.RecordFile, "revisions", unread)
    report = check_store(checked.path, incremental=True)
    assert report.problems == [] and report.clients == 6


def test_saves_since_are_verified_and_healthy(checked: TinyRepository) -> None:
    client = checked.get_client("c-2")
    checked.save_client(evolve(client, goals="walk further"))
    saved = checked.save_assessment(make_assessment("c-2", "a-two"))
    checked.save_assessment(evolve(saved, notes="second save"))
    checked.delete_client("c-4")
    report = check_store(checked.path, incremental=True)
    assert report.problems == [] and report.clients == 5


def test_a_record_damaged_since_is_found(checked: TinyRepository) -> None:
    path = checked.layout.client_file("c-3")
    path.write_bytes(path.read_bytes()[:40])
    assert _problems(checked) == [("c-3.json", "record")]


def test_a_loosened_mode_is_found(checked: TinyRepository) -> None:
    os.chmod(checked.layout.client_file("c-0"), 0o644)
    assert ("c-0.json", "permissions") in _problems(checked)


def test_a_planted_link_is_found_as_the_full_check_finds_it(
    checked: TinyRepository, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    (checked.layout.clients / "c-9.json").symlink_to(target)
    found = _problems(checked)
    assert found and all(name == "c-9.json" for name, _ in found)
    assert found == [(p.path.name, p.kind) for p in check_store(checked.path).problems]


def test_an_index_row_edited_since_is_found(checked: TinyRepository) -> None:
    shard = checked.layout.index_file(shard_of("c-5"))
    data = json.loads(shard.read_bytes())
    row = next(r for r in data["clients"].values() if r["id"] == "c-5")
    row["name"] = "Someone Else"
    shard.write_text(json.dumps(data))
    assert (shard.name, "index") in _problems(checked)


def test_a_damaged_line_appended_to_the_audit_log_is_found(checked: TinyRepository) -> None:
    with open(checked.layout.audit, "ab") as log:
        log.write(b"not an event\n")
    assert _problems(checked) == [("audit.log", "audit")]


def test_a_leftover_temp_file_since_is_found(checked: TinyRepository) -> None:
    (checked.layout.clients / ".c-1.json.999.abcd.tmp").write_text("half")
    assert (".c-1.json.999.abcd.tmp", "leftover") in _problems(checked)


def test_after_problems_the_next_incremental_check_is_a_full_one(
    checked: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check that found problems keeps no memory: nothing is trusted until a healthy one."""
    path = checked.layout.client_file("c-3")
    good = path.read_bytes()
    path.write_bytes(good[:40])
    assert _problems(checked) == [("c-3.json", "record")]
    path.write_bytes(good)
    from posture_tui.store import repository

    read: list[str] = []
    original = repository.RecordFile.revisions

    def counted(self: repository.RecordFile) -> object:
        read.append(self.client_id)
        return original(self)

    monkeypatch.setattr(repository.RecordFile, "revisions", counted)
    assert _problems(checked) == []
    assert len(read) == 6  # every record read again, not only the one that changed


def test_without_a_memory_the_incremental_check_is_full(repo: TinyRepository) -> None:
    repo.save_client(make_client("c-1", "One"))
    path = repo.layout.client_file("c-1")
    path.write_bytes(b"garbage")
    assert _problems(repo) == [("c-1.json", "record")]


def test_a_change_with_its_times_set_back_is_still_found(checked: TinyRepository) -> None:
    """Anyone may set a file's modification time back; its change time moves regardless."""
    path = checked.layout.client_file("c-2")
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Client 2", b"Client Z"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert ("c-2.json", "record") not in _problems(checked)  # a valid edit: the record reads
    assert any(kind == "index" for _, kind in _problems(checked))  # but disagrees with its row


def test_a_few_changes_are_verified_each_time_until_a_full_check_remembers_them(
    checked: TinyRepository, tmp_path: Path
) -> None:
    """An incremental check that finds only a few files changed leaves the memory as it was
    (writing it took a quarter of a second at 100,000 clients): the next one verifies those few
    again, and nothing changed since is ever taken on trust."""
    memories = list((tmp_path / "cache").rglob("*.mem"))
    assert len(memories) == 1
    kept = memories[0].read_bytes()
    checked.save_client(evolve(checked.get_client("c-2"), goals="walk further"))
    for _ in range(2):
        report = check_store(checked.path, incremental=True)
        assert report.problems == [] and report.decoded == 1
    assert memories[0].read_bytes() == kept
    path = checked.layout.client_file("c-2")
    path.write_bytes(path.read_bytes()[:40])  # damaged after those checks: still found
    assert _problems(checked) == [("c-2.json", "record")]
