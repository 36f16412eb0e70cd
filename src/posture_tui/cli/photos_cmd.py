"""`posture-tui photos analyze --front F [--side S] [--back B] [--height-cm H]`: posture
measures from photos, and what they would fill in and suggest (nothing is saved)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "photos",
        help="measure posture from photos (needs the photos extra)",
        description="Measure posture from a front, side and back photo with an offline pose "
        "model (the optional photos extra). Nothing is saved: the measures, the measurements "
        "they would fill in and the findings they suggest are printed for the therapist to "
        "confirm on the checklist.",
    )
    actions = parser.add_subparsers(dest="photos_action", metavar="ACTION", required=True)
    analyze = actions.add_parser("analyze", help="measure the photos and print what they show")
    analyze.add_argument("--front", metavar="FILE", help="a photo from the front")
    analyze.add_argument("--side", metavar="FILE", help="a photo from the side")
    analyze.add_argument("--back", metavar="FILE", help="a photo from behind")
    analyze.add_argument(
        "--height-cm",
        type=float,
        metavar="CM",
        help="the client's height: scales the photos so distances read in cm",
    )
    analyze.add_argument("--format", choices=("text", "json"), default="text")
    analyze.set_defaults(func=run_photos)


def run_photos(args: argparse.Namespace) -> int:
    from posture_tui.photos.analysis import analyze_photos
    from posture_tui.photos.geometry import PhotoError
    from posture_tui.photos.pose import landmarks

    photos = {
        view: Path(value)
        for view, value in (("front", args.front), ("side", args.side), ("back", args.back))
        if value
    }
    if not photos:
        raise CliError("give at least one photo: --front, --side or --back", code=2)
    knowledge = load_knowledge_for(args)
    try:
        report = analyze_photos(photos, knowledge, args.height_cm, landmarks)
    except PhotoError as error:
        raise CliError(str(error), code=2) from None
    if args.format == "json":
        print(json.dumps(_json(report), indent=2))
    else:
        print("\n".join(_lines(report, knowledge)))
    return 0


def _value(measure: Any) -> str:
    from posture_tui.photos.names import value_text

    return f"{value_text(measure):<30} confidence {measure.confidence:.2f}"


def _lines(report: Any, knowledge: Any) -> list[str]:
    from posture_tui.domain.text import safe
    from posture_tui.exports.words import named
    from posture_tui.photos.names import measure_name

    lines = []
    for view in report.views:
        lines.append(f"{view.view.capitalize()} photo ({safe(view.photo)})")
        for measure in view.measures:
            lines.append(f"  {measure_name(measure):<38} {_value(measure)}")
        for reason in view.left_out:
            lines.append(f"  not measured: {reason}")
        if not view.scaled and not any(r.startswith("distances") for r in view.left_out):
            lines.append("  (distances in cm need --height-cm)")
    lines.append("Would fill in (confirm each on the checklist's measurements view):")
    for fill in report.fills:
        definition = knowledge.measurements[fill.measurement]
        lines.append(
            f"  {definition.label:<38} {fill.value:g} {definition.unit}  from the {fill.view} photo"
        )
    if not report.fills:
        lines.append("  nothing")
    lines.append("Would suggest (confirm each on the checklist):")
    for suggestion in report.suggestions:
        item = knowledge.checklist[suggestion.item]
        side = f" ({suggestion.side.value})" if suggestion.side is not None else ""
        lines.append(f"  {item.label}{side}, severity {suggestion.severity}")
        if suggestion.why:  # the measurement and the knowledge base's rule behind it
            lines.append(f"    {named(suggestion.why, knowledge)}")
    if not report.suggestions:
        lines.append("  nothing")
    lines.append("Nothing was saved.")
    return lines


def _json(report: Any) -> dict[str, Any]:
    return {
        "views": [
            {
                "view": view.view,
                "photo": view.photo,
                "scaled": view.scaled,
                "not_measured": list(view.left_out),
                "measures": [
                    {
                        "id": m.id,
                        "value": m.value,
                        "unit": m.unit,
                        "side": m.side.value if m.side is not None else None,
                        "confidence": m.confidence,
                    }
                    for m in view.measures
                ],
            }
            for view in report.views
        ],
        "fills": [
            {"measurement": f.measurement, "value": f.value, "from": f.measure, "view": f.view}
            for f in report.fills
        ],
        "suggestions": [
            {
                "item": s.item,
                "severity": s.severity,
                "side": s.side.value if s.side is not None else None,
            }
            for s in report.suggestions
        ],
    }
