"""`posture-tui check`: verify every store file, the index and permissions; repair from backups."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from attrs import field, fields, frozen

from posture_tui.store import audit, codec, drafts
from posture_tui.store.api import ClientSummary
from posture_tui.store.errors import StoreError
from posture_tui.store.folder import read_meta, reapply
from posture_tui.store.layout import INDEX_SHARDS, STORE_FORMAT, Layout, StoreMeta, shard_of
from posture_tui.store.permissions import PRIVATE, Permissions, for_group, too_open
from posture_tui.store.repository import IndexFile, RecordFile, TinyRepository, open_store
from posture_tui.store.storage import (
    GENERATIONS,
    TEMP_SUFFIX,
    DamagedFileError,
    backup_path,
    read_json,
    write_bytes,
    write_json,
)
from posture_tui.store.summary import summarize


@frozen
class Problem:
    """One thing wrong with the store: the file and what is wrong (never health data)."""

    path: Path
    text: str
    kind: str  # "meta", "index", "record", "draft", "audit", "permissions", "leftover"

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


@frozen
class Report:
    """What check found (and, after a repair, what was fixed and what could not be)."""

    problems: list[Problem]
    repaired: list[str]
    clients: int
    not_repaired: list[str] = field(factory=list)


def _perms(layout: Layout) -> Permissions:
    """The store's permissions from store.json, else guessed from the folder (setgid: shared)."""
    try:
        meta = read_meta(layout)
    except StoreError:
        meta = None
    if meta is not None:
        try:
            return for_group(meta.shared_group)
        except StoreError:
            return PRIVATE
    info = layout.root.stat()
    if info.st_mode & stat.S_ISGID:
        try:
            return for_group(grp.getgrgid(info.st_gid).gr_name)
        except (KeyError, StoreError):
            return PRIVATE
    return PRIVATE


def check_store(path: Path) -> Report:
    """Every problem found (finishing interrupted writes first, as opening the store does)."""
    layout = Layout(Path(path).expanduser())
    if not layout.root.is_dir():
        return Report([Problem(layout.root, "no store folder here", "meta")], [], 0)
    problems: list[Problem] = []
    perms = _perms(layout)
    try:
        open_store(layout.root)
    except StoreError as error:
        problems.append(Problem(layout.root, f"cannot open: {error}", "open"))
    try:
        if read_meta(layout) is None:
            problems.append(Problem(layout.meta, "missing", "meta"))
    except StoreError as error:
        problems.append(Problem(layout.meta, _short(error), "meta"))
    problems += _permission_problems(layout, perms)
    records: dict[str, ClientSummary] = {}
    for client_id in layout.client_ids():
        record = RecordFile(layout.clients / f"{client_id}.json", perms, None)
        try:
            client = record.client()
            if client is not None:
                records[client_id] = summarize(client, (a for _, a in record.revisions()))
        except StoreError as error:
            problems.append(Problem(record.path, _short(error), "record"))
    indexed: dict[str, ClientSummary] = {}
    unreadable: set[int] = set()
    for shard in range(INDEX_SHARDS):
        path = layout.index_file(shard)
        try:
            indexed.update(IndexFile(path, perms, None, shard).summaries())
        except StoreError as error:
            problems.append(Problem(path, _short(error), "index"))
            unreadable.add(shard)
    problems += _index_problems(layout, indexed, records, problems, unreadable)
    try:
        audit.read(layout.audit)
    except StoreError as error:
        problems.append(Problem(layout.audit, _short(error), "audit"))
    for draft in sorted(layout.drafts.glob("*.json")):
        try:
            drafts.load_document(draft, read_json(draft))
        except StoreError as error:
            problems.append(Problem(draft, _short(error), "draft"))
    for place in layout.folders:
        for leftover in sorted(place.glob(f".*{TEMP_SUFFIX}")):
            problems.append(
                Problem(leftover, "temporary file left by an interrupted write", "leftover")
            )
    if layout.journal.exists():
        problems.append(
            Problem(layout.journal, "an interrupted write was not finished", "leftover")
        )
    return Report(problems, [], len(records))


def _short(error: StoreError) -> str:
    """The error without the file name in front (the problem line names the file already)."""
    if isinstance(error, DamagedFileError):
        return f"damaged ({error.problem})"
    return str(error)


