"""A rule written once beside its field holds wherever a value comes in: a knowledge file, an
analyze document, a stored record, a record checked in memory, with the same words."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import pytest
from attrs import frozen
from tests.store.helpers import make_assessment, make_client

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.incoming import DocumentError, parse_document
from posture_tui.incoming.record import check_assessment, check_client
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.store import codec
from posture_tui.structuring.converter import structure
from posture_tui.structuring.dialect import JSON, TOML
from posture_tui.structuring.errors import ShapeError
from posture_tui.structuring.rules import OneOf, Range, Text
from posture_tui.structuring.validate import check_rules

KNOWLEDGE = load_knowledge()


def document(**client: Any) -> dict[str, Any]:
    return {"client": {"name": "Ana", **client}, "assessment": {}}


def stored_client(**changes: Any) -> dict[str, Any]:
    return {**codec.to_document("client", make_client()), **changes}


@pytest.mark.parametrize(
    ("pain", "problem"),
    [
        ({"region": "neck", "score": 11}, "must be 0-10, got 11"),
        ({"region": "neck", "score": "7"}, "expected a whole number 0-10, got a string"),
        ({"region": "neck", "score": 7, "side": "up"}, "must be one of left, right, bilateral"),
    ],
)
def test_a_pain_score_is_held_to_its_rule_in_every_way_in(
    pain: dict[str, Any], problem: str
) -> None:
    with pytest.raises(DocumentError) as from_document:
        parse_document(document(pain=[pain]), KNOWLEDGE, today=date(2026, 12, 6))
    assert str(from_document.value).startswith(f"client.pain[0].{_key(problem)}: {problem}")
    with pytest.raises(codec.CodecError) as from_store:
        codec.from_document("client", stored_client(pain=[pain]))
    assert str(from_store.value).startswith(f"pain[0].{_key(problem)}: {problem}")


def _key(problem: str) -> str:
    return "side" if "left" in problem else "score"


def test_a_record_made_in_memory_is_held_to_the_same_rules() -> None:
    with pytest.raises(DocumentError, match=r"^pain\[0\]\.score: must be 0-10, got 11$"):
        check_client(make_client(pain=(PainEntry("neck", 11, Side.LEFT),)))
    weeks = ContraindicationEntry("pregnancy", weeks=99)
    with pytest.raises(DocumentError, match=r"^contraindications\[0\]\.weeks: must be 0-45"):
        check_client(make_client(contraindications=(weeks,)))
    long_note = Finding("forward_head", 2, note="x" * 1001)
    with pytest.raises(DocumentError, match=r"^findings\[0\]\.note: is 1001 characters long"):
        check_assessment(make_assessment(findings=(long_note,)))
    too_severe = Finding("forward_head", 4)
    with pytest.raises(DocumentError, match=r"^findings\[0\]\.severity: must be 0-3, got 4$"):
        check_assessment(make_assessment(findings=(too_severe,)))


@frozen
class Visit:
    """A class as a new field would be added: the rule is written once, beside the field."""

    minutes: Annotated[int, Range(5, 240)] = 60
    mood: Annotated[str | None, OneOf(("calm", "tense"))] = None
    words: Annotated[str, Text(10)] = ""


@pytest.mark.parametrize(
    ("data", "path", "toml", "json"),
    [
        ({"minutes": 3}, ("minutes",), "must be 5-240, got 3", "must be 5-240, got 3"),
        (
            {"mood": "angry"},
            ("mood",),
            "'angry' is not one of: calm, tense",
            "must be one of calm, tense, got 'angry'",
        ),
        (
            {"words": "a\nb"},
            ("words",),
            "must be one line",
            "must be one line",
        ),
        (
            {"mintues": 30},
            ("mintues",),
            "unknown key (expected one of: minutes, mood, words); did you mean 'minutes'?",
            "unknown key 'mintues' (expected one of: minutes, mood, words);"
            " did you mean 'minutes'?",
        ),
    ],
)
def test_a_new_field_is_checked_by_its_rule_alone(
    data: dict[str, Any], path: tuple[str, ...], toml: str, json: str
) -> None:
    with pytest.raises(ShapeError) as from_toml:
        structure(data, Visit, TOML)
    assert (from_toml.value.path, from_toml.value.problem) == (path, toml)
    with pytest.raises(ShapeError) as from_json:
        structure(data, Visit, JSON)
    json_path = () if "unknown" in json else path  # JSON names an unknown key at its object
    assert (from_json.value.path, from_json.value.problem) == (json_path, json)
    if "unknown" not in json:
        with pytest.raises(ShapeError) as in_memory:
            check_rules(Visit(**data))
        assert (in_memory.value.path, in_memory.value.problem) == (path, json)


def test_a_valid_value_reads_back_as_written() -> None:
    assert structure({"minutes": 90, "mood": "calm"}, Visit, JSON) == Visit(90, "calm")
    assert structure({}, Visit, TOML) == Visit()
    check_rules(Visit(90, "tense", "fine"))  # raises nothing


def test_a_document_key_is_named_only_when_it_is_a_plain_id() -> None:
    data = {"client": {"name": "Ana"}, "assessment": {"measurements": {"HIV+ \x1b[2J": 1}}}
    with pytest.raises(DocumentError) as caught:
        parse_document(data, KNOWLEDGE, today=date(2026, 12, 6))
    message = str(caught.value)
    assert message == (
        "assessment.measurements.(key not shown): contains a control character (U+001B),"
        " which is not allowed"
    )
