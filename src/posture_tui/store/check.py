"""`posture-tui check`: verify every store file, the index and permissions; repair from backups."""

from __future__ import annotations

import grp
import os
import re
import stat
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from attrs import field, fields, frozen

from posture_tui.store import audit, codec, drafts
from posture_tui.store.api import ClientSummary
from posture_tui.store.check_memory import (
    Memory,
    forget,
    memory_file,
    recall,
    remember,
    row_text,
    signature,
    snapshot,
)
from posture_tui.store.digests import digest_files
from posture_tui.store.errors import StoreError
from posture_tui.store.folder import read_meta, reapply
from posture_tui.store.layout import (
    INDEX_SHARDS,
    STORE_FORMAT,
    Layout,
    StoreMeta,
    check_id,
    shard_of,
)
from posture_tui.store.permissions import PRIVATE, Permissions, ensure_dir, for_group, too_open
from posture_tui.store.photo_files import named as photo_names
from posture_tui.store.photo_files import parse_name
from posture_tui.store.repository import IndexFile, RecordFile, TinyRepository, open_store
from posture_tui.store.restore import acknowledged, restore_client
from posture_tui.store.safefile import (
    RefusedFileError,
    check_depth,
    describe,
    folder_problem_at,
    problem_at,
    read_bytes,
)
from posture_tui.store.storage import (
    PRE_SUFFIX,
    TEMP_SUFFIX,
    DamagedFileError,
    clean_stale_temps,
    read_json,
    write_json,
)
from posture_tui.store.summary import summarize

_STORE_FILES = frozenset({"store.json", "audit.log", ".lock", "journal.json"})
PHOTOS = "photos/"
_LOST = re.compile(r"lists client (\S+) with no record file")


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
    decoded: int | None = None  # record files decoded; None: all of them
    read_all: bool = True  # every file's bytes were read (False: an incremental check)
    photos: int = 0  # photo files in the store (each verified against its name when read)

    def scope(self) -> str:
        """What this check read, for its healthy line."""
        if self.decoded is None:
            return "every record decoded"
        if self.read_all:
            return f"every file read; {self.decoded} new or changed record(s) decoded"
        return f"{self.decoded} new or changed record(s) decoded, the rest unchanged"


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


