"""The handout of a real record speaks the client's words in every format (issue 16 item 2):
no Latin muscle name, no pattern name, no knowledge-base id; every exercise's lay target, side,
client dose and frequency; the daily minutes; a two-week tick log; a body map that tells what
was seen and reported from what was inferred; and a PDF of few, well-filled pages."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from pypdf import PageObject, PdfReader

from posture_tui.exports.api import FORMATS, build_document, render
from posture_tui.exports.words import client_dose, client_frequency, client_side, client_target
from posture_tui.knowledge.loader import load_knowledge

from .real import real_assessment, real_client
from .test_html_pdf import pdf_text


@pytest.fixture(scope="module")
def record():
    knowledge = load_knowledge()
    return real_client(), real_assessment(knowledge), knowledge


def _text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        text = pdf_text(data)
    else:
        text = data.decode("utf-8").replace("&#x27;", "'")
        text = text.replace("\\", "") if fmt == "md" else text
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_handout_has_no_latin_name_pattern_name_or_id(fmt, record):
    client, assessment, knowledge = record
    text = _text(render(build_document("handout", client, assessment, knowledge), fmt), fmt)
    lower = text.lower()
    for muscle in knowledge.muscles.values():
        assert muscle.name.lower() not in lower, muscle.name
    for pattern in knowledge.patterns.values():
        assert pattern.name.lower() not in lower, pattern.name
    ids = {
        *knowledge.muscles,
        *knowledge.patterns,
        *knowledge.exercises,
        *knowledge.checklist,
        *knowledge.measurements,
        *knowledge.pain_regions,
    }
    for key in ids:
        if "_" in key:  # a one-word id ("neck") is an ordinary word
            assert not re.search(rf"\b{re.escape(key)}\b", text), key
    for jargon in ("end range", "reps", "Middle of the body", "Dose:", "Whole body ("):
        assert jargon not in text, jargon


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_exercise_in_plain_words_with_the_minutes_and_the_tick_log(fmt, record):
    client, assessment, knowledge = record
    text = _text(render(build_document("handout", client, assessment, knowledge), fmt), fmt)
    exercises = assessment.effective_plan.exercises
    assert len(exercises) >= 3
    for exercise in exercises:
        for words in (
            exercise.name,
            client_target(exercise, knowledge),
            client_side(exercise.side),
            client_dose(exercise.dose),
            client_frequency(exercise.dose),
        ):
            assert words in text, words
    assert "about 9 minutes a day" in text
    assert "Your two-week log".lower() in text.lower()
    assert "Tick a box each day" in text
    if fmt in ("txt", "md"):  # a grid: 14 day columns for each exercise
        assert " 13 | 14 |" in text if fmt == "md" else " 13 14 " in text


def test_the_tick_log_is_a_grid_of_boxes_in_text(record):
    client, assessment, knowledge = record
    text = render(build_document("handout", client, assessment, knowledge), "txt").decode()
    rows = [line for line in text.splitlines() if line.count("[]") == 14]
    assert len(rows) == len(assessment.effective_plan.exercises)
    html = render(build_document("handout", client, assessment, knowledge), "html").decode()
    assert '<table class="form">' in html


def test_the_body_map_tells_seen_and_reported_from_inferred(record):
    client, assessment, knowledge = record
    text = render(build_document("handout", client, assessment, knowledge), "txt").decode()
    found = text[text.index("WHAT WE FOUND") : text.index("STEP 1")]
    flat = " ".join(found.split())
    assert "a number is pain you told us about" in flat
    assert "X marks where your therapist saw" in flat
    assert "~ marks where tension is likely, worked out from what was seen" in flat
    assert "[ 6 ]" in found  # reported: right temple pain, nothing seen there
    assert "[ 4X]" in found  # reported low back pain where the therapist saw the lordosis
    assert "[  ~]" in found  # a muscle the engine inferred (the buttock), nothing seen
    assert "#" not in found and "*]" not in found  # no severity symbols: a client reads X, ~
    note = render(build_document("note", client, assessment, knowledge), "txt").decode()
    assert "[ 4#]" in note  # the note's map is unchanged


def test_the_pdf_has_few_pages_and_a_well_filled_last_page(record):
    client, assessment, knowledge = record
    document = build_document("handout", client, assessment, knowledge)
    reader = PdfReader(BytesIO(render(document, "pdf")))
    # five cards with their pictures beside the words, the map and the log: three pages (four
    # when each picture sat under its words and a card moved on, leaving page feet empty)
    assert len(reader.pages) == 3
    last = " ".join(reader.pages[-1].extract_text().split())
    assert len(last) > 500, last  # the last page holds more than a footer and a line or two
    assert "Your two-week log" in last  # the log is whole on one page with its heading
    assert "Squat to row" in last.split("Your two-week log")[1]
    for number, page in enumerate(reader.pages[:-1], start=1):
        assert _filled(page) > 0.7, f"page {number} leaves its foot empty"


def _filled(page: PageObject) -> float:
    """How far down the page its lowest line of text reaches (0 top, 1 bottom), the page-number
    footer left out."""
    heights: list[float] = []

    def seen(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if text.strip():
            heights.append(tm[5])

    page.extract_text(visitor_text=seen)
    footer = 20 / 25.4 * 72  # points: the footer sits in the bottom 20 mm
    return 1 - min(y for y in heights if y > footer) / float(page.mediabox.height)
