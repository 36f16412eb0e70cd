"""Every format of a record made by the shipped knowledge and the real engine."""

from __future__ import annotations

import pytest

from posture_tui.exports.api import FORMATS, build_document, render
from posture_tui.knowledge.loader import load_knowledge

from .real import real_assessment, real_client
from .records import dose_words
from .test_html_pdf import pdf_text


@pytest.fixture(scope="module")
def record():
    knowledge = load_knowledge()
    return real_client(), real_assessment(knowledge), knowledge


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("what", ["handout", "note"])
def test_every_exercise_and_dose_in_every_format(what, fmt, record):
    client, assessment, knowledge = record
    exercises = assessment.effective_plan.exercises
    assert len(exercises) >= 3  # the engine made a real home program (3 to 5 to start)
    data = render(build_document(what, client, assessment, knowledge), fmt)
    if fmt == "pdf":
        text = pdf_text(data)
    else:
        text = _flat(data.decode("utf-8").replace("&#x27;", "'"))
        if fmt == "md":
            text = text.replace("\\", "")
    for exercise in exercises:
        assert exercise.name in text, exercise.name
        assert dose_words(what, exercise.dose) in text, exercise.dose
    assert "Zoë 山田太郎" in text


def test_note_names_every_raised_pattern_and_excluded_technique(record):
    client, assessment, knowledge = record
    text = _flat(render(build_document("note", client, assessment, knowledge), "txt").decode())
    for flag in assessment.analysis.flags:
        assert flag.name in text
    for item in assessment.analysis.plan.excluded:
        assert item.reason in text
    assert "Craniovertebral angle" in text  # measurement evidence shown by its label


def test_handout_summaries_come_from_the_knowledge_base(record):
    client, assessment, knowledge = record
    text = _flat(render(build_document("handout", client, assessment, knowledge), "txt").decode())
    for flag in assessment.analysis.flags:
        summary = flag.summary or knowledge.patterns[flag.pattern].summary
        assert _flat(summary) in text
