"""Flat records (index rows, store.json) decode without cattrs exactly as strictly as with it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posture_tui.domain.records import Client
from posture_tui.domain.text import unsafe_char
from posture_tui.store import codec, flat
from posture_tui.store.api import ClientSummary
from posture_tui.store.layout import StoreMeta

from .helpers import make_client

SUMMARY = ClientSummary(
    id="c-anna",
    name="Anna Zoë Müller",
    birth_date=date(1980, 4, 2),
    assessments=3,
    last_assessed=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
    updated=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
)

times = st.none() | st.datetimes(timezones=st.just(UTC))


_ALPHABET = st.characters(blacklist_categories=("Cc", "Cs"))  # control characters: refused


def _storable(text: str) -> bool:
    """A text the store reads back: no control character (line breaks aside)."""
    return unsafe_char(text, multiline=True) is None


summaries = st.builds(
    ClientSummary,
    id=st.text(_ALPHABET, min_size=1).filter(_storable),
    name=st.text(_ALPHABET).filter(_storable),
    birth_date=st.none() | st.dates(),
    assessments=st.integers(min_value=0, max_value=10**6),
    last_assessed=times,
    updated=times,
)


def body(value: Any, kind: str) -> dict[str, Any]:
    doc = codec.to_document(kind, value)
    del doc["schema_version"]
    return doc


@given(summaries)
def test_an_index_row_decodes_to_what_the_converter_gives(summary: ClientSummary) -> None:
    doc = body(summary, "summary")
    assert flat.decode(ClientSummary, doc) == codec.structure(doc, ClientSummary) == summary
    stored = {"schema_version": codec.SCHEMA_VERSION, **doc}
    assert flat.decode(ClientSummary, stored, skip="schema_version") == summary
    assert flat.decode(ClientSummary, stored) is None  # an unknown key goes to the converter


def test_store_meta_with_and_without_its_optional_field() -> None:
    meta = StoreMeta(format="posture-tui-store", created=SUMMARY.updated or datetime.now(UTC))
    doc = body(meta, "meta")
    assert flat.decode(StoreMeta, doc) == meta
    del doc["shared_group"]
    assert flat.decode(StoreMeta, doc) == meta


BAD_ROWS = [
    ("assessments", "3", "assessments: expected an integer"),
    ("assessments", 3.0, "assessments: expected an integer"),
    ("assessments", True, "assessments: expected an integer"),
    ("assessments", None, "assessments: expected an integer"),
    ("name", 7, "name: expected a string"),
    ("name", False, "name: expected a string"),
    ("id", None, "id: expected a string, got null"),
    ("birth_date", "1980-4-2", "birth_date: expected a date"),
    ("birth_date", "1980-02-30", "birth_date: expected a date YYYY-MM-DD, got a day not in"),
    ("birth_date", 1980, "birth_date: expected a date"),
    ("updated", "2026-03-02T09:00:00", "updated: time has no time zone"),
    ("updated", 1700000000, "updated: expected an ISO 8601 time"),
    (
        "last_assessed",
        "yesterday",
        "last_assessed: expected an ISO 8601 time, got a string that is not one",
    ),
]


@pytest.mark.parametrize(("key", "value", "expected"), BAD_ROWS)
def test_a_bad_row_is_left_to_the_converter_which_names_the_field(
    key: str, value: Any, expected: str
) -> None:
    doc = body(SUMMARY, "summary")
    doc[key] = value
    assert flat.decode(ClientSummary, doc) is None
    with pytest.raises(codec.CodecError) as caught:
        codec.from_document("summary", {"schema_version": codec.SCHEMA_VERSION, **doc})
    assert str(caught.value).startswith(expected)


def test_unknown_and_missing_fields_are_left_to_the_converter() -> None:
    extra = {**body(SUMMARY, "summary"), "colour": "blue"}
    assert flat.decode(ClientSummary, extra) is None
    with pytest.raises(codec.CodecError, match=r"^unknown key 'colour' \(expected one of: "):
        codec.from_document("summary", {"schema_version": codec.SCHEMA_VERSION, **extra})
    missing = body(SUMMARY, "summary")
    del missing["updated"]
    assert flat.decode(ClientSummary, missing) is None
    with pytest.raises(codec.CodecError, match="updated: is required"):
        codec.from_document("summary", {"schema_version": codec.SCHEMA_VERSION, **missing})


def test_records_with_nested_fields_are_not_flat() -> None:
    assert flat.decode(Client, body(make_client(), "client")) is None
    assert codec.from_document("client", codec.to_document("client", make_client()))


def test_an_older_schema_version_still_goes_through_the_migrations() -> None:
    doc = {"schema_version": 1, **body(SUMMARY, "summary")}
    assert codec.from_document("summary", doc) == SUMMARY
    with pytest.raises(codec.CodecError, match="newer posture-tui"):
        codec.from_document("summary", {**doc, "schema_version": codec.SCHEMA_VERSION + 1})
    with pytest.raises(codec.CodecError, match="schema_version"):
        codec.from_document("summary", {**doc, "schema_version": True})


LIST_WITHOUT_CATTRS = """
import sys
from pathlib import Path
from posture_tui.store.api import ClientSummary
from posture_tui.store.repository import open_store
from datetime import UTC, datetime
repo = open_store(Path(sys.argv[1]))
found = repo.list_clients()
assert [s.name for s in found] == ["Ada"], found
print("cattrs" in sys.modules)
"""

MISSING_CATTRS = """
import sys
from pathlib import Path
sys.modules["cattrs"] = None  # as if the package were not installed
from posture_tui.store.errors import StoreError
from posture_tui.store.repository import open_store
repo = open_store(Path(sys.argv[1]))
assert [s.name for s in repo.list_clients()] == ["Ada"]
try:
    repo.get_client(repo.list_clients()[0].id)
except StoreError as error:
    print(error)
"""


def test_the_client_list_opens_without_cattrs_and_a_missing_cattrs_is_named(
    tmp_path: Any,
) -> None:
    from posture_tui.store.repository import open_store

    store = tmp_path / "store"
    repo = open_store(store)
    repo.save_client(Client(id=repo.new_id("client"), name="Ada"))
    run = [sys.executable, "-c"]
    listed = subprocess.run([*run, LIST_WITHOUT_CATTRS, str(store)], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "False"
    missing = subprocess.run([*run, MISSING_CATTRS, str(store)], capture_output=True, text=True)
    assert missing.returncode == 0, missing.stderr
    assert missing.stdout.strip() == (
        "posture-tui is not installed completely: the Python package cattrs is missing "
        "(reinstall posture-tui)"
    )
