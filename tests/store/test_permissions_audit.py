"""Files are private (or shared with one group) and the audit trail holds no health data."""

from __future__ import annotations

import grp
import json
import os
import pwd
import stat
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.records import Draft
from posture_tui.store import audit
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import TinyRepository, open_store

from .conftest import TickingClock
from .helpers import SECRET, make_assessment, make_client


def _modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.stat().st_mode)
    return found


def _fill(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    saved = repo.save_assessment(make_assessment())
    repo.save_assessment(evolve(saved, notes="again"))
    repo.save_draft(Draft(make_client(), None, saved_at=repo.clock()))


def test_new_store_is_private_whatever_the_umask(store_dir: Path, clock: TickingClock) -> None:
    old = os.umask(0o000)
    try:
        repo = open_store(store_dir, clock=clock)
        _fill(repo)
    finally:
        os.umask(old)
    modes = _modes(store_dir)
    folders = {name for name in modes if (store_dir / name).is_dir()}
    assert folders >= {".", "clients", "index", "drafts", "backups", "backups/clients"}
    for name, mode in modes.items():
        assert mode == (0o700 if name in folders else 0o600), name
    assert repo.permission_warnings() == []


def test_shared_group_store(store_dir: Path, clock: TickingClock) -> None:
    group = grp.getgrgid(os.getgid()).gr_name
    repo = open_store(store_dir, shared_group=group, clock=clock)
    _fill(repo)
    for name, mode in _modes(store_dir).items():
        path = store_dir / name
        assert mode == (0o2770 if path.is_dir() else 0o660), name
        assert path.stat().st_gid == os.getgid()
    # the group is remembered: a later open without the option keeps sharing
    later = open_store(store_dir, clock=clock)
    later.save_client(make_client("c-two", "Two"))
    assert stat.S_IMODE((store_dir / "clients" / "c-two.json").stat().st_mode) == 0o660


def test_unknown_group_is_a_clear_error(store_dir: Path) -> None:
    with pytest.raises(StoreError, match="unknown group 'no-such-group-xyz'"):
        open_store(store_dir, shared_group="no-such-group-xyz")


def test_opening_a_store_others_can_read_warns_how_to_fix(store_dir: Path) -> None:
    open_store(store_dir).save_client(make_client())
    os.chmod(store_dir, 0o755)
    os.chmod(store_dir / "audit.log", 0o644)
    warnings = open_store(store_dir).permission_warnings()
    assert len(warnings) == 2
    assert all(f"chmod -R go-rwx {store_dir}" in line for line in warnings)
    assert all("\n" not in line for line in warnings)


def test_audit_records_who_what_when_without_health_data(repo: TinyRepository) -> None:
    client = repo.save_client(make_client())
    repo.save_client(evolve(client, notes=f"{SECRET} changed", goals="swim"))
    saved = repo.save_assessment(make_assessment())
    repo.sign_assessment(client.id, saved.id, by="therapist-a")
    repo.amend_assessment(client.id, saved.id, by="therapist-b")
    events = audit.read(repo.layout.audit)
    assert [e["action"] for e in events] == [
        "client.create",
        "client.update",
        "assessment.create",
        "assessment.sign",
        "assessment.amend",
    ]
    user = pwd.getpwuid(os.getuid()).pw_name
    assert all(e["user"] == user for e in events)
    assert events[1]["fields"] == ["goals", "notes"]
    assert events[1]["record"] == client.id and events[1]["revision"] == 2
    assert events[3]["fields"] == ["signed_at", "signed_by", "status"]
    raw = repo.layout.audit.read_text()
    for secret in (SECRET, "Anna", "Müller", "1980-04-02", "stiff neck", "forward_head", "swim"):
        assert secret not in raw
    assert all(json.loads(line) for line in raw.splitlines())


def test_audit_user_comes_from_pwd_not_the_environment(
    repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", "impostor")
    monkeypatch.setenv("LOGNAME", "impostor")
    repo.save_client(make_client())
    (event,) = audit.read(repo.layout.audit)
    assert event["user"] == pwd.getpwuid(os.getuid()).pw_name != "impostor"


def test_audit_is_append_only(repo: TinyRepository) -> None:
    repo.save_client(make_client())
    before = repo.layout.audit.read_bytes()
    repo.save_client(make_client("c-two", "Two"))
    assert repo.layout.audit.read_bytes().startswith(before)
