"""The figures section: every shipped exercise has one; bad poses and images are one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from posture_tui.knowledge.loader import load_knowledge
from posture_tui.knowledge.model import Knowledge


def test_every_shipped_exercise_has_a_figure(kb: Knowledge) -> None:
    missing = sorted(set(kb.exercises) - set(kb.figures))
    assert not missing, f"exercises without a figure in figures.toml: {missing}"
    for figure in kb.figures.values():
        assert figure.start is not None and figure.end is not None and not figure.image


def test_a_missing_image(load_error: Callable[..., str]) -> None:
    message = load_error(figures='[figures.chin_tuck]\nimage = "x.png"\n')
    assert message.endswith(
        "figures.toml: figures.chin_tuck.image: cannot read image file 'x.png': "
        "No such file or directory"
    )


def test_an_unknown_exercise_id(load_error: Callable[..., str], clinic_dir: Path) -> None:
    text = '[figures.chin_tuk]\nstart = { pose = "stand" }\nend = { pose = "stand" }\n'
    message = load_error(figures=text)
    assert "figures.chin_tuk: unknown exercise id 'chin_tuk' (did you mean 'chin_tuck'?)" in (
        message
    )


def test_an_unknown_base_pose(load_error: Callable[..., str]) -> None:
    message = load_error(figures='[figures.chin_tuck.start]\npose = "standing"\n')
    assert "figures.chin_tuck.start.pose: unknown base pose 'standing' (poses: " in message


def test_a_bad_angle_and_key(load_error: Callable[..., str]) -> None:
    message = load_error(figures="[figures.chin_tuck.start]\narm = [1]\n")
    assert message.endswith("figures.chin_tuck.start.arm: expected two angles [upper, lower]")
    message = load_error(figures="[figures.chin_tuck.start]\nelbow = 3\n")
    assert "figures.chin_tuck.start.elbow: unknown key (expected one of: pose, view" in message


def test_a_bad_prop(load_error: Callable[..., str]) -> None:
    message = load_error(figures='[[figures.chin_tuck.props]]\nkind = "sofa"\n')
    assert "figures.chin_tuck.props[0].kind: 'sofa' is not one of: ball, roller" in message


def test_a_figure_needs_poses_or_an_image(load_error: Callable[..., str]) -> None:
    message = load_error(figures='[figures.my_stretch]\nprops = []\n', exercises=(
        '[exercises.my_stretch]\nname = "Mine"\nphase = "lengthen"\ndose = "lengthen"\n'
        'instruction = "Do it."\n'
    ))  # fmt: skip
    assert "figures.my_stretch.start: a figure needs a start and an end pose, or an image" in (
        message
    )


def test_an_image_that_is_not_an_image(load_error: Callable[..., str], clinic_dir: Path) -> None:
    (clinic_dir / "pic.png").write_text("hello", encoding="utf-8")
    message = load_error(figures='[figures.chin_tuck]\nimage = "pic.png"\n')
    assert message.endswith("figures.chin_tuck.image: 'pic.png' is not a PNG or JPEG image")


def test_base_poses_in_a_loop(load_error: Callable[..., str]) -> None:
    message = load_error(poses='[poses.a]\npose = "b"\n[poses.b]\npose = "a"\n')
    assert "base poses build on each other in a loop: a, b" in message


def test_a_clinic_image_is_found_beside_its_file(clinic_dir: Path) -> None:
    (clinic_dir / "tuck.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    (clinic_dir / "figures.toml").write_text(
        '[figures.chin_tuck]\nimage = "tuck.jpg"\n', encoding="utf-8"
    )
    figure = load_knowledge(clinic_dir).figures["chin_tuck"]
    assert figure.image == str((clinic_dir / "tuck.jpg").resolve())
    assert figure.image_type == "jpeg"
