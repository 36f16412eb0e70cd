"""`posture-tui photos analyze|CLIENT_ID --front F [--side S] [--back B] [--height-cm H]`:
posture measures from photos and what they would fill in and suggest; with a client id, the
photos and their measures kept with the client's visit in progress."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from posture_tui.cli.common import add_db_option, open_repository
from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "photos",
        help="measure posture from photos, or keep them with a visit (needs the photos extra)",
        description="Measure posture from a front, side and back photo with an offline pose "
        "model (the optional photos extra). `photos analyze` prints the measures, the "
        "measurements they would fill in and the findings they suggest, and saves nothing. "
        "`photos CLIENT_ID` keeps the photos and their measures with the client's visit in "
        "progress (private files in the store); the measurements are set only when the "
        "therapist confirms them in the workstation.",
    )
    parser.add_argument(
        "target",
        metavar="analyze|CLIENT_ID",
        help="`analyze` to measure only, or the client whose visit keeps the photos",
    )
    parser.add_argument("--front", metavar="FILE", help="a photo from the front")
    parser.add_argument("--side", metavar="FILE", help="a photo from the side")
    parser.add_argument("--back", metavar="FILE", help="a photo from behind")
    parser.add_argument(
        "--height-cm",
        type=float,
        metavar="CM",
        help="the client's height: scales the photos so distances read in cm",
    )
    parser.add_argument(
        "--assessment",
        metavar="ID",
        help="the visit that keeps the photos (default: the client's newest unsigned one)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(parser)
    parser.set_defaults(func=run_photos)


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
    attach = args.target != "analyze"
    if not attach and args.assessment:
        raise CliError("--assessment names the visit that keeps photos: give a client id", 2)
    repo, visit = _visit(args) if attach else (None, None)
    height, remembered = args.height_cm, None
    if height is None and repo is not None and visit is not None:
        height = remembered = _known_height(repo, visit)
    knowledge = load_knowledge_for(args)
    try:
        report = analyze_photos(photos, knowledge, height, landmarks)
        if repo is not None and visit is not None:
            visit = _keep(repo, visit, report, height)
    except PhotoError as error:
        raise CliError(str(error), code=2) from None
    if remembered is not None and args.format == "text":
        said = f"Height: {remembered:g} cm, as entered before for this client"
        print(f"{said} (change it with --height-cm)")
    if args.format == "json":
        document = _json(report)
        if visit is not None:
            document["kept_with"] = {"assessment": visit.id, "revision": visit.revision}
        print(json.dumps(document, indent=2))
    else:
        print("\n".join(_lines(report, knowledge, visit)))
    return 0


def _visit(args: argparse.Namespace) -> tuple[Any, Any]:
    """The store and the visit that keeps the photos: named, or the newest unsigned one."""
    from posture_tui.store.errors import StoreError

    repo = open_repository(args, create=False)
    try:
        client = repo.get_client(args.target)
        visits = repo.list_assessments(client.id)
    except StoreError as error:
        raise CliError(f"store: {error}", code=1) from None
    if args.assessment:
        visit = next((v for v in visits if v.id == args.assessment), None)
        if visit is None:
            raise CliError(f"client {client.id} has no visit {args.assessment}", code=1)
    else:
        visit = next((v for v in visits if not v.is_signed), None)
        if visit is None:
            raise CliError(
                f"client {client.id} has no visit in progress: start one in the workstation, "
                "or amend a signed one, then attach the photos",
                code=1,
            )
    if visit.is_signed:
        raise CliError(f"visit {visit.id} is signed: amend it to add photos", code=1)
    return repo, visit


def _known_height(repo: Any, visit: Any) -> float | None:
    """The client's height as entered for an earlier photo (this visit's first)."""
    from posture_tui.domain.photos import known_height
    from posture_tui.store.errors import StoreError

    try:
        visits = repo.list_assessments(visit.client_id)
    except StoreError:
        return None
    return known_height([visit.photos, *(v.photos for v in visits)])


def _keep(repo: Any, visit: Any, report: Any, height: float | None) -> Any:
    """Each photo's bytes into the store, then the visit saved naming them."""
    from posture_tui.photos.attach import kept_photo, with_photos
    from posture_tui.store.errors import StoreError

    kept = [kept_photo(view, height) for view in report.views]
    try:
        for photo, data in kept:
            repo.store_photo(visit.client_id, data, photo.format)
        return repo.save_assessment(with_photos(visit, [photo for photo, _ in kept]))
    except StoreError as error:
        raise CliError(f"store: {error}", code=1) from None


def _value(measure: Any) -> str:
    from posture_tui.photos.names import value_text

    return f"{value_text(measure):<30} confidence {measure.confidence:.2f}"


def _lines(report: Any, knowledge: Any, visit: Any = None) -> list[str]:
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
    if visit is None:
        lines.append("Nothing was saved.")
    else:
        views = ", ".join(view.view for view in report.views)
        lines.append(
            f"Kept with visit {visit.id} (revision {visit.revision}): the {views} photo(s) and "
            "their measures. Confirm the measurements in the workstation (F3, ctrl+f)."
        )
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
