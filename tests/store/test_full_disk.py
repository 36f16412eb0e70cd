"""A full disk: a write either happened and is reported so, or did not happen and is reported so.

The disk fills at every point of a save and of an import, and stays full (as a real one does:
the rollback must not need space either). The write fails with one line, the files are exactly
as before, the next command replays nothing, and the retry once there is space stores exactly
one client.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from posture_tui.cli.main import run
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store import journal
from posture_tui.store.check import check_store
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store
from posture_tui.use_cases.transfer import export_record, import_payload

from .conftest import TickingClock
from .helpers import make_assessment, make_client

DOC: dict[str, Any] = {
    "client": {"name": "Zoë Test", "birth_date": "1980-04-02", "notes": "PRIVATE-NOTE"},
    "assessment": {"findings": [{"item": "forward_head", "severity": 2}]},
}


class FullDisk:
    """Counts the calls that need space; from call `full_at` on, every one of them fails."""

    def __init__(self, full_at: int | None) -> None:
        self.full_at = full_at
        self.calls = 0
        self.failed = 0

    def _space(self) -> None:
        number = self.calls
        self.calls += 1
        if self.full_at is not None and number >= self.full_at:
            self.failed += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            flags = args[1] if name == "open" and len(args) > 1 else kwargs.get("flags", 0)
            if name != "open" or (flags & os.O_CREAT and not os.path.lexists(args[0])):
                self._space()
            return real(*args, **kwargs)

        return call


@contextmanager
def full_disk(monkeypatch: pytest.MonkeyPatch, full_at: int | None) -> Iterator[FullDisk]:
    disk = FullDisk(full_at)
    with monkeypatch.context() as patch:
        for name in ("write", "link", "open", "mkdir"):
            patch.setattr(os, name, disk.wrap(name, getattr(os, name)))
        yield disk


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


@pytest.fixture
def template(tmp_path: Path) -> Path:
    repo = open_store(tmp_path / "template", clock=TickingClock())
    client = repo.save_client(make_client())
    repo.save_client(evolve(client, goals="second version"))
    repo.save_assessment(make_assessment())
    return repo.path


RECORD: dict[str, Any] = {}  # an exported record, made before the disk fills


def _record_of_bo(scratch: Path) -> dict[str, Any]:
    other = open_store(scratch, clock=TickingClock())
    other.save_client(make_client("c-bo", "Bo Ek"))
    other.save_assessment(make_assessment("c-bo", "a-bo"))
    return export_record(other, "c-bo")


OPERATIONS: dict[str, Callable[[TinyRepository], object]] = {
    "new client": lambda r: r.save_client(make_client("c-new", "New Client")),
    "update client": lambda r: r.save_client(evolve(r.get_client("c-anna"), goals="third")),
    "save assessment": lambda r: r.save_assessment(
        evolve(r.get_assessment("c-anna", "a-one"), notes="edited")
    ),
    "delete client": lambda r: r.delete_client("c-anna"),
    "import document": lambda r: import_payload(r, DOC, load_knowledge()),
    "import visit": lambda r: import_payload(
        r, {**DOC, "client": {**DOC["client"], "id": "c-anna"}}, load_knowledge()
    ),
    "import record": lambda r: import_payload(r, RECORD, load_knowledge()),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_disk_full_at_every_point_stores_nothing_and_replays_nothing(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    RECORD.update(_record_of_bo(tmp_path / "scratch"))
    act = OPERATIONS[operation]
    before = snapshot(template)
    clients_before = len(open_store(template).list_clients())
    for name in ("warm", "dry"):  # warm: modules imported (and cached) before counting
        shutil.copytree(template, tmp_path / name)
    act(open_store(tmp_path / "warm", clock=TickingClock()))
    repo = open_store(tmp_path / "dry", clock=TickingClock())
    with full_disk(monkeypatch, None) as counted:
        act(repo)
    expected_clients = len(repo.list_clients())
    assert counted.calls > 5
    for full_at in range(counted.calls):
        work = tmp_path / f"run-{full_at}"
        shutil.copytree(template, work)
        repo = open_store(work, clock=TickingClock())
        with full_disk(monkeypatch, full_at) as disk, pytest.raises(StoreError) as caught:
            act(repo)
        assert disk.failed, full_at
        message = str(caught.value)
        assert "\n" not in message and "No space left on device" in message, message
        assert "PRIVATE" not in message and "SECRET" not in message
        # not replayed later: the files are already exactly as before the write
        assert snapshot(work) == before, full_at
        reopened = open_store(work, clock=TickingClock())
        assert len(reopened.list_clients()) == clients_before
        assert check_store(work).problems == [], full_at
        # space again: the retry stores it once
        act(reopened)
        assert len(reopened.list_clients()) == expected_clients, full_at
        assert check_store(work).problems == []
        shutil.rmtree(work)


def test_a_write_cut_short_before_its_commit_is_rolled_back_by_the_next_command(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if the process died after writing its files, before the commit: the journal stays,
    and the next command puts every file back instead of finishing the write."""
    before = snapshot(template)
    repo = open_store(template, clock=TickingClock())

    def killed(_layout: object) -> None:
        raise SystemExit("killed")

    monkeypatch.setattr(journal, "commit", killed)
    monkeypatch.setattr(journal, "abandon", lambda *_: False)
    visit = {**DOC, "client": {**DOC["client"], "id": "c-anna"}}
    with pytest.raises(SystemExit):
        import_payload(repo, visit, load_knowledge())
    assert repo.layout.journal.exists()
    assert any(p.name.endswith(".pre") for p in repo.layout.root.rglob(".*"))
    monkeypatch.undo()
    reopened = open_store(template, clock=TickingClock())
    assert [row.id for row in reopened.list_clients()] == ["c-anna"]
    after = snapshot(template)
    rollback = json.loads(after.pop("audit.log").splitlines()[-1])
    assert rollback["action"] == "store.rollback"
    assert after == {k: v for k, v in before.items() if k != "audit.log"}
    assert not any(p.name.endswith(".pre") for p in template.rglob(".*"))
    assert check_store(template).problems == []


