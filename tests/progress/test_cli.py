"""`posture-tui progress`: the comparison, trend and body map as text and JSON; clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from posture_tui.cli.main import run
from posture_tui.knowledge.loader import load_knowledge


def progress(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_compares_latest_with_the_visit_before(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = progress(capsys, "c1", "--db", str(store_dir))
    assert code == 0, err
    assert "Visit a2 (2026-03-09) -> visit a3 (2026-03-16)" in out
    lines = out.splitlines()
    neck = next(line for line in lines if line.strip().startswith("Neck (right)"))
    assert "5 ->  2" in neck and "-3" in neck and "much better" in neck
    knee = next(line for line in lines if line.strip().startswith("Knee (left)"))
    temple = next(line for line in lines if line.strip().startswith("Temple (right)"))
    assert lines.index(temple) < lines.index(neck) < lines.index(knee)  # head to foot
    assert "new" in knee and "much worse" in knee
    assert any("Forward head" in line and "improved" in line for line in lines)
    label = load_knowledge().checklist["shoulder_elevated"].label
    assert any(f"{label} (right)" in line and "resolved" in line for line in lines)
    assert any("Upper crossed" in line and "90% 60% 30%" in line for line in lines)
    cva = next(line for line in lines if "45 deg -> 49 deg" in line)
    assert "+4 deg" in cva and "better" in cva and "higher is better" in cva
    assert any("moderate 60% -> weak 30%" in line and "weaker" in line for line in lines)
    # a3 has NDI, a2 not: not comparable
    assert any(line.strip().startswith("NDI") and "not comparable" in line for line in lines)
    assert "Trend over 3 visits" in out
    assert "FRONT (client facing you:" in out and "BACK (their right is on your right)" in out
    assert max(len(line) for line in lines) <= 80


def test_text_from_and_to(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = progress(capsys, "c1", "--db", str(store_dir), "--from", "a1", "--to", "a3")
    assert code == 0
    assert "Visit a1 (2026-03-02) -> visit a3 (2026-03-16)" in out
    ndi = next(line for line in out.splitlines() if line.strip().startswith("NDI"))
    assert "20/50 (moderate) -> 8/50 (mild)" in ndi and "-12" in ndi and "improved" in ndi


def test_json_has_the_same_comparison(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = progress(
        capsys, "c1", "--db", str(store_dir), "--from", "a1", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    comparison = data["comparison"]
    assert comparison["from"]["id"] == "a1" and comparison["to"]["id"] == "a3"
    pain = {(p["region"], p["side"]): p for p in comparison["pain"]}
    assert pain[("neck", "right")] == {
        "region": "neck",
        "side": "right",
        "before": 7,
        "after": 2,
        "change": -5,
        "status": "ongoing",
        "verdict": "much better",
    }
    assert pain[("head_temple", "right")]["status"] == "resolved"
    findings = {(f["item"], f["side"]): f["status"] for f in comparison["findings"]}
    assert findings[("rounded_shoulders", "bilateral")] == "resolved"
    assert findings[("knee_valgus", "left")] == "new"
    assert comparison["flags"][0]["change"] == -0.6
    assert comparison["outcomes"]["ndi"]["verdict"] == "improved"
    assert comparison["outcomes"]["ndi"]["mcid"] == 5
    assert [v["id"] for v in data["trend"]["visits"]] == ["a1", "a2", "a3"]
    neck = next(s for s in data["trend"]["series"] if s["name"] == "neck")
    assert neck["values"] == [7, 5, 2]
    cells = {(c["region"], c["side"]): c for c in data["body_map"]["cells"]}
    assert cells[("knee", "left")]["pain"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no client nobody"),
        (["c2"], "this client has 1 assessment; progress needs two"),
        (["c1", "--from", "zz"], "no assessment zz for this client"),
        (["c1", "--to", "a1"], "assessment a1 is the first; give --from"),
        (["c1", "--from", "a2", "--to", "a2"], "--from and --to name the same assessment"),
    ],
)
def test_errors_are_one_clear_line(
    store_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = progress(capsys, *args[:1], "--db", str(store_dir), *args[1:])
    assert code == 1
    assert out == ""
    assert err.strip() == f"posture-tui: {message}"


def test_bad_format_is_a_usage_error(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = progress(capsys, "c1", "--db", str(store_dir), "--format", "xml")
    assert code == 2 and "invalid choice" in err and len(err.strip().splitlines()) == 1


def test_missing_store_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = progress(capsys, "c1", "--db", str(missing))
    assert code == 1 and out == ""
    assert err.startswith(f"posture-tui: no store at {missing}")
    assert not missing.exists()
