"""`check --repair` never loses an acknowledged save: the newest backup holds the newest save,
it is checked against the revisions the audit log acknowledges, and the repair says exactly
what it restored, from where, and what it could not."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.cli.main import run
from posture_tui.domain.records import Assessment
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.repository import TinyRepository

from .helpers import SECRET, make_assessment, make_client


def _saved_once(repo: TinyRepository) -> None:
    repo.save_client(make_client())


def _saved_many_times(repo: TinyRepository) -> None:
    client = repo.save_client(make_client())
    for number in range(4):
        client = repo.save_client(evolve(client, goals=f"goal {number}"))
    visit = repo.save_assessment(make_assessment())
    repo.save_assessment(evolve(visit, notes="second"))
    repo.save_assessment(make_assessment(assessment_id="a-two"))


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: b"\x00\xff not json",
    "empty": lambda good: b"",
}


def _held(repo: TinyRepository) -> tuple[int, list[tuple[str, int]]]:
    client = repo.get_client("c-anna")
    return client.revision, sorted((a.id, a.revision) for a in _all(repo))


def _all(repo: TinyRepository) -> list[Assessment]:
    return [item for _, item in repo._record("c-anna").revisions()]


@pytest.mark.parametrize("history", [_saved_once, _saved_many_times])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_repair_restores_the_newest_acknowledged_save(
    repo: TinyRepository, history: Callable[[TinyRepository], None], damage: str
) -> None:
    history(repo)
    newest = _held(repo)
    record = repo.layout.client_file("c-anna")
    damaged = DAMAGE[damage](record.read_bytes())
    record.write_bytes(damaged)  # in place: the same inode, as an editor or bad sector would
    assert [p.kind for p in check_store(repo.path).problems] == ["record"]

    report = repair_store(repo.path)
    assert report.problems == [] and report.not_repaired == []
    assert _held(repo) == newest  # not the save before it
    (line,) = [line for line in report.repaired if "c-anna.json" in line]
    assert "restored from backup 1" in line and "every saved revision" in line
    assert f"client revision {newest[0]}" in line
    assert f"{len(newest[1])} assessment revision(s)" in line
    assert "c-anna.json.damaged-" in line  # says where the damaged file went
    kept = list(repo.layout.client_backups.glob("c-anna.json.damaged-*"))
    assert [path.read_bytes() for path in kept] == [damaged]
    assert all("Anna" not in text and SECRET not in text for text in report.repaired)


def test_a_backup_missing_saves_is_restored_and_what_is_missing_is_named(
    repo: TinyRepository,
) -> None:
    """As in a store written before backups held the newest save: the best one is restored
    and every acknowledged revision it lacks is listed as not restored."""
    _saved_many_times(repo)
    backups = repo.layout.client_backups
    (backups / "c-anna.json.1").unlink()  # backup 2 is the save before the newest
    repo.layout.client_file("c-anna").write_bytes(b"{")
    report = repair_store(repo.path)
    assert report.problems == []
    (line,) = [line for line in report.repaired if "c-anna.json" in line]
    assert "restored from backup 2" in line and "every saved revision" not in line
    (lost,) = report.not_repaired
    assert lost.endswith(
        "c-anna.json: assessment a-two revision 1 could not be restored: no backup holds them"
    )


def test_a_client_file_with_no_readable_backup_is_left_and_said_so(repo: TinyRepository) -> None:
    _saved_once(repo)
    for backup in repo.layout.client_backups.glob("c-anna.json.*"):
        backup.write_bytes(b"[")
    record = repo.layout.client_file("c-anna")
    record.write_bytes(b"{")
    report = repair_store(repo.path)
    assert report.not_repaired == [
        f"{record}: no backup reads, so nothing was restored; left as it is"
    ]
    assert record.read_bytes() == b"{"
    assert [p.path for p in report.problems] == [record]


def test_a_rolled_back_save_never_becomes_the_backup(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save that failed leaves backup 1 as the acknowledged save, so repair restores that."""
    from posture_tui.store import audit
    from posture_tui.store.errors import StoreError

    client = repo.save_client(make_client())
    acknowledged = repo.layout.client_backups.joinpath("c-anna.json.1").read_bytes()

    def full(*_: object) -> None:
        raise StoreError("could not write audit.log: No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(audit, "append", full)
        with pytest.raises(StoreError):
            repo.save_client(evolve(client, goals="never acknowledged"))
    assert repo.layout.client_backups.joinpath("c-anna.json.1").read_bytes() == acknowledged
    repo.layout.client_file("c-anna").write_bytes(b"")
    assert repair_store(repo.path).problems == []
    assert repo.get_client("c-anna").revision == 1


def test_check_repair_prints_what_it_restored_and_fails_on_what_it_could_not(
    repo: TinyRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    _saved_many_times(repo)
    db = str(repo.path)
    repo.layout.client_file("c-anna").write_bytes(b"{")
    assert run(["check", "--db", db, "--repair"]) == 0
    out, err = capsys.readouterr()
    assert "repaired: " in out and "restored from backup 1" in out and err == ""
    (repo.layout.client_backups / "c-anna.json.1").unlink()
    repo.layout.client_file("c-anna").write_bytes(b"{")
    code = run(["check", "--db", db, "--repair"])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "not repaired: " in out and "could not be restored" in out
    assert "Anna" not in out + err and SECRET not in out + err
    events = [json.loads(line) for line in repo.layout.audit.read_text().splitlines()]
    assert events and all("Anna" not in json.dumps(event) for event in events)


def test_repair_reads_the_acknowledged_saves_from_a_damaged_audit_log(
    repo: TinyRepository, tmp_path: Path
) -> None:
    _saved_many_times(repo)
    with repo.layout.audit.open("a") as log:
        log.write("not an event\n")
    (repo.layout.client_backups / "c-anna.json.1").unlink()
    repo.layout.client_file("c-anna").write_bytes(b"{")
    report = repair_store(repo.path)
    assert report.problems == []
    assert any("a-two revision 1 could not be restored" in line for line in report.not_repaired)
    assert tmp_path.exists()