def test_a_journal_naming_files_outside_the_store_is_not_obeyed(
    template: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "victim.json"
    outside.write_text("keep me")
    layout = open_store(template).layout
    layout.journal.write_text(
        json.dumps({"clients": [], "files": [["../victim.json", None]], "audit": None})
    )
    open_store(template)
    assert outside.read_text() == "keep me"
    assert not layout.journal.exists()
    assert check_store(template).problems == []


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_on_a_full_disk_says_so_and_the_retry_stores_one_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "store")
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(DOC), encoding="utf-8")
    assert _cli(capsys, "import", str(doc), "--db", db)[0] == 0
    before = snapshot(Path(db))
    with full_disk(monkeypatch, None) as counted:
        assert _cli(capsys, "import", str(doc), "--db", db)[0] == 0
    steps = counted.calls
    shutil.rmtree(db)
    for full_at in range(0, steps, max(1, steps // 8)):
        assert _cli(capsys, "import", str(doc), "--db", db)[0] == 0
        with full_disk(monkeypatch, full_at):
            code, out, err = _cli(capsys, "import", str(doc), "--db", db)
        assert code != 0 and out == "", full_at
        assert err.count("\n") == 1 and "No space left on device" in err, err
        assert "nothing was stored" in err and "PRIVATE" not in err
        code, out, _ = _cli(capsys, "clients", "--db", db, "--format", "json")
        assert code == 0 and len(json.loads(out)) == 1, full_at  # nothing replayed
        assert _cli(capsys, "import", str(doc), "--db", db)[0] == 0
        code, out, _ = _cli(capsys, "clients", "--db", db, "--format", "json")
        assert len(json.loads(out)) == 2, full_at  # the retry stored exactly one
        shutil.rmtree(db)
    assert before
