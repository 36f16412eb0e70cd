"""The SQL that lists and searches the SQLite copy of the client index, on plain rows.

Kept apart from client_cache.py (which builds and syncs the copy and makes ClientSummary values)
so that `posture-tui clients` can answer from the copy without importing attrs, TinyDB or the
record code (quick_list.py).
"""

from __future__ import annotations

import os
import sqlite3
from itertools import pairwise
from typing import NamedTuple

from posture_tui.store.search import tokens

CACHE_FORMAT = 5  # a change of the copy (client_cache.py) or of its name: older copies are rebuilt
TRIGRAM = 3
MARK = "\x1e"  # around each character a search text holds, in the `letters` column (never in it)
COUNT_CAP = 1000  # matches counted one by one; past it a listing says "more than 1,000"
COLUMNS = "c.name, c.id, c.birth, c.assessments, c.last_assessed, c.updated, c.synthetic"
Row = tuple[object, ...]  # the COLUMNS of one client
Signature = tuple[int, int, int, int] | None


class RawPage(NamedTuple):
    """A page of rows as stored, with how many match and how many there are."""

    rows: list[Row]
    matched: int
    total: int
    more: bool = False


def shard_signature(path: str) -> Signature:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size, info.st_ctime_ns)


def query_page(
    db: sqlite3.Connection, query: str, limit: int | None, *, with_total: bool = True
) -> RawPage:
    """Clients whose name or birth date holds every word of `query`, most recently seen first
    (the first `limit`, all if None), with the count of matches and of clients (0 without
    `with_total`: counting 100,000 rows is a scan the command line does not need)."""
    total = db.execute("SELECT count(*) FROM clients").fetchone()[0] if with_total else 0
    words = tokens(query)
    order = " ORDER BY c.seen DESC, c.changed DESC, c.tie, c.id"
    cap = "" if limit is None else f" LIMIT {int(limit)}"
    if not words:
        rows = db.execute(f"SELECT {COLUMNS} FROM clients AS c{order}{cap}").fetchall()
        return RawPage(rows, total, total)
    if any(ch < " " or ch == "\x7f" for word in words for ch in word):
        # No stored name or date holds a control character (the store refuses them), so
        # nothing matches; and in the query text a NUL would end it early.
        return RawPage([], 0, total)
    where, params = _filter(words)
    source = (
        "words JOIN clients AS c ON c.rowid = words.rowid"
        if any(len(w) >= TRIGRAM for w in words)
        else "clients AS c"
    )
    if limit is None:  # every match (the command line): one ordered query
        rows = db.execute(f"SELECT {COLUMNS} FROM {source}{where}{order}", params).fetchall()
        return RawPage(rows, len(rows), total)
    # Up to COUNT_CAP matches in one unordered pass: a rare word has all its rows read at
    # once and sorted here; a common one (a single letter) stops early, its first page
    # read in display order from the order index, where matches are dense.
    if source == "clients AS c":  # short words only: scan the narrow index of the texts
        source = "clients AS c INDEXED BY clients_hay"
    ids = db.execute(
        f"SELECT c.rowid FROM {source}{where} LIMIT ?", [*params, COUNT_CAP + 1]
    ).fetchall()
    if len(ids) <= COUNT_CAP:  # counted; only the page's rows are read, sorted by SQLite
        rows = db.execute(
            f"SELECT {COLUMNS} FROM clients AS c"
            f" WHERE c.rowid IN ({','.join(str(int(i)) for (i,) in ids) or 'NULL'}){order}{cap}"
        ).fetchall()
        return RawPage(rows, len(ids), total)
    # Over COUNT_CAP matches: dense enough that walking the clients in display order and
    # testing each (a substring test, what the trigram match means) finds the first page after
    # a few thousand rows at most, where the trigram join sorted every match (8-12 ms at
    # 100,000 clients for a common three letters, such as "ana" or "198")
    dense = " WHERE " + " AND ".join("instr(c.hay, ?) > 0" for _ in words)
    rows = db.execute(f"SELECT {COLUMNS} FROM clients AS c{dense}{order}{cap}", words).fetchall()
    return RawPage(rows, COUNT_CAP, total, more=True)


def letters_of(hay: str) -> str:
    """Each character and each pair of neighbouring characters of a search text once, marked
    (MARK x MARK, MARK xy MARK): trigrams of their own in the full-text index, so that a one-
    or two-letter word beside a longer one is matched by the index, not by reading each row the
    longer word matched (thousands, at 100,000 clients)."""
    grams = {ch for ch in hay if _searchable(ch)}
    grams |= {a + b for a, b in pairwise(hay) if _searchable(a + b)}
    return " ".join(f"{MARK}{gram}{MARK}" for gram in sorted(grams))


def _searchable(text: str) -> bool:
    """What a query word can hold: no space, no control character (so no separator)."""
    return text.isprintable() and " " not in text


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'  # nothing in it is FTS syntax


def _filter(words: list[str]) -> tuple[str, list[str]]:
    """The WHERE clause for the query's words: a trigram match for the long ones, and beside
    them the short ones through their marked letters; short words alone get a substring test
    (a scan that stops at the count cap: so short a word is found often)."""
    long_words = [w for w in words if len(w) >= TRIGRAM]
    if long_words:
        terms = [f"hay : {_quoted(w)}" for w in long_words]
        terms += [f"letters : {_quoted(MARK + w + MARK)}" for w in words if len(w) < TRIGRAM]
        return " WHERE words MATCH ?", [" AND ".join(terms)]
    clauses = ["instr(c.hay, ?) > 0" for _ in words]
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), list(words)


def path_signature(path: str) -> str:
    """A path's lstat signature (any write, rename into, chmod or chown changes it), or "-"."""
    try:
        info = os.lstat(path)
    except OSError:
        return "-"
    return (
        f"{info.st_ino}:{info.st_mode}:{info.st_uid}:{info.st_gid}:{info.st_size}:"
        f"{info.st_mtime_ns}:{info.st_ctime_ns}"
    )


def fingerprint(root: str, names: list[str]) -> dict[str, str]:
    """The signature of each path named relative to the store folder ("" is the folder)."""
    return {name: path_signature(os.path.join(root, name) if name else root) for name in names}
