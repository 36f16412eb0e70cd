"""`check --repair` for a client file: restored from the newest backup that holds every save.

Every save writes a copy of the new file as the client's backup 1 inside the same commit, so
backup 1 holds the newest acknowledged save, and backups 2 and 3 the saves before it. The audit
log says which revisions were acknowledged (each committed write appends its events; a write
that is rolled back takes its events back out): a backup is restored only when it holds every
one of them, or else the backup holding most of them is, and what is missing is named. Only ids
and revision numbers are ever printed, never health data.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from posture_tui.store.errors import StoreError
from posture_tui.store.permissions import Permissions
from posture_tui.store.repository import RecordFile
from posture_tui.store.safefile import MAX_LOG_BYTES, read_bytes
from posture_tui.store.storage import GENERATIONS, backup_path, write_bytes

_SHOWN = 4  # missing revisions named one by one; the rest are counted


@frozen
class Saved:
    """What the audit log says was acknowledged for one client."""

    client: int  # its newest client revision (0: none logged)
    assessments: frozenset[tuple[str, int]]  # (assessment id, revision)


def _events(path: Path) -> Iterator[dict[str, object]] | None:
    try:
        raw = read_bytes(path, MAX_LOG_BYTES)
    except (OSError, StoreError):
        return None
    if raw is None:
        return None
    found = []
    for line in raw.split(b"\n"):  # a damaged line is skipped: the rest still says a lot
        try:
            item = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(item, dict):
            found.append(item)
    return iter(found)


def acknowledged(audit_log: Path) -> dict[str, Saved] | None:
    """Per client id, the revisions the audit log acknowledges; None without a log to read."""
    events = _events(audit_log)
    if events is None:
        return None
    clients: dict[str, int] = {}
    visits: dict[str, set[tuple[str, int]]] = {}
    for item in events:
        client, record = item.get("client"), item.get("record")
        action, revision = item.get("action"), item.get("revision")
        if not isinstance(client, str) or not isinstance(record, str):
            continue
        if action == "client.delete":
            clients.pop(client, None)
            visits.pop(client, None)
        elif action == "assessment.delete":
            kept = {pair for pair in visits.get(client, set()) if pair[0] != record}
            visits[client] = kept
        elif isinstance(revision, int) and not str(action).startswith("store."):
            if record == client:
                clients[client] = max(clients.get(client, 0), revision)
            else:
                visits.setdefault(client, set()).add((record, revision))
                clients.setdefault(client, 0)
    return {
        client: Saved(revision, frozenset(visits.get(client, set())))
        for client, revision in clients.items()
    }


def _missing(probe: RecordFile, saved: Saved | None) -> tuple[int, int, list[str]] | None:
    """(client revision, assessment revisions, what it lacks), None if it does not read."""
    try:
        client = probe.client()
        if client is None:
            return None
        held = {(item.id, item.revision) for _, item in probe.revisions()}
    except StoreError:
        return None
    lacks: list[str] = []
    if saved is not None:
        if saved.client > client.revision:
            lacks.append(f"client revision {saved.client}")
        lacks += [
            f"assessment {aid} revision {rev}" for aid, rev in sorted(saved.assessments - held)
        ]
    return client.revision, len(held), lacks


def _named(lacks: list[str]) -> str:
    shown = ", ".join(lacks[:_SHOWN])
    return shown + (f" and {len(lacks) - _SHOWN} more" if len(lacks) > _SHOWN else "")


def restore_client(
    path: Path,
    backup_dir: Path,
    perms: Permissions,
    stamp: str,
    saved: dict[str, Saved] | None,
) -> tuple[bool, str, str | None]:
    """Restore the client file at `path` (damaged or missing) from its backups.

    (restored, the line saying what was done, a line naming what could not be restored).
    The damaged file is moved into the backups folder as NAME.damaged-STAMP, never deleted.
    """
    client_id = path.stem
    expected = None if saved is None else saved.get(client_id, Saved(0, frozenset()))
    best: tuple[int, Path, int, int, list[str]] | None = None
    for generation in range(1, GENERATIONS + 1):
        candidate = backup_path(backup_dir, path.name, generation)
        if not os.path.lexists(candidate):
            continue
        found = _missing(RecordFile(candidate, perms, None, client_id=client_id), expected)
        if found is None:
            continue
        revision, held, lacks = found
        if best is None or len(lacks) < len(best[4]):
            best = (generation, candidate, revision, held, lacks)
        if not lacks:
            break
    if best is None:
        return False, f"{path}: no backup reads, so nothing was restored; left as it is", None
    generation, candidate, revision, held, lacks = best
    try:
        raw = read_bytes(candidate)
        if raw is None:
            raise FileNotFoundError(candidate)
        kept = ""
        if os.path.lexists(path):
            aside = backup_dir / f"{path.name}.damaged-{stamp}"
            os.replace(path, aside)
            kept = f"; the damaged file is kept as {aside}"
        write_bytes(path, raw, perms)
    except (OSError, StoreError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        return False, f"{path}: could not restore from {candidate}: {reason}", None
    what = f"client revision {revision} and {held} assessment revision(s)"
    if saved is None:
        checked = "; the audit log does not read, so it was not checked against the saves"
    elif lacks:
        checked = ""
    else:
        checked = ", every saved revision"
    line = f"{path}: restored from backup {generation} ({candidate}) with {what}{checked}{kept}"
    lost = None
    if lacks:
        lost = f"{path}: {_named(lacks)} could not be restored: no backup holds them"
    return True, line, lost
