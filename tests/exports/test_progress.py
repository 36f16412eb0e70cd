"""Progress in the note and the handout: what changed since the earlier visit, in every format."""

from __future__ import annotations

import re

import pytest

from posture_tui.exports.api import build_document, render

from .records import make_earlier_assessment, make_followup
from .test_html_pdf import pdf_text


def _text(what: str, fmt: str, client, knowledge, earlier=True) -> str:
    document = build_document(
        what,
        client,
        make_followup(),
        knowledge,
        earlier=make_earlier_assessment() if earlier else None,
    )
    data = render(document, fmt)
    if fmt == "pdf":
        return pdf_text(data)
    text = data.decode()
    if fmt == "md":
        text = text.replace("\\", "")  # escapes (as in \-1) do not show to a reader
    if fmt == "html":
        text = re.sub(r"<[^>]+>", " ", text)  # what a reader sees, cell by cell
    return " ".join(text.replace("|", " ").split())


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "pdf"])
def test_note_shows_pain_findings_patterns_and_ndi_with_their_judgement(fmt, client, knowledge):
    text = _text("note", fmt, client, knowledge)
    assert re.search(r"Progress since the visit of 2026-11-13", text, re.I)
    assert "a change of 1 point or 15% matters, 2 points or 33% is much" in text
    assert "Neck right 7/10 6/10 -1 better" in text
    assert "Head, temple right 5/10 6/10 +1 worse" in text
    assert "Top of shoulder left 4/10 - -4 resolved, much better" in text
    assert "Forward head midline severe (3) moderate (2) improved" in text
    assert "Head tilt left - mild (1) new" in text
    assert "Upper crossed pattern strong 90% strong 72% persisting, weaker (-18%)" in text
    assert "Lower crossed pattern weak 40% - resolved" in text
    assert "Craniovertebral angle 40 deg 44.5 deg +4.5 deg better" in text
    assert "NDI (/50) 20/50 (moderate) 10/50 (mild) -10 improved (MCID 5)" in text


def test_progress_sits_between_the_assessment_and_the_plan(client, knowledge):
    text = _text("note", "txt", client, knowledge)
    assert text.index("A: ASSESSMENT") < text.index("PROGRESS SINCE") < text.index("P: PLAN")


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "pdf"])
def test_handout_says_since_your_last_visit_in_plain_words(fmt, client, knowledge):
    text = _text("handout", fmt, client, knowledge)
    assert "Since your last visit" in text or "SINCE YOUR LAST VISIT" in text
    assert "Compared with your visit on 13 November 2026" in text
    assert "The neck (right): 7 → 6 out of 10, better" in text
    assert "The side of the head (right): 5 → 6 out of 10, worse" in text
    assert "The top of the shoulder (left): 4 → 0 out of 10, much better" in text
    assert "No longer seen: Lower crossed pattern" in text
    assert "Less marked than last time: Upper crossed pattern" in text
    assert "Neck questionnaire (NDI): 20 out of 50 → 10 out of 50, a real improvement" in text
    assert "MCID" not in text and "NPRS" not in text  # no clinical shorthand for the client


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
@pytest.mark.parametrize("what", ["handout", "note"])
def test_a_first_visit_has_no_progress_part(what, fmt, client, knowledge):
    text = _text(what, fmt, client, knowledge, earlier=False)
    assert not re.search(r"progress since|since your last visit", text, re.I)
    assert "→" not in text and "compared with" not in text.lower()
