"""Search folding: lower case without accents, for any text a name may hold."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from posture_tui.store.search import fold


def slow_fold(text: str) -> str:
    """The definition: decompose, drop every combining mark, casefold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def test_accents_and_case_fold_away() -> None:
    assert fold("Zoë Müller") == "zoe muller"
    assert fold("ÅSA Øberg") == "asa øberg"
    assert fold("山田 太郎") == "山田 太郎"
    assert fold("Straße") == "strasse"


@given(st.text())
def test_fold_matches_its_definition(text: str) -> None:
    assert fold(text) == slow_fold(text)
