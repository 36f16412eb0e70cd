"""`posture-tui progress CLIENT_ID [--from ID] [--to ID] [--format text|json]`: what changed."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from posture_tui.cli.common import add_db_option, open_repository
from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError
from posture_tui.domain.text import safe

if TYPE_CHECKING:  # the records (18 attrs classes) are built only by the commands that read them
    from posture_tui.domain.records import Assessment


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="compare two assessments of a client and show the trend over all visits",
        description="Compare two assessments of a client (findings, flags, pain against its "
        "minimal important change, measurements, NDI and ODI), then the trend over all visits "
        "and the body map of the later visit. Default: the latest assessment against the one "
        "before it.",
    )
    parser.add_argument("client_id", metavar="CLIENT_ID", help="the client's id")
    add_db_option(parser)
    parser.add_argument(
        "--from",
        dest="from_id",
        metavar="ID",
        help="the earlier assessment (default: the one before --to)",
    )
    parser.add_argument(
        "--to", dest="to_id", metavar="ID", help="the later assessment (default: the latest)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for a person (default), json for scripts",
    )
    parser.set_defaults(func=run_progress)


def choose_pair(
    visits: Sequence[Assessment], from_id: str | None, to_id: str | None
) -> tuple[Assessment, Assessment]:
    """The (earlier, later) pair to compare from visits sorted oldest first."""
    by_id = {visit.id: visit for visit in visits}
    for given in (from_id, to_id):
        if given is not None and given not in by_id:
            raise CliError(f"no assessment {given} for this client", code=1)
    if len(visits) < 2 and (from_id is None or to_id is None):
        raise CliError(
            f"this client has {len(visits)} assessment{'s' if len(visits) != 1 else ''}; "
            "progress needs two",
            code=1,
        )
    later = by_id[to_id] if to_id is not None else visits[-1]
    if from_id is not None:
        earlier = by_id[from_id]
    else:
        from posture_tui.progress.pairs import visit_before

        before = visit_before(visits, later)
        if before is None:
            raise CliError(f"assessment {later.id} is the first; give --from", code=1)
        earlier = before
    if earlier.id == later.id:
        raise CliError("--from and --to name the same assessment", code=1)
    return earlier, later


def _load_visits(args: argparse.Namespace) -> list[Assessment]:
    from posture_tui.progress.trend import chronological
    from posture_tui.store.errors import NotFoundError, StoreError

    repository = open_repository(args, create=False)  # a read: never creates a store
    try:
        repository.get_client(args.client_id)
        visits = repository.list_assessments(args.client_id)
    except NotFoundError:
        raise CliError(f"no client {args.client_id}", code=1) from None
    except StoreError as error:
        raise CliError(str(error), code=1) from None
    return chronological(visits)


def run_progress(args: argparse.Namespace) -> int:
    from posture_tui.progress.body_map import body_map_for, render_body_map
    from posture_tui.progress.body_map_json import body_map_to_json
    from posture_tui.progress.compare import compare_assessments
    from posture_tui.progress.progress_report import (
        comparison_lines,
        comparison_to_json,
        trend_lines,
        trend_to_json,
    )
    from posture_tui.progress.trend import build_trend

    visits = _load_visits(args)
    earlier, later = choose_pair(visits, args.from_id, args.to_id)
    knowledge = load_knowledge_for(args)
    comparison = compare_assessments(earlier, later, knowledge)
    trend = build_trend(visits)
    body_map = body_map_for(later, knowledge)
    if args.format == "json":
        data = {
            "comparison": comparison_to_json(comparison),
            "trend": trend_to_json(trend),
            "body_map": body_map_to_json(body_map, assessment_id=later.id),
        }
        output = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        lines = [
            f"Progress of client {args.client_id}",
            *comparison_lines(comparison, knowledge),
            "",
            *trend_lines(trend, knowledge),
            "",
            f"Body map at visit {later.id} ({later.created:%Y-%m-%d})",
            *render_body_map(body_map),
        ]
        output = safe("\n".join(lines), multiline=True) + "\n"
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    return 0
