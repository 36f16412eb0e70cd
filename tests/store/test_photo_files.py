"""A visit's photos in the store: private files named by their SHA-256, checked, exported, and
removed with the visit or the client."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from attrs import evolve

from posture_tui.domain.common import Side
from posture_tui.domain.photos import Landmark, Measure, Photo, sha256_of
from posture_tui.store.check import check_store, repair_store
from posture_tui.store.errors import NotFoundError
from posture_tui.store.repository import TinyRepository
from posture_tui.use_cases.transfer import export_record, import_payload

from .helpers import make_assessment, make_client

FRONT_BYTES = b"\xff\xd8\xff\xe0 a front photo " + bytes(range(256))
SIDE_BYTES = b"\xff\xd8\xff\xe0 a side photo " + bytes(range(200))


def _photo(view: str, data: bytes) -> Photo:
    return Photo(
        view=view,
        sha256=sha256_of(data),
        format="jpg",
        size=len(data),
        width=600,
        height=1200,
        measures=(Measure("head_tilt_deg", 3.5, "deg", Side.RIGHT, 0.97),),
        landmarks=(Landmark("nose", 300.0, 150.0, 0.99),),
    )


def _attached(repo: TinyRepository, assessment_id: str = "a-one", **photos: bytes) -> Photo:
    """Photos kept as the CLI and the workstation keep them: the bytes, then the save."""
    kept = []
    for view, data in photos.items():
        assert repo.store_photo("c-anna", data, "jpg") == sha256_of(data)
        kept.append(_photo(view, data))
    current = repo.get_assessment("c-anna", assessment_id)
    repo.save_assessment(evolve(current, photos=(*current.photos, *kept)))
    return kept[0]


@pytest.fixture
def filled(repo: TinyRepository) -> TinyRepository:
    repo.save_client(make_client())
    repo.save_assessment(make_assessment())
    return repo


def test_a_kept_photo_is_private_named_by_its_bytes_and_read_back(filled: TinyRepository) -> None:
    photo = _attached(filled, front=FRONT_BYTES)
    path = filled.photo_path("c-anna", photo.sha256, "jpg")
    assert path.read_bytes() == FRONT_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    (stored,) = filled.get_assessment("c-anna", "a-one").photos
    assert stored == photo and stored.measures[0].side is Side.RIGHT
    assert check_store(filled.path).problems == []


def test_a_photo_for_a_client_that_does_not_exist_is_refused(filled: TinyRepository) -> None:
    with pytest.raises(NotFoundError):
        filled.store_photo("c-nobody", FRONT_BYTES, "jpg")
    assert list(filled.layout.photos.iterdir()) == []


def test_the_json_record_carries_the_photos_and_their_measures(filled: TinyRepository) -> None:
    _attached(filled, front=FRONT_BYTES)
    document = json.loads(json.dumps(export_record(filled, "c-anna")))
    (photo,) = document["assessments"][-1]["photos"]
    assert photo["view"] == "front" and photo["sha256"] == sha256_of(FRONT_BYTES)
    assert photo["measures"][0] == {
        "id": "head_tilt_deg",
        "value": 3.5,
        "unit": "deg",
        "side": "right",
        "confidence": 0.97,
    }


def test_deleting_a_visit_removes_only_the_photos_no_other_visit_names(
    filled: TinyRepository,
) -> None:
    filled.save_assessment(make_assessment(assessment_id="a-two"))
    shared = _attached(filled, front=FRONT_BYTES)
    _attached(filled, "a-two", front=FRONT_BYTES, side=SIDE_BYTES)
    side_path = filled.photo_path("c-anna", sha256_of(SIDE_BYTES), "jpg")
    front_path = filled.photo_path("c-anna", shared.sha256, "jpg")
    filled.delete_assessment("c-anna", "a-two")
    assert not side_path.exists() and front_path.exists()  # a-one still names the front one
    assert check_store(filled.path).problems == []
    filled.delete_client("c-anna")
    assert list(filled.layout.photos.iterdir()) == []


def test_check_finds_damaged_missing_and_leftover_photos(filled: TinyRepository) -> None:
    photo = _attached(filled, front=FRONT_BYTES)
    path = filled.photo_path("c-anna", photo.sha256, "jpg")
    assert check_store(filled.path).problems == []  # remembered as verified
    path.write_bytes(FRONT_BYTES + b"changed")
    (damaged,) = check_store(filled.path, incremental=True).problems
    assert damaged.path == path and damaged.text.startswith("damaged")
    path.unlink()
    (missing,) = check_store(filled.path).problems
    assert missing.path == path and missing.text.startswith("missing")
    path.write_bytes(FRONT_BYTES)
    os.chmod(path, 0o600)
    assert check_store(filled.path).problems == []
    filled.store_photo("c-anna", SIDE_BYTES, "jpg")  # attached, but the save never happened
    (leftover,) = check_store(filled.path).problems
    assert "kept with no visit" in leftover.text
    report = repair_store(filled.path)
    assert report.problems == [] and not leftover.path.exists() and path.exists()


def test_a_photo_a_draft_names_is_not_a_leftover(filled: TinyRepository) -> None:
    from datetime import UTC, datetime

    from posture_tui.domain.records import Draft

    data = SIDE_BYTES
    filled.store_photo("c-anna", data, "jpg")
    visit = evolve(filled.get_assessment("c-anna", "a-one"), photos=(_photo("side", data),))
    draft = Draft(make_client(), visit, datetime(2026, 3, 2, tzinfo=UTC), id="d-one")
    filled.save_draft(draft)
    assert check_store(filled.path).problems == []


def test_a_stored_photo_with_a_bad_digest_does_not_read(filled: TinyRepository) -> None:
    from posture_tui.incoming.record import check_assessment
    from posture_tui.incoming.values import DocumentError

    bad = evolve(_photo("front", FRONT_BYTES), sha256="../../etc/passwd")
    with pytest.raises(DocumentError, match=r"^photos\[0\]\.sha256: must be 64 lowercase"):
        check_assessment(evolve(make_assessment(), photos=(bad,)))
    twice = (_photo("front", FRONT_BYTES), _photo("front", SIDE_BYTES))
    with pytest.raises(DocumentError, match=r"^photos\[1\]\.view: a visit keeps one photo"):
        check_assessment(evolve(make_assessment(), photos=twice))


def test_photos_survive_in_a_store_opened_again(filled: TinyRepository, tmp_path: Path) -> None:
    from posture_tui.store.repository import open_store

    _attached(filled, front=FRONT_BYTES)
    again = open_store(filled.path)
    assert again.get_assessment("c-anna", "a-one").photos[0].sha256 == sha256_of(FRONT_BYTES)


def test_an_exported_record_with_photos_imports_into_another_store(
    filled: TinyRepository, tmp_path: Path
) -> None:
    from posture_tui.knowledge.loader import load_knowledge
    from posture_tui.store.errors import StoreError
    from posture_tui.store.repository import open_store

    photo = _attached(filled, front=FRONT_BYTES)
    document = json.loads(json.dumps(export_record(filled, "c-anna")))
    other = open_store(tmp_path / "other")
    import_payload(other, document, load_knowledge())
    assert other.photo_path("c-anna", photo.sha256, "jpg").read_bytes() == FRONT_BYTES
    assert other.get_assessment("c-anna", "a-one").photos == (photo,)
    assert check_store(other.path).problems == []
    third = open_store(tmp_path / "third")
    key = f"{photo.sha256}.jpg"
    for files, message in (
        ({}, "photo_files: the front photo of assessment a-one is not included"),
        ({key: "bm90IHRoZSBwaG90bw=="}, f"photo_files.{key}: the bytes are not the photo"),
        ({key: "%%%"}, f"photo_files.{key}: not base64"),
        ({"../x.jpg": ""}, "photo_files: a key is not SHA256.jpg or SHA256.png"),
    ):
        with pytest.raises(StoreError, match=message):
            import_payload(third, {**document, "photo_files": files}, load_knowledge())
        assert not third.layout.photos.exists() or list(third.layout.photos.iterdir()) == []


def test_a_fifo_or_link_in_place_of_a_photo_is_never_read(
    filled: TinyRepository, tmp_path: Path
) -> None:
    """Someone with write access to a shared store puts a FIFO (which would block a reader) or
    a link to another file where a photo was: the notes say it is missing, the record export
    refuses in one line, and check reports it."""
    from posture_tui.store.errors import StoreError
    from posture_tui.store.photo_files import photo_loader

    photo = _attached(filled, front=FRONT_BYTES)
    path = filled.photo_path("c-anna", photo.sha256, "jpg")
    path.unlink()
    os.mkfifo(path)
    assert photo_loader(filled, "c-anna")(photo) is None
    with pytest.raises(StoreError, match="is a FIFO, not a file"):
        export_record(filled, "c-anna")
    assert any(p.path == path for p in check_store(filled.path).problems)
    path.unlink()
    secret = tmp_path / "secret.txt"
    secret.write_bytes(FRONT_BYTES)  # even the right bytes are not read through a link
    path.symlink_to(secret)
    assert photo_loader(filled, "c-anna")(photo) is None


def test_a_draft_naming_a_photo_outside_the_store_does_not_read(filled: TinyRepository) -> None:
    """A draft is read back before its visit is resumed: a photo digest that would make a path
    out of the photos folder is refused like any damaged draft, in one line."""
    from datetime import UTC, datetime

    from posture_tui.domain.records import Draft
    from posture_tui.store.errors import StoreError

    bad = evolve(_photo("front", FRONT_BYTES), sha256="../../../etc/passwd")
    visit = evolve(filled.get_assessment("c-anna", "a-one"), photos=(bad,))
    filled.save_draft(Draft(make_client(), visit, datetime(2026, 3, 2, tzinfo=UTC), id="d-bad"))
    with pytest.raises(StoreError, match=r"assessment\.photos\[0\]\.sha256: must be 64") as caught:
        filled.load_draft("d-bad")
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreError, match="not a kept photo's digest"):
        filled.photo_path("c-anna", "../../../etc/passwd", "jpg")


def test_keeping_a_photo_again_replaces_whatever_stood_in_its_place(
    filled: TinyRepository, tmp_path: Path
) -> None:
    """A link (or a damaged file of the right size) at a photo's name never stands in for it."""
    decoy = tmp_path / "decoy.jpg"
    decoy.write_bytes(b"x" * len(FRONT_BYTES))
    path = filled.photo_path("c-anna", sha256_of(FRONT_BYTES), "jpg")
    path.parent.mkdir(exist_ok=True)
    path.symlink_to(decoy)
    filled.store_photo("c-anna", FRONT_BYTES, "jpg")
    assert not path.is_symlink() and path.read_bytes() == FRONT_BYTES
    assert decoy.read_bytes() == b"x" * len(FRONT_BYTES)
