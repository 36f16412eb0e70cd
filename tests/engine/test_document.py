"""The assessment document: a valid one parses; every class of bad input names field and problem."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.common import Side
from posture_tui.incoming import DocumentError, load_json_text, parse_document
from posture_tui.knowledge.model import Knowledge

TODAY = date(2026, 11, 25)


def valid() -> dict[str, Any]:
    return {
        "client": {
            "id": "c-001",
            "name": "Ana Example",
            "birth_date": "1980-04-02",
            "contact": "ana@example.org",
            "complaints": "Headaches\nafter work",
            "goals": "Sit without pain",
            "medications": "warfarin",
            "notes": "",
            "pain": [{"region": "head_temple", "side": "right", "score": 6}],
            "contraindications": [
                {"id": "anticoagulants"},
                {"id": "skin_lesion", "region": "upper_back", "note": "graze"},
            ],
        },
        "assessment": {
            "findings": [
                {"item": "forward_head", "severity": 2},
                {"item": "shoulder_elevated", "side": "right", "severity": 2, "note": "clear"},
            ],
            "measurements": {"cva_deg": 44, "thomas_test": "left"},
            "session_minutes": 45,
            "notes": "first visit",
        },
    }


def parse(data: object, knowledge: Knowledge) -> Any:
    return parse_document(data, knowledge, today=TODAY)


def test_a_condition_without_its_region_is_accepted(mini: Knowledge) -> None:
    """CLINICAL.md 5.2: a document may leave a detail out; the rule then applies everywhere."""
    data = valid()
    del data["client"]["contraindications"][1]["region"]
    doc = parse(data, mini)
    assert [(c.id, c.region) for c in doc.client.contraindications][1] == ("skin_lesion", None)


def test_valid_document_parses(mini: Knowledge) -> None:
    doc = parse(valid(), mini)
    assert doc.client.id == "c-001"
    assert doc.client.name == "Ana Example"
    assert doc.client.birth_date == date(1980, 4, 2)
    assert doc.client.complaints == "Headaches\nafter work"
    assert doc.client.pain[0].side is Side.RIGHT and doc.client.pain[0].score == 6
    assert [(c.id, c.region) for c in doc.client.contraindications] == [
        ("anticoagulants", None),
        ("skin_lesion", "upper_back"),
    ]
    assert doc.assessment.session_minutes == 45
    assert doc.assessment.measurements.get("cva_deg") == 44
    assert doc.assessment.measurements.get("thomas_test") == "left"
    assert [(f.item, f.side) for f in doc.assessment.findings] == [
        ("forward_head", None),
        ("shoulder_elevated", Side.RIGHT),
    ]
    assert doc.assessment_notes == "first visit"


def test_minimal_document_uses_defaults(mini: Knowledge) -> None:
    doc = parse({"client": {"name": "A"}, "assessment": {}}, mini)
    assert doc.assessment.session_minutes == 60
    assert doc.assessment.findings == () and doc.client.pain == ()
    assert doc.client.id is None and doc.client.birth_date is None


def _set(data: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    node: Any = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    if value is _DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


_DELETE = object()

BAD = [
    (
        "assessment.findings.1.item",
        "shoulder_up",
        "assessment.findings[1].item: unknown checklist item 'shoulder_up'",
    ),
    ("assessment.findings.0.severity", 5, "assessment.findings[0].severity: must be 0-3, got 5"),
    ("assessment.findings.0.severity", -1, "assessment.findings[0].severity: must be 0-3, got -1"),
    (
        "assessment.findings.0.severity",
        True,
        "assessment.findings[0].severity: expected a whole number 0-3, got true/false",
    ),
    (
        "assessment.findings.0.severity",
        2.0,
        "assessment.findings[0].severity: expected a whole number 0-3, got a number",
    ),
    (
        "assessment.findings.0.severity",
        "2",
        "assessment.findings[0].severity: expected a whole number 0-3, got a string",
    ),
    (
        "assessment.findings.0.side",
        "left",
        "assessment.findings[0].side: forward_head takes no side (a midline item)",
    ),
    (
        "assessment.findings.1.side",
        "up",
        "assessment.findings[1].side: must be one of left, right, bilateral, got 'up'",
    ),
    (
        "assessment.findings.1.side",
        _DELETE,
        "assessment.findings[1].side: is required for shoulder_elevated: left, right or bilateral",
    ),
    ("assessment.findings.1.colour", "red", "assessment.findings[1]: unknown key 'colour'"),
    ("client.pain.0.score", 11, "client.pain[0].score: must be 0-10, got 11"),
    ("client.pain.0.score", -1, "client.pain[0].score: must be 0-10, got -1"),
    ("client.pain.0.region", "elbow", "client.pain[0].region: unknown pain region 'elbow'"),
    (
        "client.pain.0.side",
        3,
        "client.pain[0].side: must be one of left, right, bilateral, got a number",
    ),
    (
        "client.contraindications.0.id",
        "cold",
        "client.contraindications[0].id: unknown contraindication 'cold'",
    ),
    (
        "client.contraindications.0.region",
        "neck",
        "client.contraindications[0].region: anticoagulants takes no region",
    ),
    (
        "client.contraindications.1.weeks",
        12,
        "client.contraindications[1].weeks: skin_lesion takes no weeks",
    ),
    (
        "client.contraindications.0.cleared_on",
        "2020-01-01",
        "client.contraindications[0].cleared_on: anticoagulants takes no cleared on",
    ),
    ("client.birth_date", "2030-01-01", "client.birth_date: is in the future"),
    (
        "client.birth_date",
        "02/04/1980",
        "client.birth_date: expected a date YYYY-MM-DD, got a string that is not one",
    ),
    (
        "client.birth_date",
        "1980-02-30",
        "client.birth_date: expected a date YYYY-MM-DD, got a day not in the calendar",
    ),
    (
        "client.name",
        "Ana\x1b[31m",
        "client.name: contains a control character (U+001B), which is not allowed",
    ),
    ("client.name", "", "client.name: must not be empty"),
    ("client.name", 42, "client.name: expected a string, got a number"),
    ("client.name", _DELETE, "client.name: is required"),
    (
        "client.notes",
        "ok\x07",
        "client.notes: contains a control character (U+0007), which is not allowed",
    ),
    (
        "client.notes",
        "ok\u202etxt",
        "client.notes: contains a control character (U+202E), which is not allowed",
    ),
    (
        "assessment.findings.1.note",
        "a\x00b",
        "assessment.findings[1].note: contains a control character (U+0000), which is not allowed",
    ),
    ("client.id", "has space", "client.id: must be 1-64 letters, digits, '-' or '_'"),
    ("assessment.session_minutes", 0, "assessment.session_minutes: must be 5-240, got 0"),
    ("assessment.findings", {}, "assessment.findings: expected an array, got an object"),
    (
        "assessment.measurements.cva_deg",
        "44",
        "assessment.measurements.cva_deg: expected a number, got a string",
    ),
    (
        "assessment.measurements.cva_deg",
        120,
        "assessment.measurements.cva_deg: must be within 0..90, got 120",
    ),
    (
        "assessment.measurements.thomas_test",
        "yes",
        "assessment.measurements.thomas_test: must be one of negative, left, right, bilateral",
    ),
    ("assessment.measurements.grip_kg", 30, "assessment.measurements: unknown key 'grip_kg'"),
    ("assessment", [], "assessment: expected an object, got an array"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    BAD,
    ids=[b[2].split(":")[0] + "-" + str(n) for n, b in enumerate(BAD)],
)
def test_bad_input_names_the_field_and_problem(
    mini: Knowledge, path: str, value: object, message: str
) -> None:
    data = _set(copy.deepcopy(valid()), path, value)
    with pytest.raises(DocumentError) as caught:
        parse(data, mini)
    text = str(caught.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_health_text_is_never_echoed(mini: Knowledge) -> None:
    data = _set(copy.deepcopy(valid()), "client.pain.0.region", "Ana's left knee after the fall")
    with pytest.raises(DocumentError) as caught:
        parse(data, mini)
    assert "fall" not in str(caught.value) and "(value not shown)" in str(caught.value)
    data = _set(copy.deepcopy(valid()), "client.birth_date", "born 1980 in Lisbon")
    with pytest.raises(DocumentError) as caught:
        parse(data, mini)
    assert "Lisbon" not in str(caught.value)


def test_duplicates_are_refused(mini: Knowledge) -> None:
    data = valid()
    data["assessment"]["findings"].append(
        {"item": "shoulder_elevated", "side": "right", "severity": 1}
    )
    with pytest.raises(DocumentError, match=r"findings\[2\]: shoulder_elevated is listed twice"):
        parse(data, mini)
    data = valid()
    data["assessment"]["findings"].append(
        {"item": "shoulder_elevated", "side": "bilateral", "severity": 1}
    )
    with pytest.raises(DocumentError, match="listed twice"):
        parse(data, mini)
    data = valid()
    data["assessment"]["findings"].append(
        {"item": "shoulder_elevated", "side": "left", "severity": 1}
    )
    assert len(parse(data, mini).assessment.findings) == 3  # left and right are two findings
    data = valid()
    data["client"]["pain"].append({"region": "head_temple", "side": "right", "score": 2})
    with pytest.raises(DocumentError, match=r"client.pain\[1\]: pain in head_temple"):
        parse(data, mini)


def test_sided_item_at_severity_zero_needs_no_side(mini: Knowledge) -> None:
    data = valid()
    data["assessment"]["findings"] = [{"item": "shoulder_elevated", "severity": 0}]
    assert parse(data, mini).assessment.findings[0].side is None


def test_top_level_shape(mini: Knowledge) -> None:
    with pytest.raises(DocumentError, match=r"^expected an object, got an array"):
        parse([], mini)
    with pytest.raises(DocumentError, match=r"^assessment: is required"):
        parse({"client": {"name": "A"}}, mini)
    with pytest.raises(DocumentError, match=r"^unknown key 'extra'"):
        parse({**valid(), "extra": 1}, mini)
    with pytest.raises(DocumentError, match=r"^schema_version: this version reads schema 1, got 2"):
        parse({**valid(), "schema_version": 2}, mini)
    assert parse({**valid(), "schema_version": 1}, mini).client.name == "Ana Example"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"a": 1,}',
            "not valid JSON: Expecting property name enclosed in double quotes (line 1, column 9)",
        ),
        ("", "not valid JSON: Expecting value (line 1, column 1)"),
        ('{"a": 1, "a": 2}', "not valid JSON: duplicate key 'a'"),
        ('{"a": NaN}', "not valid JSON: NaN is not a number JSON allows"),
        ("[" * 100000 + "]" * 100000, "not valid JSON: nested too deeply"),
    ],
    ids=["trailing-comma", "empty", "duplicate-key", "nan", "deep"],
)
def test_malformed_json(text: str, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        load_json_text(text)
    assert str(caught.value) == message


def test_json_text_round_trip(mini: Knowledge) -> None:
    import json

    doc = parse(load_json_text(json.dumps(valid())), mini)
    assert doc.client.name == "Ana Example"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 300)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(
    [
        "client",
        "assessment",
        "name",
        "findings",
        "item",
        "severity",
        "side",
        "pain",
        "region",
        "score",
        "contraindications",
        "id",
        "measurements",
        "cva_deg",
        "thomas_test",
        "session_minutes",
        "birth_date",
        "notes",
        "forward_head",
        "shoulder_elevated",
        "left",
        "neck",
        "skin_lesion",
    ]
)
shaped = st.recursive(
    st.none()
    | st.integers(-2, 12)
    | st.sampled_from(["left", "neck", "forward_head", "1980-01-01", "x"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(data=json_values | shaped)
def test_any_json_value_parses_or_gives_a_one_line_document_error(
    mini: Knowledge, data: object
) -> None:
    try:
        parse(data, mini)
    except DocumentError as error:
        assert "\n" not in str(error) and str(error)
