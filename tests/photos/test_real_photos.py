"""The pose model on real photos (with the photos extra; skipped, saying why, without it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from posture_tui.cli.main import run
from posture_tui.knowledge.loader import load_knowledge
from posture_tui.photos import pose
from posture_tui.photos.analysis import analyze_photos
from posture_tui.photos.geometry import PhotoError

needs_model = pytest.mark.skipif(
    not pose.available(), reason="the photos extra (mediapipe) is not installed: make setup"
)


def portrait() -> Path:
    """Grace Hopper's portrait, which matplotlib (a dependency of the model) ships: the head
    and shoulders of one person, from the front."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"


@needs_model
def test_a_portrait_measures_the_head_and_names_what_it_cannot_see() -> None:
    report = analyze_photos({"front": portrait()}, load_knowledge(), 165, pose.landmarks)
    (front,) = report.views
    measures = {m.id: m for m in front.measures}
    assert set(measures) == {"head_tilt_deg"}
    tilt = measures["head_tilt_deg"]
    assert 0 < tilt.value < 10 and tilt.confidence > 0.9 and tilt.side is not None
    assert not front.scaled and front.left_out[0].startswith("distances in cm: an eye and an")
    assert any(
        r.startswith("left knee angle: the left hip is not clearly visible") for r in front.left_out
    )
    assert report.fills == () and report.suggestions == ()


def _photo_error(path: Path) -> str:
    with pytest.raises(PhotoError) as caught:
        pose.landmarks(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


@needs_model
def test_bad_photos_get_one_line_each(tmp_path: Path) -> None:
    from PIL import Image

    text = tmp_path / "notes.jpg"
    text.write_text("not a photo at all")
    assert _photo_error(text).endswith("not a photo (a JPEG or PNG file)")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(portrait().read_bytes()[:20_000])
    assert _photo_error(cut).endswith("the photo is damaged or cut short")
    huge = tmp_path / "huge.png"
    Image.new("L", (8000, 7000)).save(huge)
    assert "is too large (at most 50 megapixels)" in _photo_error(huge)
    empty = tmp_path / "empty.png"
    Image.new("RGB", (640, 480), (200, 200, 200)).save(empty)
    assert _photo_error(empty).endswith("no person found in the photo")
    with Image.open(portrait()) as one:
        two = Image.new("RGB", (one.width * 2, one.height))
        two.paste(one, (0, 0))
        two.paste(one, (one.width, 0))
    pair = tmp_path / "pair.jpg"
    two.save(pair)
    assert _photo_error(pair).endswith("2 people in the photo; take it of the client alone")
    assert _photo_error(tmp_path / "missing.jpg").endswith("No such file or directory")


@needs_model
def test_the_command_prints_measures_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = set(tmp_path.iterdir())
    assert run(["photos", "analyze", "--front", str(portrait())]) == 0
    out = capsys.readouterr().out
    assert "Front photo (grace_hopper.jpg)" in out and "Head tilt" in out
    assert "Nothing was saved." in out
    assert set(tmp_path.iterdir()) == before
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert run(["photos", "analyze", "--side", str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty.png: not a photo (a JPEG or PNG file)" in err


def test_without_the_extra_the_command_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "mediapipe", None)  # an import of it now fails
    monkeypatch.setitem(sys.modules, "mediapipe.python.solutions", None)
    assert not pose.available()
    assert run(["photos", "analyze", "--front", "front.jpg"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'posture-tui[photos]'" in err and err.count("\n") == 1


@needs_model
def test_photos_client_id_keeps_the_photo_with_the_visit_in_progress(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import stat

    from tests.store.helpers import make_assessment, make_client

    from posture_tui.store.check import check_store
    from posture_tui.store.repository import open_store

    store = tmp_path / "store"
    repo = open_store(store)
    repo.save_client(make_client())
    before = repo.save_assessment(make_assessment())
    db = ["--db", str(store)]
    assert run(["photos", "c-anna", "--front", str(portrait()), *db]) == 0
    out = capsys.readouterr().out
    assert "Kept with visit a-one (revision 2): the front photo(s)" in out
    (photo,) = repo.get_assessment("c-anna", "a-one").photos
    assert photo.view == "front" and photo.format == "jpg" and photo.width > 100
    assert photo.measures[0].id == "head_tilt_deg"
    kept = repo.photo_path("c-anna", photo.sha256, "jpg")
    assert kept.read_bytes() == portrait().read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    after = repo.get_assessment("c-anna", "a-one")
    assert after.measurements == before.measurements and after.findings == before.findings
    report = check_store(store)
    assert report.problems == [] and report.photos == 1
    assert run(["check", *db]) == 0
    assert "is healthy (1 clients, 1 photo(s);" in capsys.readouterr().out
    repo.sign_assessment("c-anna", "a-one", by="dana")
    assert run(["photos", "c-anna", "--front", str(portrait()), *db]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "has no visit in progress" in err
    assert run(["photos", "c-nobody", "--front", str(portrait()), *db]) == 1
    assert "no client c-nobody" in capsys.readouterr().err


@needs_model
def test_the_clients_height_is_entered_once_and_offered_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.store.helpers import make_assessment, make_client

    from posture_tui.store.repository import open_store

    store = tmp_path / "store"
    repo = open_store(store)
    repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    db = ["--db", str(store)]
    assert run(["photos", "c-anna", "--front", str(portrait()), "--height-cm", "168", *db]) == 0
    assert "Height:" not in capsys.readouterr().out  # given, not remembered
    assert repo.get_assessment("c-anna", "a-one").photos[0].height_cm == 168
    repo.save_assessment(make_assessment(assessment_id="a-two"))
    assert run(["photos", "c-anna", "--front", str(portrait()), "--assessment", "a-two", *db]) == 0
    out = capsys.readouterr().out
    assert "Height: 168 cm, as entered before for this client (change it with --height-cm)" in out
    assert repo.get_assessment("c-anna", "a-two").photos[0].height_cm == 168
