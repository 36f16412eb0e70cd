"""Measure from photos in the measurements view: proposals appear, only the ticked ones are set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.photos.test_geometry import front_skeleton, moved
from tests.photos.test_overlay import blank
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import notices, open_measurements, type_text
from textual.widgets import Checkbox, Input, SelectionList, Static

from posture_tui.domain.common import Side
from posture_tui.photos import pose
from posture_tui.photos.geometry import Point
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp
from posture_tui.tui.screens.photos import PhotoPreview, PhotoScreen


def raised_right_shoulder(path: Path) -> tuple[dict[str, Point], tuple[int, int]]:
    """What the model would find on a front photo of a client whose right shoulder is 2 cm up."""
    return moved(front_skeleton(), "right_shoulder", dy=-20), (1000, 2000)


@pytest.mark.skipif(not pose.available(), reason="the photos extra is not installed: make setup")
async def test_photo_proposals_set_only_what_the_therapist_ticks(
    make_app: Callable[..., PostureApp],
    repo: TinyRepository,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(pose, "landmarks", raised_right_shoulder)
    seed_client(repo, "Bo Berg")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measurements(pilot, app)
        session = screen.session
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, PhotoScreen)
        await type_text(pilot, str(blank(tmp_path / "front.png")))
        await pilot.press("tab", "tab", "tab")  # past side and back to the height
        await type_text(pilot, "170")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        proposals = app.screen.query_one(SelectionList)
        prompts = [
            str(proposals.get_option_at_index(n).prompt) for n in range(proposals.option_count)
        ]
        assert prompts == [
            "Fill in Shoulder height difference: 2 cm",
            "Fill in Iliac crest height difference: 0 cm",
            "Record Elevated shoulder right, severity 1",
        ]
        await pilot.press("space")  # tick the first only
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert session.assessment.measurements.get("shoulder_height_diff_cm") == 2.0
        assert session.finding("shoulder_elevated") is None  # not ticked: not set
        assert session.assessment.measurements.get("iliac_crest_diff_cm") is None
        await pilot.press("ctrl+f")  # the paths and height typed before are there again
        await pilot.pause()
        assert app.screen.query_one("#photo-height", Input).value == "170"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("down", "down", "space", "ctrl+s")
        await pilot.pause()
        finding = session.finding("shoulder_elevated")
        assert finding is not None and finding.severity == 1 and finding.side is Side.RIGHT
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+g")  # the photo with its landmarks, in half blocks
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, PhotoPreview)
        caption = str(app.screen.query_one("#preview-caption", Static).render())
        assert caption.startswith("Front photo (front.png): landmarks and plumb line")
        assert "▀" in str(app.screen.query_one("#preview-image", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")  # cancelling sets nothing
        await pilot.pause()
        assert app.screen is screen


@pytest.mark.skipif(not pose.available(), reason="the photos extra is not installed: make setup")
async def test_measured_photos_are_kept_with_the_visit_when_saved(
    make_app: Callable[..., PostureApp],
    repo: TinyRepository,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """ctrl+s keeps the photos (ticked by default) and their measures; F6 saves the visit
    naming them; unticking keeps none."""
    monkeypatch.setattr(pose, "landmarks", raised_right_shoulder)
    client_id = seed_client(repo, "Bo Berg")[0].id
    photo_file = blank(tmp_path / "front.png")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measurements(pilot, app)
        session = screen.session
        await pilot.press("ctrl+f")
        await pilot.pause()
        await type_text(pilot, str(photo_file))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing ticked: only the photo is kept
        await pilot.pause()
        (photo,) = session.assessment.photos
        assert photo.view == "front" and photo.format == "png"
        assert "head_tilt_deg" in {m.id for m in photo.measures}  # no height: no cm
        assert session.assessment.measurements.get("shoulder_height_diff_cm") is None
        assert "1 photo(s) kept with the visit (saved with it)" in notices(app)
        await pilot.press("f6")
        await pilot.pause()
        saved = repo.get_assessment(client_id, session.assessment.id)
        assert saved.photos == (photo,)
        stored = repo.photo_path(client_id, photo.sha256, "png")
        assert stored.read_bytes() == photo_file.read_bytes()
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.screen.query_one("#photos-keep", Checkbox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.assessment.photos == (photo,)  # nothing new kept


@pytest.mark.skipif(not pose.available(), reason="the photos extra is not installed: make setup")
async def test_the_height_entered_at_an_earlier_visit_is_offered(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    from attrs import evolve

    from posture_tui.domain.photos import Photo

    _, visits = seed_client(repo, "Bo Berg", visits=2)
    earlier = Photo("front", "0" * 64, "jpg", 10, 100, 200, scaled=True, height_cm=172.5)
    repo.save_assessment(evolve(visits[0], photos=(earlier,)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_measurements(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.query_one("#photo-height", Input).value == "172.5"


async def test_without_the_extra_the_key_says_how_to_install_it(
    make_app: Callable[..., PostureApp], repo: TinyRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pose, "available", lambda: False)
    seed_client(repo, "Bo Berg")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measurements(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is screen
        assert any("pip install 'posture-tui[photos]'" in n.message for n in app._notifications)
