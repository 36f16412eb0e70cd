"""The change format of earlier revisions: a patch always gives the old document back, exactly,
and a patch that does not fit is refused rather than guessed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.store.delta import PatchError, diff, patch

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=25,
)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


@settings(max_examples=300, deadline=None)
@given(new=documents, old=documents)
def test_a_patch_turns_the_newer_document_into_the_older_one(new: Any, old: Any) -> None:
    change = diff(new, old)
    json.dumps(change)  # stored as JSON like the records
    assert patch(new, change) == old


@pytest.mark.parametrize(("new", "old"), [(1, True), (True, 1), (1, 1.0), ({"a": 1}, {"a": True})])
def test_a_value_of_another_json_type_is_a_change(new: Any, old: Any) -> None:
    assert _json(patch(new, diff(new, old))) == _json(old)


@settings(max_examples=100, deadline=None)
@given(new=documents, old=documents)
def test_patching_leaves_the_newer_document_untouched(new: Any, old: Any) -> None:
    before = _json(new)
    patch(new, diff(new, old))
    assert _json(new) == before


def test_a_small_edit_of_a_large_document_is_a_small_change() -> None:
    new = {"notes": "after", "findings": [{"item": f"f{i}", "severity": 2} for i in range(200)]}
    old = {**new, "notes": "before"}
    assert len(json.dumps(diff(new, old))) < 60 < len(json.dumps(old)) // 100


@pytest.mark.parametrize(
    ("document", "change"),
    [
        ({"a": 1}, {"{}": {"drop": ["b"]}}),  # drops a key that is not there
        ({"a": 1}, {"{}": {"sub": {"b": {"=": 2}}}}),  # patches a missing key
        ([1, 2], {"[]": {"sub": {"5": {"=": 2}}}}),  # an item past the end
        ([1, 2], {"[]": {"sub": {"-1": {"=": 2}}}}),  # not an index
        ({"a": 1}, {"[]": {"sub": {}}}),  # a list change on an object
        ([1], {"{}": {}}),  # an object change on a list
        ({"a": 1}, {"?": 1}),  # an unknown kind
        ({"a": 1}, {"=": 1, "{}": {}}),  # two kinds at once
        ({"a": 1}, ["="]),  # not an object
        ({"a": 1}, {"{}": {"set": []}}),  # a part of the wrong type
    ],
)
def test_a_patch_that_does_not_fit_is_refused(document: Any, change: Any) -> None:
    with pytest.raises(PatchError):
        patch(document, change)