def check_store(path: Path, *, incremental: bool = False, deep: bool = False) -> Report:
    """Every problem found (finishing interrupted writes first, as opening the store does).

    A healthy check remembers what it verified (check_memory.py). A check then decodes only the
    files created, changed or removed since (by their signatures), and also reads every other
    file's bytes and decodes those whose SHA-256 is not the one verified; with `incremental`
    it trusts the signatures and reads only what changed. With `deep`, or with no memory, it
    decodes every file."""
    layout = Layout(Path(path).expanduser())
    if not layout.root.is_dir():
        return Report([Problem(layout.root, "no store folder here", "meta")], [], 0)
    problems: list[Problem] = []
    perms = _perms(layout)
    try:
        open_store(layout.root)
    except StoreError as error:
        problems.append(Problem(layout.root, f"cannot open: {error}", "open"))
    meta = None
    try:
        meta = read_meta(layout)
        if meta is None:
            problems.append(Problem(layout.meta, "missing", "meta"))
    except StoreError as error:
        problems.append(Problem(layout.meta, _short(error), "meta"))
    memo = memory_file(layout, str(meta.created)) if meta is not None else None
    # What is on disk now, read before any file is verified: a file changed while the check
    # runs then differs from what is remembered, and is verified again next time.
    audit_name = layout.audit.name
    walked = snapshot(layout.root, frozenset({audit_name}), frozenset({layout.clients.name}))
    now, regular = walked.files, walked.regular  # regular: the files a digest covers
    audit_info = walked.infos.get(audit_name)
    remembered = None if deep else recall(memo)
    changed = None
    if remembered is not None:
        # dict views compared as sets: C speed over 200,000 entries at 100,000 clients
        changed = {name for name, _ in now.items() - remembered.files.items()}
        changed |= remembered.files.keys() - now.keys()
        if not incremental:  # the same signature, other bytes (the disk, not a write)
            known = remembered.digests
            alike = [name for name in regular if name not in changed and name in known]
            found = digest_files(layout.root, alike)
            changed |= {name for name in regular if found.get(name, "") != known.get(name)}
    problems += _permission_problems(layout, perms, changed)
    unsafe = _unsafe_problems(layout, changed)
    bad = {problem.path for problem in unsafe}  # folders here are never looked into
    listed = walked.listed.get(layout.clients.name, [])
    photo_files = [name for name in regular if name.startswith(PHOTOS)]
    looked_at = (
        set(photo_files) if changed is None else {n for n in changed if n.startswith(PHOTOS)}
    )
    photo_clients = {p[0] for n in looked_at if (p := parse_name(n[len(PHOTOS) :])) is not None}
    named: dict[str, set[str]] = {}
    records, trusted = _records(
        layout, perms, bad, problems, remembered, changed, listed, photo_clients, named
    )
    touched = set(range(INDEX_SHARDS)) if changed is None else _shards_touched(layout, changed)
    touched |= {shard_of(client_id) for client_id in photo_clients}  # their records read again
    compared = dict(records)
    if remembered is not None:  # an unchanged record in a shard read again: its row then
        for client_id in trusted:
            if shard_of(client_id) in touched and (row := remembered.summary(client_id)):
                compared[client_id] = row
    indexed: dict[str, ClientSummary] = {}
    unreadable: set[int] = set()
    for shard in range(INDEX_SHARDS):
        path = layout.index_file(shard)
        if layout.index_dir in bad:
            unreadable.add(shard)
            continue
        if shard not in touched:
            continue  # unchanged, as are the client files it lists: as the last check found
        try:
            indexed.update(IndexFile(path, perms, None, shard).summaries())
        except StoreError as error:
            problems.append(Problem(path, _short(error), "index"))
            unreadable.add(shard)
    problems += _index_problems(layout, indexed, compared, problems, unreadable)
    problems += _audit_problems(layout, remembered, changed)
    for draft in [] if layout.drafts in bad else sorted(layout.drafts.glob("*.json")):
        try:
            kept = drafts.load_document(draft, read_json(draft))
            if kept.assessment is not None:  # a photo attached in a visit not yet saved
                named.setdefault(kept.assessment.client_id, set()).update(
                    photo_names([kept.assessment])
                )
        except StoreError as error:
            problems.append(Problem(draft, _short(error), "draft"))
    if layout.photos not in bad:
        problems += _photo_problems(layout, photo_files, looked_at, named, trusted)
    for place in [folder for folder in layout.folders if folder not in bad]:
        for leftover in _leftovers(layout, place, changed):
            problems.append(
                Problem(leftover, "temporary file left by an interrupted write", "leftover")
            )
    if problem_at(layout.journal) is None and layout.journal.exists():  # else: unsafe, below
        problems.append(
            Problem(layout.journal, "an interrupted write was not finished", "leftover")
        )
    unsafe_paths = {problem.path for problem in unsafe}  # their modes are no problem of theirs
    problems = [p for p in problems if p.kind != "permissions" or p.path not in unsafe_paths]
    seen = {problem.path for problem in problems}
    problems += [problem for problem in unsafe if problem.path not in seen]
    if problems:
        forget(memo)
    elif not _few_changes(incremental, changed):
        rows = {}
        if remembered is not None:  # a copy at C speed, then the clients gone since
            rows = dict(remembered.rows)
            for gone in rows.keys() - trusted:
                del rows[gone]
        rows.update((cid, row_text(row)) for cid, row in records.items())
        verified = Memory(
            files=now,
            rows=rows,
            audit_size=audit_info.st_size if audit_info else 0,
            audit_inode=audit_info.st_ino if audit_info else 0,
            digests=_verified_digests(layout, regular, now, remembered, changed),
        )
        if verified != remembered:  # nothing changed: the memory stays as it is
            remember(memo, verified)
    decoded = None if remembered is None else len(records)
    clients = len(records) + len(trusted)
    return Report(problems, [], clients, [], decoded, not incremental, len(photo_files))


FEW_CHANGES = 256
"""Files an incremental check may find changed and still leave the memory as it was: the next
check decodes those few again (milliseconds), where writing the memory anew takes a quarter of
a second at 100,000 clients. A full check always writes it."""


def _few_changes(incremental: bool, changed: set[str] | None) -> bool:
    return incremental and changed is not None and len(changed) <= FEW_CHANGES


