"""What the last healthy `check` verified, so later checks decode only what changed.

After a healthy check the signature of every file in the store (inode, size, modification and
change times, mode, owner and group; any write, replacement, chmod or chown changes the change
time, which nobody can set back) is remembered with the index row each client file gave and the
audit log's length, and the SHA-256 of each file whose content was verified (a full check reads
every byte again and compares). The memory is kept per posture-tui version, whose record rules
may differ. The memory lives in the user's own cache folder (private, like the client
index copy), one file per store; it holds client names, as the index does. Its tables are
kept as lines of text, each table its keys and then its values: at 100,000 clients a JSON
object per file took half a second to write and as much to read.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import stat
from pathlib import Path
from typing import NamedTuple

from attrs import field, frozen

from posture_tui import __version__
from posture_tui.store import codec
from posture_tui.store.api import ClientSummary
from posture_tui.store.layout import Layout
from posture_tui.store.user_cache import prune, remove, store_file

MEMORY_FORMAT = 5


@frozen
class Memory:
    """The store as the last healthy check found it."""

    files: dict[str, str]  # path relative to the store -> signature
    rows: dict[str, str]  # client id -> the index row its file gave, as stored (JSON)
    audit_size: int
    audit_inode: int
    digests: dict[str, str] = field(factory=dict)  # path -> SHA-256 of the bytes verified

    def summary(self, client_id: str) -> ClientSummary | None:
        """The remembered row of a client, decoded (only the rows a check compares are)."""
        text = self.rows.get(client_id)
        if text is None:
            return None
        try:
            value: ClientSummary = codec.from_document("summary", json.loads(text))
        except (ValueError, codec.CodecError):
            return None
        return value


def signature(info: os.stat_result) -> str:
    return (
        f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:"
        f"{info.st_mode}:{info.st_uid}:{info.st_gid}"
    )


def row_text(summary: ClientSummary) -> str:
    return json.dumps(codec.to_document("summary", summary), separators=(",", ":"))


class Snapshot(NamedTuple):
    """The store as one walk found it: each entry's signature, the regular files among them,
    the lstat result of the entries asked for by name, and the entry names of the folders
    asked for (relative paths)."""

    files: dict[str, str]
    regular: list[str]
    infos: dict[str, os.stat_result]
    listed: dict[str, list[str]]


def snapshot(
    root: Path, wanted: frozenset[str] = frozenset(), folders_listed: frozenset[str] = frozenset()
) -> Snapshot:
    """Every entry under the store (never following a link), in one tight loop: at 100,000
    clients 200,000 entries, where a generator and a call per entry cost a tenth of a second."""
    files: dict[str, str] = {}
    regular: list[str] = []
    infos: dict[str, os.stat_result] = {}
    listed: dict[str, list[str]] = {}
    folders = [str(root)]
    prefix = len(str(root)) + 1
    is_file, is_folder = stat.S_ISREG, stat.S_ISDIR
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        here = folder[prefix:]
        if here in folders_listed:
            listed[here] = [entry.name for entry in entries]
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            name = entry.path[prefix:]
            files[name] = signature(info)
            if is_file(info.st_mode):
                regular.append(name)
            elif is_folder(info.st_mode):
                folders.append(entry.path)
            if name in wanted:
                infos[name] = info
    return Snapshot(files, regular, infos, listed)


def memory_file(layout: Layout, created: str) -> Path | None:
    return store_file("check", layout.root, f"{MEMORY_FORMAT}\0{created}", ".mem")


def recall(path: Path | None) -> Memory | None:
    """The memory of the last healthy check, or None (none kept, or unreadable: then the
    check is a full one)."""
    if path is None:
        return None
    try:
        header, _, body = path.read_bytes().decode("utf-8").partition("\n")
        head = json.loads(header)
        if head.get("format") != MEMORY_FORMAT or head.get("version") != __version__:
            return None
        lines = body.split("\n")
        counts = [int(head[table]) for table in ("files", "rows", "digests")]
        if len(lines) != 2 * sum(counts) + 1 or lines[-1] != "":
            return None
        tables, start = [], 0
        for count in counts:  # each table: its keys, then its values, one per line
            keys, values = lines[start : start + count], lines[start + count : start + 2 * count]
            tables.append(dict(zip(keys, values, strict=True)))
            start += 2 * count
        files, rows, digests = tables
        return Memory(
            files=files,
            rows=rows,
            audit_size=int(head["audit_size"]),
            audit_inode=int(head["audit_inode"]),
            digests=digests,
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def remember(path: Path | None, memory: Memory) -> None:
    """Keep the memory (private, written whole or not at all); a failure, or a file name no
    line can hold, is only a full check next time. A line of JSON names the format and the
    counts; each table follows as its keys, then its values, a line each (read back with one
    split and a zip: a line each of "key TAB value" took half a second to split at 100,000
    clients)."""
    if path is None:
        return
    names = "\n".join(memory.files)  # checked at once: a name holding a line break
    if names.count("\n") != max(len(memory.files) - 1, 0) or "\r" in names:
        forget(path)
        return
    header = {
        "format": MEMORY_FORMAT,
        "version": __version__,
        "audit_size": memory.audit_size,
        "audit_inode": memory.audit_inode,
        "files": len(memory.files),
        "rows": len(memory.rows),
        "digests": len(memory.digests),
    }
    blocks = [
        block
        for table in (memory.files, memory.rows, memory.digests)
        for block in (table.keys(), table.values())
    ]
    text = "\n".join([json.dumps(header), *itertools.chain.from_iterable(blocks), ""])
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError, UnicodeEncodeError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            prune(path.parent, "*.mem")
        fd = os.open(temp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8"))
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        os.unlink(temp)


def forget(path: Path | None) -> None:
    """A check that found problems leaves no memory: the next check decodes everything."""
    if path is not None:
        remove(path)
