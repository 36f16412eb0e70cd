"""Earlier revisions stored as what changed: a patch that turns a JSON document into another.

A record file keeps the newest revision of each assessment whole and every earlier one as the
patch from the revision after it (a reverse delta, as RCS does), so a save rewrites a file
about the size of one revision, not of thirty. `diff(new, old)` makes the patch and
`patch(new, change)` gives `old` back. A patch is an object with one key:

- `{"=": VALUE}`: the value whole;
- `{"{}": {"set": {KEY: VALUE}, "drop": [KEY], "sub": {KEY: PATCH}}}`: an object's keys set
  (added or replaced whole), dropped, or patched (each part may be missing);
- `{"[]": {"sub": {"INDEX": PATCH}}}`: a list of the same length, some items patched.
"""

from __future__ import annotations

from typing import Any


class PatchError(ValueError):
    """A patch that does not fit the document it is applied to (a damaged record file)."""


def diff(new: Any, old: Any) -> dict[str, Any]:
    """The patch that turns `new` into `old`."""
    if isinstance(new, dict) and isinstance(old, dict):
        change: dict[str, Any] = {}
        added = {key: old[key] for key in old if key not in new}
        dropped = [key for key in new if key not in old]
        changed = {
            key: diff(new[key], old[key])
            for key in old
            if key in new and not _same(new[key], old[key])
        }
        if added:
            change["set"] = added
        if dropped:
            change["drop"] = dropped
        if changed:
            change["sub"] = changed
        return {"{}": change}
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        items = {
            str(index): diff(a, b)
            for index, (a, b) in enumerate(zip(new, old, strict=True))
            if not _same(a, b)
        }
        return {"[]": {"sub": items}}
    return {"=": old}


def _same(a: Any, b: Any) -> bool:
    """Nothing to store: the same type and equal. Inside a list or object Python's equality
    takes 1, 1.0 and True for one value; a record's field keeps its type from one revision to
    the next, and the record read back is equal either way."""
    return type(a) is type(b) and a == b


def patch(new: Any, change: Any) -> Any:
    """`new` with the patch applied (a new value; `new` is not changed)."""
    if not isinstance(change, dict) or len(change) != 1:
        raise PatchError("a change is not an object with one key")
    ((kind, body),) = change.items()
    if kind == "=":
        return body
    if kind == "{}":
        if not isinstance(new, dict) or not isinstance(body, dict):
            raise PatchError("an object change on something else")
        result = dict(new)
        for key in _list(body.get("drop", [])):
            if key not in result:
                raise PatchError("a change drops a key that is not there")
            del result[key]
        for key, value in _object(body.get("sub", {})).items():
            if key not in result:
                raise PatchError("a change patches a key that is not there")
            result[key] = patch(result[key], value)
        result.update(_object(body.get("set", {})))
        return result
    if kind == "[]":
        if not isinstance(new, list) or not isinstance(body, dict):
            raise PatchError("a list change on something else")
        items = list(new)
        for index, value in _object(body.get("sub", {})).items():
            if not (index.isascii() and index.isdigit()) or int(index) >= len(items):
                raise PatchError("a change patches an item that is not there")
            items[int(index)] = patch(items[int(index)], value)
        return items
    raise PatchError("a change of an unknown kind")


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PatchError("a change part is not an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise PatchError("a change part is not a list")
    return value
