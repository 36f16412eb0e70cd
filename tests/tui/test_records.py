"""Signed is read-only, amend makes a new revision, follow-ups start from last (save
conflicts: test_save_conflicts.py)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import answer, notices, open_first_visit, visit

from posture_tui.domain.assessment import Finding
from posture_tui.domain.intake import ContraindicationEntry, PainEntry
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.client_screen import ClientScreen
from posture_tui.tui.widgets.intake import IntakePane


async def test_signed_is_read_only_until_amended(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, (first,) = seed_client(repo, "Di Dunn", findings=(Finding("forward_head", 1),))
    signed = repo.sign_assessment(client.id, first.id, "dana")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        assert screen.session.read_only
        await answer(pilot, app, "forward_head", 3)
        assert screen.session.finding("forward_head").severity == 1  # type: ignore[union-attr]
        assert any("amend" in message.lower() for message in notices(app))
        await pilot.press("f8")
        await pilot.pause()
        assert not screen.session.read_only
        assert screen.session.assessment.revision == signed.revision + 1
        await answer(pilot, app, "forward_head", 3)
        await pilot.press("f6")
        await pilot.pause()
    assert repo.get_assessment(client.id, first.id).findings[0].severity == 3
    assert repo.get_assessment(client.id, first.id, signed.revision).findings[0].severity == 1


async def test_follow_up_starts_from_last_intake(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    _, (first,) = seed_client(repo, "Flo Fry")
    repo.save_assessment(attrs.evolve(first, pain=(PainEntry("neck", 7),)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("n")
        await pilot.pause()
        screen = visit(app)
        assert screen.session.follow_up_of is not None
        assert screen.session.assessment.pain == (PainEntry("neck", 7),)
        assert screen.query_one(IntakePane).has_focus_within
        labels = " ".join(str(label.content) for label in screen.query(".field-label"))
        assert "Changes" in labels
        assert "Follow-up to the visit of 2026-03-02" in str(
            screen.query_one("#follow-up-note").content  # type: ignore[attr-defined]
        )
        assert screen.session.assessment.id != first.id
        # The cursor waits in "what changed"; a stray key there never touches the name.
        assert app.focused is not None and app.focused.id == "f-notes"
        await pilot.press("b", "e", "t", "t", "e", "r")
        await pilot.pause()
        assert screen.session.assessment.notes == "better"
        assert screen.session.client.name == "Flo Fry"
        await pilot.press(*["shift+tab"] * 6)  # back to the name: a key adds, never replaces
        assert app.focused is not None and app.focused.id == "f-name"
        await pilot.press("s")
        await pilot.pause()
        assert screen.session.client.name == "Flo Frys"


async def test_client_page_names_the_region_of_a_contraindication(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, _ = seed_client(repo, "Reg Ion")
    repo.save_client(
        attrs.evolve(
            client,
            contraindications=(
                ContraindicationEntry("skin_lesion", "upper_back"),
                ContraindicationEntry("pacemaker"),
            ),
        )
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        summary = str(app.screen.query_one("#client-summary").content)
        assert "Skin lesion (Upper back), Pacemaker or implanted device" in summary


async def test_signing_a_saved_visit_signs_that_revision(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    client, (first,) = seed_client(repo, "Sal Sign", findings=(Finding("forward_head", 2),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_visit(pilot, app)
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    revisions = repo.assessment_revisions(client.id, first.id)
    # Nothing changed since the save: no empty revision before the signature.
    assert [(r.revision, r.status) for r in revisions] == [(1, "draft"), (2, "signed")]


async def test_a_signed_visit_refuses_every_edit_by_key_and_by_click(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    """One guard (tui/read_only.py): the edit actions are disabled, a key says why, a click
    on a pain row opens nothing; amending enables them again."""
    from posture_tui.tui.read_only import EditsVisit
    from posture_tui.tui.screens.intake_dialogs import PainDialog
    from posture_tui.tui.widgets.intake import PainList

    client, (first,) = seed_client(repo, "Ro Only", findings=(Finding("forward_head", 1),))
    repo.save_assessment(attrs.evolve(first, pain=(PainEntry("neck", 5),)))
    repo.sign_assessment(client.id, first.id, "dana")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_visit(pilot, app)
        assert screen.session.read_only
        await pilot.press("f2")
        await pilot.pause()
        pain = screen.query_one(PainList)
        assert isinstance(pain, EditsVisit)
        assert pain.check_action("add", ()) is None and pain.check_action("cursor_down", ())
        await pilot.click(PainList, offset=(2, 0))
        await pilot.pause()
        assert not isinstance(app.screen, PainDialog)
        assert any("read-only" in message for message in notices(app))
        await pilot.press("f8")
        await pilot.pause()
        assert not screen.session.read_only and pain.check_action("add", ()) is True
        await pilot.click(PainList, offset=(2, 0))
        await pilot.pause()
        assert isinstance(app.screen, PainDialog)
