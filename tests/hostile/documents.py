"""Hypothesis strategies for hostile documents: random JSON, mutated valid ones, raw bytes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Text a terminal would act on if it were printed raw: CSI, OSC with BEL, C1 CSI, DEC private.
ESCAPES = (
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x9b31m",
    "\x1b[?1049h",
    "\x1bP+q\x1b\\",
    "\r\x1b[K",
    "\u202e",
    "\x00",
)

VALID: dict[str, Any] = {
    "client": {
        "name": "Ana Example",
        "birth_date": "1980-04-02",
        "complaints": "neck ache",
        "pain": [{"region": "neck", "side": "right", "score": 6}],
        "contraindications": [{"id": "skin_lesion", "region": "neck"}],
    },
    "assessment": {
        "findings": [
            {"item": "forward_head", "severity": 2},
            {"item": "rounded_shoulders", "side": "bilateral", "severity": 2, "note": "x"},
        ],
        "measurements": {"cva_deg": 44, "thomas_test": "negative"},
        "session_minutes": 60,
    },
}

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ESCAPES).map(lambda esc: f"Ann{esc}Lee"),
    st.sampled_from(["\ud800", "a\udfffb", "\ufeff", "\uffff", "\U0010ffff"]),
    st.integers(min_value=10_000, max_value=300_000).map(lambda n: "x" * n),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)

json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any = None) -> Any:
    """A valid document (or record) with one to three random changes deep inside."""
    doc = json.loads(json.dumps(VALID if base is None else base))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        if not path:
            doc = draw(st.one_of(json_values, st.just([doc, doc]), st.just([])))
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = draw(st.sampled_from(("replace", "delete", "extra", "text")))
        if action == "replace":
            parent[key] = draw(json_values)
        elif action == "delete":
            del parent[key]
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(scalars)
        else:
            parent[key] = draw(hostile_text)
    return doc


def encode(value: Any) -> bytes:
    """JSON text; lone surrogates become \\ud800 escapes, which JSON allows and UTF-8 does not."""
    return json.dumps(value).encode("ascii")


@st.composite
def raw_bytes(draw: st.DrawFn) -> bytes:
    """Files that are not clean JSON text at all."""
    valid = encode(VALID)
    choice = draw(st.sampled_from(("random", "lone", "truncated", "deep", "nan", "bom", "dup")))
    if choice == "random":
        return draw(st.binary(max_size=200))
    if choice == "lone":
        at = draw(st.integers(0, len(valid)))
        lone = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]))
        return valid[:at] + lone + valid[at:]
    if choice == "truncated":
        return valid[: draw(st.integers(0, len(valid) - 1))]
    if choice == "deep":
        depth = draw(st.integers(500, 200_000))
        opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
        return opener * depth + b"1" + closer * depth
    if choice == "nan":
        return valid.replace(b"44", draw(st.sampled_from([b"NaN", b"Infinity", b"1e999", b"-0"])))
    if choice == "bom":
        return b"\xef\xbb\xbf" + valid
    return valid[:-1] + b',"client":{"name":"B"}}'
