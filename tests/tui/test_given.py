"""The treatment given (issue 16, item 4): recorded by keyboard in the plan pane at 80x24, kept
through a save, shown in the note, refused on a signed assessment, and checked on read."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import notices, open_first_visit, text_of, type_text, visit
from textual.widgets import DataTable

from posture_tui.domain.assessment import Finding
from posture_tui.domain.common import Side
from posture_tui.domain.given import GivenStep, Outcome, Pressure, step_key
from posture_tui.exports.api import build_document
from posture_tui.exports.markdown import render_markdown
from posture_tui.exports.text import render_text
from posture_tui.incoming.record import check_assessment
from posture_tui.incoming.values import DocumentError
from posture_tui.knowledge.model import Knowledge
from posture_tui.store import codec
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.given_dialog import GivenDialog

UPPER_CROSSED = (
    Finding("forward_head", 2),
    Finding("rounded_shoulders", 2, Side.RIGHT),
    Finding("thoracic_kyphosis_increased", 2),
)


def _marks(app: PostureApp) -> list[str]:
    table = visit(app).query_one("#steps", DataTable)
    return [str(table.get_row_at(n)[-1]) for n in range(table.row_count)]


async def test_record_the_treatment_given_save_reopen_and_note(
    make_app: Callable[..., PostureApp], repo: TinyRepository, knowledge: Knowledge
) -> None:
    client, (first,) = seed_client(repo, "Gia Given", findings=UPPER_CROSSED)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        session = screen.session
        await pilot.press("f5")
        await pilot.pause()
        steps = session.plan.steps
        assert len(steps) >= 3
        assert session.given_for(0) is None

        # Step 1: done, moderate pressure (p cycles light, moderate).
        await pilot.press("y", "p", "p")
        await pilot.pause()
        assert session.given_for(0) == attrs.evolve(
            GivenStep(steps[0].technique, Outcome.DONE, steps[0].muscle, steps[0].region),
            side=steps[0].side,
            pressure=Pressure.MODERATE,
        )
        assert "Given: done · moderate" in text_of(app, "#plan-detail")

        # Step 2: done, firm, one minute less, and the client's response in the dialog.
        await pilot.press("j", "y", "p", "p", "p", "left_square_bracket", "r")
        await pilot.pause()
        assert isinstance(app.screen, GivenDialog)
        await pilot.press("tab")  # from the common responses to one's own words
        await type_text(pilot, "eased")
        await pilot.press("enter")
        await pilot.pause()
        second = session.given_for(1)
        assert second is not None
        assert second.outcome is Outcome.CHANGED  # fewer minutes than planned
        assert second.pressure is Pressure.FIRM
        assert second.minutes == steps[1].minutes - 1
        assert second.response == "eased"

        # Step 3: skipped; s twice clears it, a third time skips it again.
        await pilot.press("j", "s", "s", "s")
        await pilot.pause()
        assert session.given_for(2) is not None
        assert session.given_for(2).outcome is Outcome.SKIPPED  # type: ignore[union-attr]
        assert _marks(app)[:4] == ["✓", "~", "✗", ""]
        assert "3 given" in text_of(app, "#plan-summary")
        assert session.dirty
        await pilot.pause(0.5)  # the draft, autosaved a moment after the last change, keeps it
        draft = repo.load_draft(session.draft_id)
        assert draft is not None and draft.assessment is not None
        assert draft.assessment.given == session.assessment.given

        # The keys act on steps only: on the exercises they say so and change nothing.
        await pilot.press("tab", "y")
        await pilot.pause()
        assert any("tab to the steps" in message for message in notices(app))
        assert len(session.assessment.given) == 3

        await pilot.press("f6")
        await pilot.pause()
        assert not session.dirty

    saved = repo.get_assessment(client.id, first.id)
    assert [g.outcome for g in saved.given] == [Outcome.DONE, Outcome.CHANGED, Outcome.SKIPPED]
    assert [g.key for g in saved.given] == [step_key(s) for s in saved.effective_plan.steps[:3]]

    # Reopened: the marks and the detail line are back.
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await open_first_visit(pilot, again)
        await pilot.press("f5")
        await pilot.pause()
        assert _marks(again)[:3] == ["✓", "~", "✗"]
        assert "Given: done · moderate" in text_of(again, "#plan-detail")

    # The note says what was given, before what comes next.
    stored = repo.get_client(client.id)
    for render in (render_markdown, render_text):
        note = render(build_document("note", stored, saved, knowledge))
        assert "Treatment given" in note
        total = len(saved.effective_plan.steps)
        assert f"2 of {total} steps done (1 changed), 1 skipped" in note
        assert "done, moderate pressure" in note
        assert "changed, firm pressure" in note
        assert "eased" in note
        assert "skipped" in note
        if "Course of treatment" in note:
            assert note.index("Treatment given") < note.index("Course of treatment")


async def test_a_signed_assessment_refuses_recording(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, (first,) = seed_client(repo, "Sol Signed", findings=UPPER_CROSSED)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y", "f6")
        await pilot.pause()
    signed = repo.sign_assessment(client.id, first.id, "dana")
    assert signed.is_signed
    assert len(signed.given) == 1
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        assert screen.session.read_only
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("y", "p", "right_square_bracket", "r")
        await pilot.pause()
        assert screen.session.plan.steps
        assert not isinstance(app.screen, GivenDialog)
        assert screen.session.assessment.given == signed.given
        assert _marks(app)[0] == "✓"
        assert any("read-only" in message for message in notices(app))


def test_an_older_record_opens_with_nothing_given(repo: TinyRepository) -> None:
    client, (first,) = seed_client(repo, "Otto Old", findings=UPPER_CROSSED)
    document = codec.to_document("assessment", first)
    document.pop("given")
    older = codec.from_document("assessment", document)
    assert older.given == ()
    assert repo.get_assessment(client.id, first.id).given == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"outcome": "finished"}, "given[0].outcome"),
        ({"pressure": "crushing"}, "given[0].pressure"),
        ({"minutes": 999}, "given[0].minutes"),
        ({"response": "x" * 81}, "given[0].response"),
        ({"technique": "no_such_technique"}, "given[0].technique"),
    ],
)
def test_the_record_check_refuses_a_bad_value(
    repo: TinyRepository, knowledge: Knowledge, change: dict[str, object], field: str
) -> None:
    _, (first,) = seed_client(repo, "Bea Bad", findings=UPPER_CROSSED)
    technique = next(iter(knowledge.techniques))
    good = GivenStep(technique, Outcome.DONE, pressure=Pressure.LIGHT, minutes=5)
    check_assessment(attrs.evolve(first, given=(good,)), knowledge)
    bad = attrs.evolve(first, given=(attrs.evolve(good, **change),))
    with pytest.raises(DocumentError) as caught:
        check_assessment(bad, knowledge)
    message = str(caught.value)
    assert message.startswith(f"{field}: ")
    assert "\n" not in message


def test_a_step_recorded_twice_is_refused(repo: TinyRepository, knowledge: Knowledge) -> None:
    _, (first,) = seed_client(repo, "Dee Double", findings=UPPER_CROSSED)
    step = GivenStep(next(iter(knowledge.techniques)), Outcome.DONE)
    with pytest.raises(DocumentError, match=r"^given\[1\]: "):
        check_assessment(attrs.evolve(first, given=(step, step)))


def test_a_bad_stored_value_is_one_line_naming_the_field(repo: TinyRepository) -> None:
    _, (first,) = seed_client(repo, "Cy Codec", findings=UPPER_CROSSED)
    document = codec.to_document("assessment", first)
    document["given"] = [{"technique": "gua_sha", "outcome": "finished"}]
    with pytest.raises(codec.CodecError) as caught:
        codec.from_document("assessment", document)
    assert "given" in str(caught.value)
    assert "outcome" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_save_conflict_names_the_treatment_given(knowledge: Knowledge) -> None:
    from posture_tui.store.merge import Conflict
    from posture_tui.tui.screens.conflict import describe

    one = [{"technique": "gua_sha", "outcome": "done"}]
    two = [*one, {"technique": "cupping", "outcome": "skipped"}]
    assert describe(Conflict("given", None, [], one, two), knowledge) == (
        "Treatment given",
        "2 steps recorded",
        "1 step recorded",
    )
