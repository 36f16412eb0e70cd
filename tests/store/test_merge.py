"""Three-way merge of two saves: one-sided changes merge, two-sided ones are asked about."""

from __future__ import annotations

from typing import Any

from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from posture_tui.domain.assessment import Finding, Measurements
from posture_tui.domain.common import Side
from posture_tui.domain.intake import PainEntry
from posture_tui.store import codec
from posture_tui.store.merge import ABSENT, KEYED, Conflict, merge, resolve

from .helpers import make_assessment, make_client

SCALARS = ("name", "contact", "medications", "notes")
VALUES = st.sampled_from(["", "a", "b", "c"])
ITEMS = ("forward_head", "round_shoulders", "flat_feet", "scoliosis")
FINDING = st.builds(
    lambda item, severity, side: {"item": item, "severity": severity, "side": side, "note": ""},
    st.sampled_from(ITEMS),
    st.integers(0, 3),
    st.sampled_from([None, "L", "R"]),
)


def _findings() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(FINDING, max_size=4, unique_by=lambda f: f["item"])


DOC = st.fixed_dictionaries(
    {
        **{name: VALUES for name in SCALARS},
        "findings": _findings(),
        "measurements": st.fixed_dictionaries(
            {"cva_deg": st.sampled_from([None, 40.0, 50.0]), "thomas_test": VALUES}
        ),
        "revision": st.integers(0, 5),
    }
)


def _edit(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A document derived from base: some fields changed, some list items changed."""
    return st.fixed_dictionaries(
        {
            **{name: st.one_of(st.just(base[name]), VALUES) for name in SCALARS},
            "findings": st.one_of(st.just(base["findings"]), _findings()),
            "measurements": st.fixed_dictionaries(
                {
                    "cva_deg": st.sampled_from([base["measurements"]["cva_deg"], None, 40.0, 50.0]),
                    "thomas_test": st.one_of(st.just(base["measurements"]["thomas_test"]), VALUES),
                }
            ),
            "revision": st.integers(0, 9),
        }
    )


def _items(doc: dict[str, Any]) -> dict[Any, Any]:
    key = KEYED["findings"]
    return {key(item): item for item in doc.get("findings", [])}


def _units(doc: dict[str, Any]) -> dict[tuple[str, Any], Any]:
    """Every merge unit of a document: scalar fields, nested keys, findings by item."""
    units: dict[tuple[str, Any], Any] = {(name, None): doc[name] for name in SCALARS}
    for sub, value in doc["measurements"].items():
        units[(f"measurements.{sub}", None)] = value
    for key in {*_items(doc)}:
        units[("findings", key)] = _items(doc)[key]
    return units


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_one_sided_changes_survive_and_two_sided_ones_are_asked(data: st.DataObject) -> None:
    base = data.draw(DOC)
    mine = data.draw(_edit(base))
    theirs = data.draw(_edit(base))
    result = merge(base, mine, theirs)
    asked = {(c.path, c.key) for c in result.conflicts}
    b, m, t = _units(base), _units(mine), _units(theirs)
    merged = _units_of(result.merged)
    for unit in {*b, *m, *t}:
        bv, mv, tv = b.get(unit, ABSENT), m.get(unit, ABSENT), t.get(unit, ABSENT)
        if mv == bv and tv == bv:
            assert merged.get(unit, ABSENT) == bv and unit not in asked  # unchanged stays
        elif mv == bv:
            assert merged.get(unit, ABSENT) == tv and unit not in asked  # theirs only
        elif tv == bv:
            assert merged.get(unit, ABSENT) == mv and unit not in asked  # mine only
        elif mv == tv:
            assert merged.get(unit, ABSENT) == mv and unit not in asked  # the same change
        else:
            assert unit in asked  # both changed, differently: the therapist decides
    # Nothing is asked that is not a real two-sided difference.
    for conflict in result.conflicts:
        assert conflict.mine != conflict.theirs
        assert conflict.mine != conflict.base and conflict.theirs != conflict.base
    # Either pick for every conflict gives that side's value for it.
    for pick in ("mine", "theirs"):
        settled = _units_of(resolve(result, [pick] * len(result.conflicts)))
        for conflict in result.conflicts:
            wanted = conflict.mine if pick == "mine" else conflict.theirs
            assert settled.get((conflict.path, conflict.key), ABSENT) == wanted
    assert result.merged["revision"] == theirs["revision"]


def _units_of(doc: dict[str, Any]) -> dict[tuple[str, Any], Any]:
    full = {"measurements": {}, "findings": [], **doc}
    for name in SCALARS:
        full.setdefault(name, ABSENT)
    units = _units(full)
    return {unit: value for unit, value in units.items() if value is not ABSENT}


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_without_a_base_every_difference_is_asked(data: st.DataObject) -> None:
    mine = data.draw(DOC)
    theirs = data.draw(DOC)
    result = merge(None, mine, theirs)
    asked = {c.path for c in result.conflicts}
    for name in SCALARS:
        assert (name in asked) == (mine[name] != theirs[name])


def test_medication_of_theirs_and_a_finding_of_mine_both_survive() -> None:
    client = codec.unstructure(make_client())
    theirs = {**client, "medications": "warfarin", "revision": 2}
    mine = {**client, "goals": "walk"}
    result = merge(client, mine, theirs)
    assert result.conflicts == ()
    assert result.merged["medications"] == "warfarin" and result.merged["goals"] == "walk"
    assert result.theirs_fields == ("medications",) and result.mine_fields == ("goals",)

    visit = make_assessment()
    base = codec.unstructure(evolve(visit, findings=(Finding("forward_head", 1),)))
    mine_a = codec.unstructure(
        evolve(visit, findings=(Finding("forward_head", 1), Finding("flat_feet", 2, Side.LEFT)))
    )
    theirs_a = codec.unstructure(
        evolve(
            visit,
            findings=(Finding("forward_head", 3),),
            measurements=Measurements(cva_deg=44.0),
            pain=(PainEntry("neck", 5),),
        )
    )
    result = merge(base, mine_a, theirs_a)
    assert result.conflicts == ()
    back = codec.structure(result.merged, type(visit))
    assert {(f.item, f.severity) for f in back.findings} == {("forward_head", 3), ("flat_feet", 2)}
    assert back.measurements.get("cva_deg") == 44.0 and back.pain == (PainEntry("neck", 5),)


def test_one_finding_changed_on_both_sides_is_one_question() -> None:
    visit = make_assessment()
    base = codec.unstructure(evolve(visit, findings=(Finding("forward_head", 1),)))
    mine = codec.unstructure(evolve(visit, findings=(Finding("forward_head", 2, Side.RIGHT),)))
    theirs = codec.unstructure(evolve(visit, findings=(Finding("forward_head", 3),)))
    result = merge(base, mine, theirs)
    (conflict,) = result.conflicts
    assert isinstance(conflict, Conflict)
    assert conflict.path == "findings" and conflict.key == ("forward_head",)
    assert conflict.mine["severity"] == 2 and conflict.theirs["severity"] == 3
    kept = codec.structure(resolve(result, ["theirs"]), type(visit))
    assert kept.findings == (Finding("forward_head", 3),)
