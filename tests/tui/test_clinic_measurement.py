"""A clinic's own measurement on the checklist: typed, counted, analysed, no crash on any key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.knowledge.test_clinic_measurement import CLINIC
from tests.tui.conftest import SIZE, seed_client
from tests.tui.helpers import open_measurements, text_of, type_text
from textual.widgets import Input, Select

from posture_tui.domain.assessment import Finding
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge
from posture_tui.store.repository import TinyRepository
from posture_tui.tui.app import PostureApp


@pytest.fixture
def knowledge(tmp_path: Path) -> Knowledge:
    folder = tmp_path / "clinic"
    folder.mkdir()
    (folder / "measurements.toml").write_text(CLINIC, encoding="utf-8")
    return load_knowledge(folder)


async def test_a_clinic_measurement_is_typed_counted_and_raises_its_finding(
    make_app: Callable[..., PostureApp], repo: TinyRepository
) -> None:
    seed_client(repo, "Bo Berg", findings=(Finding("forward_head", 2),))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_measurements(pilot, app)
        session = screen.session
        assert "Measurements 0/6" in text_of(app, "#view-progress")
        for _ in range(4):  # past the four shipped measurements
            await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "m-wall_angel_gap_cm"
        await type_text(pilot, "7")
        await pilot.pause()
        assert session.assessment.measurements.get("wall_angel_gap_cm") == 7.0
        assert "Measurements 1/6" in text_of(app, "#view-progress")
        assert any(note.startswith("Rounded shoulders") for note in session.analysis.derived)
        await pilot.press("tab")
        assert isinstance(app.focused, Select) and app.focused.id == "m-slump_test"
        await pilot.press("f4")
        await pilot.pause()
        results = text_of(app, "#results-body")
        assert "Upper crossed" in results and "• Wall angel gap  7 cm" in results
        for key in ("f3", "f5", "f2", "f3"):  # every view reads the new measurement
            await pilot.press(key)
            await pilot.pause()
        assert app.is_running and app.screen is screen
        await pilot.press("f6")
        await pilot.pause()
    saved = repo.get_assessment(session.assessment.client_id, session.assessment.id)
    assert saved.measurements.get("wall_angel_gap_cm") == 7.0