def _verified_digests(
    layout: Layout,
    regular: list[str],
    now: dict[str, str],
    remembered: Memory | None,
    changed: set[str] | None,
) -> dict[str, str]:
    """The digest of each file as verified: remembered for a file unchanged since, read now for
    the rest, kept only if the file still has the signature it had when the check began (one
    written meanwhile is decoded again next time)."""
    kept: dict[str, str] = {}
    if remembered is not None and changed is not None:
        known = remembered.digests  # a file removed since is among the changed ones
        kept = {n: d for n, d in known.items() if n not in changed} if changed else dict(known)
    fresh = digest_files(layout.root, [name for name in regular if name not in kept])
    for name, value in fresh.items():
        try:
            if signature(os.lstat(layout.root / name)) == now[name]:
                kept[name] = value
        except OSError:
            pass
    return kept


def _records(
    layout: Layout,
    perms: Permissions,
    bad: set[Path],
    problems: list[Problem],
    remembered: Memory | None,
    changed: set[str] | None,
    listed: list[str],
    photo_clients: set[str],
    named: dict[str, set[str]],
) -> tuple[dict[str, ClientSummary], set[str]]:
    """The index row each client file read gives, and the ids of the files left unread: those
    unchanged since the last healthy check, which gave the row remembered then. A client whose
    photos changed is read again; `named` gets the photos each read record names."""
    records: dict[str, ClientSummary] = {}
    trusted: set[str] = set()
    folder = f"{layout.clients.name}/"
    names = sorted(
        entry[: -len(".json")]
        for entry in listed
        if entry.endswith(".json") and not entry.startswith(".")
    )
    if remembered is not None and changed is not None and layout.clients not in bad:
        touched = {n[len(folder) : -len(".json")] for n in changed if n.startswith(folder)}
        trusted = (set(names) - touched - photo_clients) & remembered.rows.keys()
    for client_id in [] if layout.clients in bad else names:
        if client_id in trusted:
            continue
        record = RecordFile(layout.clients / f"{client_id}.json", perms, None)
        try:
            client = record.client()
            if client is not None:
                revisions = [a for _, a in record.revisions()]
                records[client_id] = summarize(client, revisions)
                named[client_id] = photo_names(revisions)
        except StoreError as error:
            problems.append(Problem(record.path, _short(error), "record"))
    return records, trusted


def _photo_problems(
    layout: Layout,
    files: list[str],
    looked_at: set[str],
    named: dict[str, set[str]],
    trusted: set[str],
) -> list[Problem]:
    """Each photo file looked at (all, or those changed since the last check) holds the bytes
    its name promises; each photo a decoded record names is there; a photo no record or draft
    names is a leftover of an attach whose save did not happen."""
    found: list[Problem] = []
    present = {name[len(PHOTOS) :] for name in files}
    looked = sorted(name for name in looked_at if name[len(PHOTOS) :] in present)
    digests = digest_files(layout.root, looked)
    for name in looked:
        base = name[len(PHOTOS) :]
        parsed = parse_name(base)
        path = layout.photos / base
        if parsed is None:
            found.append(Problem(path, "not a photo kept by a visit", "photo-leftover"))
        elif _unnamed(layout, parsed[0], base, named, trusted):
            why = "kept with no visit (a save that did not happen)"
            found.append(Problem(path, why, "photo-leftover"))
        elif name in digests and digests[name] != parsed[1]:
            why = "damaged: its bytes are not the photo it names"
            found.append(Problem(path, why, "photo"))
    for names in named.values():
        for base in sorted(names - present):
            why = "missing: a visit of the client names it"
            found.append(Problem(layout.photos / base, why, "photo"))
    return found


def _unnamed(
    layout: Layout, client_id: str, base: str, named: dict[str, set[str]], trusted: set[str]
) -> bool:
    """No record or draft names the photo: its client's record was read and does not, or
    there is no such client. A record that does not read leaves its photos alone."""
    if client_id in named:
        return base not in named[client_id]
    return client_id not in trusted and not layout.client_file(client_id).exists()


def _shards_touched(layout: Layout, changed: set[str]) -> set[int]:
    """The shards whose file, or the file of a client they list, changed since last time (one
    pass over what changed, not one per shard)."""
    shards = {
        shard: f"{layout.index_dir.name}/{layout.index_file(shard).name}"
        for shard in range(INDEX_SHARDS)
    }
    touched = {shard for shard, name in shards.items() if name in changed}
    prefix = f"{layout.clients.name}/"
    for name in changed:
        if name.startswith(prefix) and name.endswith(".json"):
            touched.add(shard_of(name[len(prefix) : -len(".json")]))
    return touched


