"""Three-way merge of two saves of one record, against the revision both started from.

Pure: it works on the unstructured documents of a Client or an Assessment (codec.unstructure)
and imports neither Textual nor TinyDB. A field changed on one side only takes that side's
value; a field changed on both sides to different values is a conflict for the therapist to
decide. Lists whose items have a natural key (findings by checklist item, pain by region and
side, contraindications by id, region and side, ...) merge item by item, and the small
dictionaries of measurements and outcome scores key by key, so two therapists who touched
different items of one list never have to choose. Everything else merges whole.

Findings key by item alone: a visit holds one finding per checklist item (the side is part of
the finding), so a side changed on one side and a severity on the other is one conflict about
that item, never two findings for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from attrs import frozen

from posture_tui.domain.records import DERIVED, RECORD, Assessment, Client, fields_marked


class _Absent:
    """No value: the field or list item is not there on that side."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Any = _Absent()

Pick = Literal["mine", "theirs"]
Key = tuple[Any, ...]


def _fields(*names: str) -> Callable[[Any], Key | None]:
    def key(item: Any) -> Key | None:
        if not isinstance(item, Mapping):
            return None
        return tuple(item.get(name) for name in names)

    return key


def _itself(item: Any) -> Key | None:
    return (item,) if isinstance(item, str | int) else None


# How the items of a list field are told apart (a field not named here merges whole).
KEYED: Mapping[str, Callable[[Any], Key | None]] = {
    "findings": _fields("item"),
    "pain": _fields("region", "side"),
    "contraindications": _fields("id", "region", "side"),
    "overrides": _fields("red_flag"),
    "trigger_points": _fields("muscle", "side"),
    "unconfirmed": _itself,
}
# Small dictionaries merged key by key (the plan, for one, stays whole: its parts belong
# together).
NESTED = frozenset({"measurements", "outcomes"})
# Taken from theirs, never asked about: bookkeeping, and what the engine derives again (as the
# record classes mark them).
THEIRS_ALWAYS = frozenset(
    {"schema_version"}.union(
        *(fields_marked(kind, mark) for kind in (Client, Assessment) for mark in (RECORD, DERIVED))
    )
)


@frozen
class Conflict:
    """One field (or one item of a list field) both sides changed, differently.

    `path` is the field, "measurements.cva_deg" for a key of a nested one; `key` names the
    list item (None for a whole field). A value is ABSENT when that side removed the item.
    """

    path: str
    key: Key | None
    base: Any
    mine: Any
    theirs: Any

    @property
    def field(self) -> str:
        return self.path.split(".")[0]


@frozen
class Merge:
    """The merged document (each conflict holding mine until resolved) and the conflicts.

    `theirs_fields` and `mine_fields` name the top-level fields that took a change of that
    side without asking (names only, fit for a notice or the audit trail).
    """

    merged: dict[str, Any]
    conflicts: tuple[Conflict, ...]
    theirs_fields: tuple[str, ...]
    mine_fields: tuple[str, ...]


def _three(base: Any, mine: Any, theirs: Any) -> tuple[str, Any]:
    """("same"|"mine"|"theirs"|"both", value) for one value (value is mine for "both")."""
    if mine == theirs:
        return ("same" if mine == base else "both-same"), mine
    if mine == base:
        return "theirs", theirs
    if theirs == base:
        return "mine", mine
    return "both", mine


def _by_key(items: Any, key: Callable[[Any], Key | None]) -> dict[Key, Any] | None:
    """The items by key, in order; None if any has no key or two share one."""
    if items is ABSENT or items is None:
        return {}
    if not isinstance(items, list | tuple):
        return None
    found: dict[Key, Any] = {}
    for item in items:
        name = key(item)
        if name is None or name in found:
            return None
        found[name] = item
    return found