def _index_problems(
    layout: Layout,
    indexed: dict[str, ClientSummary],
    records: dict[str, ClientSummary],
    found: list[Problem],
    unreadable: set[int],
) -> list[Problem]:
    damaged = {p.path.stem for p in found if p.kind == "record"}
    problems = []

    def add(client_id: str, text: str) -> None:
        problems.append(Problem(layout.index_file(shard_of(client_id)), text, "index"))

    for client_id in sorted(set(indexed) - set(records) - damaged):
        add(client_id, f"lists client {client_id} with no record file")
    for client_id in sorted(set(records) - set(indexed)):
        if shard_of(client_id) not in unreadable:
            add(client_id, f"does not list client {client_id}")
    for client_id in sorted(set(records) & set(indexed)):
        if records[client_id] != indexed[client_id]:
            differ = [
                f.name
                for f in fields(ClientSummary)
                if getattr(records[client_id], f.name) != getattr(indexed[client_id], f.name)
            ]
            add(client_id, f"entry for {client_id} disagrees with its record ({', '.join(differ)})")
    return problems


def _permission_problems(layout: Layout, perms: Permissions) -> list[Problem]:
    problems = []
    for base, dirs, files in os.walk(layout.root):
        for name in [*dirs, *files]:
            path = Path(base, name)
            problems += _mode_problem(path, perms)
    return _mode_problem(layout.root, perms) + problems


def _mode_problem(path: Path, perms: Permissions) -> list[Problem]:
    try:
        info = path.lstat()
    except OSError:
        return []
    if too_open(info.st_mode, perms):
        text = f"open to others (mode {stat.S_IMODE(info.st_mode):o})"
        return [Problem(path, text, "permissions")]
    if perms.gid is not None and info.st_gid != perms.gid:
        return [Problem(path, f"not in the store's group {perms.group}", "permissions")]
    return []


def repair_store(path: Path, clock: Callable[[], datetime] | None = None) -> Report:
    """Fix what can be fixed: files from their newest good backup, the index from the records,
    permissions; damaged files are kept beside as *.damaged-TIME, never deleted."""
    layout = Layout(Path(path).expanduser())
    first = check_store(layout.root)
    if not first.problems or not layout.root.is_dir():
        return first
    now = (clock or (lambda: datetime.now(UTC)))()
    stamp = now.strftime("%Y%m%dT%H%M%S")
    perms = _perms(layout)
    repaired: list[str] = []
    not_repaired: list[str] = []
    kinds = {problem.kind for problem in first.problems}
    if "meta" in kinds:
        _put_aside(layout.meta, stamp)
        group = perms.group
        write_json(layout.meta, _meta_document(StoreMeta(STORE_FORMAT, now, group)), perms)
        repaired.append(f"{layout.meta}: rewritten")
    repo = TinyRepository(layout, perms, clock or (lambda: datetime.now(UTC)))
    with repo.locked(recover=False):
        for problem in first.problems:
            if problem.kind == "record":
                done, line = _restore(problem.path, layout.client_backups, perms, stamp)
                (repaired if done else not_repaired).append(line)
            elif problem.kind == "draft":
                _put_aside(problem.path, stamp)
                repaired.append(f"{problem.path}: damaged draft moved aside")
            elif problem.kind == "audit" and layout.audit.exists():
                kept = _put_aside(layout.audit, stamp)
                event = audit.event(now, "audit.repair", kept.name)
                audit.append(layout.audit, [event], perms)
                repaired.append(f"{layout.audit}: damaged log kept as {kept.name}, new log started")
        try:
            repo.recover()
        except StoreError:  # a journal naming a record that could not be restored
            repo.rebuild_index()
            layout.journal.unlink(missing_ok=True)
        if kinds & {"index", "record", "open", "leftover"}:
            count = repo.rebuild_index()
            repaired.append(f"{layout.index_dir}: rebuilt from {count} client files")
        if "permissions" in kinds:
            reapply(layout, perms)
            repaired.append(f"{layout.root}: permissions reset")
    final = check_store(layout.root)
    return Report(final.problems, repaired, final.clients, not_repaired)


def _meta_document(meta: StoreMeta) -> dict[str, object]:
    return codec.to_document("meta", meta)


def _put_aside(path: Path, stamp: str) -> Path:
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    if path.exists():
        os.replace(path, kept)
    return kept


def _restore(path: Path, backup_dir: Path, perms: Permissions, stamp: str) -> tuple[bool, str]:
    for generation in range(1, GENERATIONS + 1):
        candidate = backup_path(backup_dir, path.name, generation)
        if not candidate.exists():
            continue
        try:
            probe = RecordFile(candidate, perms, None, client_id=path.stem)
            if probe.client() is None:
                continue
            probe.revisions()
        except StoreError:
            continue
        aside = _put_aside(path, stamp)
        aside.rename(backup_dir / aside.name)
        write_bytes(path, candidate.read_bytes(), perms)
        return True, f"{path}: restored from backup {generation} (damaged copy kept in backups)"
    return False, f"{path}: no usable backup; left as it is"