def _audit_problems(
    layout: Layout, remembered: Memory | None, changed: set[str] | None
) -> list[Problem]:
    """The audit log read whole, or only what was appended since the last healthy check."""
    try:
        if remembered is not None and changed is not None:
            if layout.audit.name not in changed:
                return []
            info = os.lstat(layout.audit)
            if info.st_ino == remembered.audit_inode and info.st_size >= remembered.audit_size:
                audit.read(layout.audit, start=remembered.audit_size)
                return []
        audit.read(layout.audit)
    except FileNotFoundError:
        return []
    except StoreError as error:
        return [Problem(layout.audit, _short(error), "audit")]
    return []


def _leftovers(layout: Layout, place: Path, changed: set[str] | None) -> list[Path]:
    """Temp files and pre-images a killed writer left in a folder (only among new or changed
    entries, when incremental). Opening the store first rolled back any unfinished write, so
    a pre-image here belongs to a committed one whose clean-up was cut short."""
    suffixes = (TEMP_SUFFIX, PRE_SUFFIX)
    if changed is None:
        try:
            with os.scandir(place) as entries:
                names = [e.name for e in entries if e.name.startswith(".")]
        except OSError:
            return []
        return sorted(place / name for name in names if name.endswith(suffixes))
    relative = "" if place == layout.root else f"{place.relative_to(layout.root)}/"
    found = []
    for name in changed:
        if not name.startswith(relative) or "/" in name[len(relative) :]:
            continue
        base = name[len(relative) :]
        if base.startswith(".") and base.endswith(suffixes) and (place / base).exists():
            found.append(place / base)
    return sorted(found)


def _unsafe_problems(layout: Layout, changed: set[str] | None = None) -> list[Problem]:
    """Symlinks, FIFOs, devices and sockets in the store, and folders where files belong (and
    the reverse), found without following or opening any of them. Set-aside copies are skipped.
    With `changed` (an incremental check), only those entries are looked at.
    """
    found: list[Problem] = []
    for folder in layout.folders[1:]:
        problem = folder_problem_at(folder)
        if problem:
            found.append(Problem(folder, problem, "unsafe"))
    file_folders = (layout.clients, layout.index_dir, layout.drafts)
    for base, dirs, files in _entries(layout, changed):
        for name in sorted([*dirs, *files]):
            path = Path(base, name)
            if ".damaged-" in name or path in layout.folders:
                continue
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                where = Path(base)
                if (where == layout.root and name in _STORE_FILES) or (
                    where in file_folders and name.endswith(".json")
                ):
                    found.append(Problem(path, "is a folder where a file belongs", "unsafe"))
                continue
            problem = describe(mode)
            if problem:
                found.append(Problem(path, problem, "unsafe"))
    return found


def _refused(path: Path, *, folder: bool = False) -> str | None:
    """Why the store refuses `path` (not a regular file, too large, nested too deeply)."""
    if folder:
        return folder_problem_at(path)
    try:
        raw = read_bytes(path)
        if raw is not None:
            check_depth(path, raw)
    except RefusedFileError as error:
        return error.problem
    except OSError:
        return None
    return None


def _short(error: StoreError) -> str:
    """The error without the file name in front (the problem line names the file already)."""
    if isinstance(error, RefusedFileError):
        return error.problem
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


def _entries(
    layout: Layout, changed: set[str] | None
) -> Iterable[tuple[str, list[str], list[str]]]:
    """(folder, names, []) as os.walk gives them: every entry, or only the changed ones."""
    if changed is None:
        yield from os.walk(layout.root)
        return
    for name in sorted(changed):
        folder, _, base = name.rpartition("/")
        yield str(layout.root / folder) if folder else str(layout.root), [base], []


def _permission_problems(
    layout: Layout, perms: Permissions, changed: set[str] | None = None
) -> list[Problem]:
    problems = []
    for base, dirs, files in _entries(layout, changed):
        for name in [*dirs, *files]:
            path = Path(base, name)
            problems += _mode_problem(path, perms)
    return _mode_problem(layout.root, perms) + problems


