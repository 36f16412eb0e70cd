"""Runs every benchmark module, prints a table and writes the figures to bench-results.json."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

import benchmarks

RESULTS_FILE = Path("bench-results.json")


def _modules() -> list[str]:
    names = [
        f"benchmarks.{info.name}"
        for info in pkgutil.iter_modules(benchmarks.__path__)
        if info.name.endswith("_bench")
    ]
    wanted = sys.argv[1:]
    return [name for name in sorted(names) if not wanted or any(w in name for w in wanted)]


def _passed(row: dict[str, Any]) -> bool | None:
    goal = row.get("goal")
    if goal is None:
        return None
    kind, limit = goal
    value = row["ratio"] if kind == "ratio" else row["value"]
    return bool(value is not None and value <= limit)


def _format(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'benchmark':<44} {'value':>12} {'baseline':>12} {'ratio':>7}  goal      ok"]
    for row in rows:
        goal = row.get("goal")
        goal_text = (
            "" if goal is None else (f"<= {goal[1]}x" if goal[0] == "ratio" else f"<= {goal[1]}")
        )
        baseline = row.get("baseline")
        ratio = row.get("ratio")
        ok = _passed(row)
        value = "n/a" if row["value"] is None else f"{row['value']:.3f}"
        lines.append(
            f"{row['name']:<44} {value:>10}{row['unit']:>2} "
            f"{'' if baseline is None else f'{baseline:.3f}':>12} "
            f"{'' if ratio is None else f'{ratio:.2f}':>7}  {goal_text:<9} "
            f"{'' if ok is None else ('yes' if ok else 'NO')}"
        )
    return "\n".join(lines)


def main() -> int:
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for name in _modules():
        module = importlib.import_module(name)
        print(f"running {name} ...", flush=True)
        rows.extend(module.run())
    print()
    print(_format(rows))
    RESULTS_FILE.write_text(
        json.dumps(
            {
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "python": sys.version.split()[0],
                "seconds": round(time.perf_counter() - started, 1),
                "rows": [{**row, "passed": _passed(row)} for row in rows],
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nfigures written to {RESULTS_FILE}")
    return 0 if all(_passed(row) is not False for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