def _merge_list(
    path: str, base: Any, mine: Any, theirs: Any, key: Callable[[Any], Key | None]
) -> tuple[list[Any], list[Conflict], set[str]] | None:
    """Item by item; None when the lists cannot be keyed (then the field merges whole)."""
    b, m, t = _by_key(base, key), _by_key(mine, key), _by_key(theirs, key)
    if b is None or m is None or t is None:
        return None
    order = list(m) + [name for name in t if name not in m]
    merged: list[Any] = []
    conflicts: list[Conflict] = []
    sides: set[str] = set()
    for name in order:
        bi, mi, ti = b.get(name, ABSENT), m.get(name, ABSENT), t.get(name, ABSENT)
        how, value = _three(bi, mi, ti)
        if how == "both":
            conflicts.append(Conflict(path, name, bi, mi, ti))
        elif how in ("mine", "theirs"):
            sides.add(how)
        if value is not ABSENT:
            merged.append(value)
    return merged, conflicts, sides


def _merge_dict(
    path: str, base: Any, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Conflict], set[str]]:
    b = base if isinstance(base, Mapping) else {}
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    sides: set[str] = set()
    for name in [*mine, *(k for k in theirs if k not in mine)]:
        bi, mi, ti = b.get(name, ABSENT), mine.get(name, ABSENT), theirs.get(name, ABSENT)
        how, value = _three(bi, mi, ti)
        if how == "both":
            conflicts.append(Conflict(f"{path}.{name}", None, bi, mi, ti))
        elif how in ("mine", "theirs"):
            sides.add(how)
        if value is not ABSENT:
            merged[name] = value
    return merged, conflicts, sides


def merge(
    base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> Merge:
    """Merge mine and theirs against base (None: not known, so every difference is asked)."""
    merged: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    took_theirs: list[str] = []
    took_mine: list[str] = []
    for name in [*mine, *(k for k in theirs if k not in mine)]:
        m, t = mine.get(name, ABSENT), theirs.get(name, ABSENT)
        b = ABSENT if base is None else base.get(name, ABSENT)
        if name in THEIRS_ALWAYS:
            value = t if t is not ABSENT else m
            if value is not ABSENT:
                merged[name] = value
            continue
        how, value = _three(b, m, t)
        if how == "both":
            part: tuple[Any, list[Conflict], set[str]] | None = None
            if name in KEYED:
                part = _merge_list(name, b, m, t, KEYED[name])
            elif name in NESTED and isinstance(m, Mapping) and isinstance(t, Mapping):
                part = _merge_dict(name, b, m, t)
            if part is None:
                conflicts.append(Conflict(name, None, b, m, t))
            else:
                value, found, sides = part
                conflicts.extend(found)
                if "theirs" in sides:
                    took_theirs.append(name)
                if "mine" in sides:
                    took_mine.append(name)
        elif how == "theirs":
            took_theirs.append(name)
        elif how == "mine":
            took_mine.append(name)
        if value is not ABSENT:
            merged[name] = value
    return Merge(merged, tuple(conflicts), tuple(took_theirs), tuple(took_mine))


def resolve(result: Merge, picks: Sequence[Pick]) -> dict[str, Any]:
    """The merged document with each conflict settled by its pick (one per conflict)."""
    if len(picks) != len(result.conflicts):
        raise ValueError("one pick per conflict")
    doc = dict(result.merged)
    for conflict, pick in zip(result.conflicts, picks, strict=True):
        value = conflict.mine if pick == "mine" else conflict.theirs
        if conflict.key is not None:
            doc[conflict.path] = _put_item(
                doc.get(conflict.path), conflict.key, value, KEYED[conflict.path]
            )
        elif "." in conflict.path:
            field, sub = conflict.path.split(".", 1)
            inner = dict(doc.get(field) or {})
            if value is ABSENT:
                inner.pop(sub, None)
            else:
                inner[sub] = value
            doc[field] = inner
        elif value is ABSENT:
            doc.pop(conflict.path, None)
        else:
            doc[conflict.path] = value
    return doc


def _put_item(items: Any, key: Key, value: Any, keyed: Callable[[Any], Key | None]) -> list[Any]:
    """The list with the item of `key` replaced by value (ABSENT removes it; new: appended)."""
    out: list[Any] = []
    placed = False
    for item in items or ():
        if keyed(item) == key:
            if value is not ABSENT:
                out.append(value)
            placed = True
        else:
            out.append(item)
    if not placed and value is not ABSENT:
        out.append(value)
    return out