def _mode_problem(path: Path, perms: Permissions) -> list[Problem]:
    try:
        info = path.lstat()
    except OSError:
        return []
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return []  # a symlink or special file has no mode of its own to fix: it is moved aside
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
    moved = _move_unsafe(layout, first.problems, perms, stamp, repaired)
    if "meta" in kinds:
        _put_aside(layout.meta, stamp)
        group = perms.group
        write_json(layout.meta, _meta_document(StoreMeta(STORE_FORMAT, now, group)), perms)
        repaired.append(f"{layout.meta}: rewritten")
    repo = TinyRepository(layout, perms, clock or (lambda: datetime.now(UTC)))
    saved = acknowledged(layout.audit)  # read before a damaged log is moved aside below
    with repo.locked(recover=False):
        for problem in first.problems:
            if problem.path in moved:
                continue
            lost = _LOST.fullmatch(problem.text) if problem.kind == "index" else None
            if lost and not _valid_id(lost[1]):
                lost = None
            if problem.kind == "record" or lost:
                target = layout.clients / f"{lost[1]}.json" if lost else problem.path
                done, line, gone = restore_client(
                    target, layout.client_backups, perms, stamp, saved
                )
                if not done and not lost and (why := _refused(problem.path)):
                    kept = _put_aside(problem.path, stamp)
                    kept.rename(layout.client_backups / kept.name)
                    done, line = True, f"{problem.path}: {why}; moved to backups as {kept.name}"
                if lost and not done:  # the index row goes when it is rebuilt below
                    line = f"{target}: missing, and no backup holds it; dropped from the index"
                (repaired if done else not_repaired).append(line)
                not_repaired += [gone] if gone else []
            elif problem.kind == "photo-leftover":
                problem.path.unlink(missing_ok=True)
                repaired.append(f"{problem.path}: removed (no visit keeps it)")
            elif problem.kind == "photo":
                not_repaired.append(f"{problem.path}: {problem.text}; no copy of it is kept")
            elif problem.kind == "draft":
                _put_aside(problem.path, stamp)
                repaired.append(f"{problem.path}: damaged draft moved aside")
            elif problem.kind == "audit" and os.path.lexists(layout.audit):
                kept = _put_aside(layout.audit, stamp)
                event = audit.event(now, "audit.repair", kept.name)
                audit.append(layout.audit, [event], perms)
                repaired.append(f"{layout.audit}: damaged log kept as {kept.name}, new log started")
        try:
            repo.recover()
        except StoreError:  # a journal naming a record that could not be restored
            repo.rebuild_index()
            layout.journal.unlink(missing_ok=True)
        if "leftover" in kinds:  # temp files and pre-images a finished or cut write left
            for place in layout.locked_folders:
                clean_stale_temps(place)
            repaired.append(f"{layout.root}: temporary files left by writes removed")
        if kinds & {"index", "record", "open", "leftover", "unsafe"}:
            count = repo.rebuild_index()
            repaired.append(f"{layout.index_dir}: rebuilt from {count} client files")
        if "permissions" in kinds or moved or kinds & {"record", "draft", "audit", "unsafe"}:
            # what was moved aside (a folder someone made, say) is private too
            reapply(layout, perms)
            repaired.append(f"{layout.root}: permissions reset")
    final = check_store(layout.root)
    return Report(final.problems, repaired, final.clients, not_repaired, photos=final.photos)


def _valid_id(client_id: str) -> bool:
    try:
        check_id(client_id)
    except StoreError:
        return False
    return True


def _meta_document(meta: StoreMeta) -> dict[str, object]:
    return codec.to_document("meta", meta)


def _put_aside(path: Path, stamp: str) -> Path:
    """Rename `path` (whatever it is, never followed) to NAME.damaged-STAMP beside it."""
    kept = path.with_name(f"{path.name}.damaged-{stamp}")
    if os.path.lexists(path):
        os.replace(path, kept)
    return kept


def _move_unsafe(
    layout: Layout, problems: list[Problem], perms: Permissions, stamp: str, repaired: list[str]
) -> set[Path]:
    """Rename aside every symlink, special file, oversized or too deeply nested file found,
    before the lock is taken (`.lock` may be one); client files, drafts and the audit log are
    left to their own repairs. The paths moved."""
    moved: set[Path] = set()
    for problem in problems:
        path = problem.path
        if path in moved or path == layout.root or problem.kind in ("record", "draft", "audit"):
            continue
        why = _refused(path, folder=path in layout.folders)
        if not why:
            continue
        kept = _put_aside(path, stamp)
        moved.add(path)
        repaired.append(f"{path}: {why}; moved aside as {kept.name}, never followed")
    if any(path in layout.folders for path in moved):
        for folder in layout.folders:
            ensure_dir(folder, perms)
    return moved
