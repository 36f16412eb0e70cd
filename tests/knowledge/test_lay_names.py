"""Every shipped muscle has plain words for the client handout; a clinic's own may go without."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posture_tui.knowledge import loader
from posture_tui.knowledge.loader import KnowledgeError, load_knowledge


def test_every_shipped_muscle_has_a_lay_name() -> None:
    kb = load_knowledge()
    for muscle in kb.muscles.values():
        assert muscle.lay_name, muscle.id
        assert muscle.lay_name.lower() != muscle.name.lower(), muscle.id
        assert muscle.lay_name[0].islower(), f"{muscle.id}: read inside a sentence"
    assert kb.muscles["sternocleidomastoid"].lay_name == "side of the neck"


def test_a_clinic_muscle_without_a_lay_name_loads(tmp_path: Path) -> None:
    (tmp_path / "arm.toml").write_text(
        '[muscles.brachioradialis]\nname = "Brachioradialis"\nregion = "arm"\n'
    )
    assert load_knowledge(tmp_path).muscles["brachioradialis"].lay_name == ""


def test_an_empty_lay_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "arm.toml").write_text('[muscles.upper_trapezius]\nlay_name = " "\n')
    with pytest.raises(KnowledgeError, match=r"muscles\.upper_trapezius\.lay_name"):
        load_knowledge(tmp_path)


def test_a_shipped_muscle_without_a_lay_name_is_refused() -> None:
    shipped = loader._shipped_raw()
    files = []
    for name, raw in shipped:
        if name == "muscles.toml":
            muscles = {key: dict(value) for key, value in raw["muscles"].items()}
            del muscles["soleus"]["lay_name"]
            raw = {**raw, "muscles": muscles}
        files.append((name, raw))
    with pytest.raises(KnowledgeError, match=re.escape("muscles.toml: muscles.soleus.lay_name")):
        loader._build(files)
