"""Which neuromuscular technique a muscle gets comes from the knowledge base
([settings.techniques]), so a clinic can name another one; no technique id is fixed in code."""

from __future__ import annotations

from pathlib import Path

import pytest

from posture_tui.knowledge.loader import KnowledgeError, load_knowledge

from .build import pain, run

UPPER = (
    ("forward_head", 2),
    ("rounded_shoulders", 2, "bilateral"),
    ("shoulder_elevated", 2, "right"),
)


def _neuromuscular(folder: Path | None, **kwargs: object) -> set[str]:
    kb = load_knowledge(folder)
    plan = run(kb, *UPPER, **kwargs).plan  # type: ignore[arg-type]
    return {s.technique for s in plan.steps if s.muscle and s.technique != "passive_stretch"}


def test_shipped_choice_is_stripping_for_tight_bands_and_compression_for_trigger_points() -> None:
    assert "stripping" in _neuromuscular(None)
    assert "static_compression" in _neuromuscular(None, pain=(pain("neck", 6),))


def test_a_clinic_names_another_technique_for_tight_bands(tmp_path: Path) -> None:
    (tmp_path / "choice.toml").write_text(
        '[settings.techniques]\ntight_bands = "cross_fiber_friction"\n'
    )
    chosen = _neuromuscular(tmp_path)
    assert "cross_fiber_friction" in chosen and "stripping" not in chosen


def test_a_technique_of_another_layer_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "choice.toml").write_text('[settings.techniques]\ntrigger_points = "cupping"\n')
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    text = str(caught.value)
    assert "choice.toml: settings.techniques.trigger_points" in text
    assert "'cupping' is a technique of layer cupping, not neuromuscular" in text
