"""`posture-tui export CLIENT_ID --format md|txt|html|pdf|json`: handouts and notes leave here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from posture_tui.cli.common import add_db_option, clinic_settings, open_repository
from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError
from posture_tui.exports.formats import (
    DEFAULT_REVIEW_WEEKS,
    FORMATS,
    PAPERS,
    TEXT_FORMATS,
    WHATS,
)

ALL_FORMATS = (*FORMATS, "json")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export a client handout or a clinical note (md, txt, html, pdf) or the record (json)",
        description="Export the client handout or the SOAP clinical note of one assessment "
        "(default: the latest), or the client's whole record as JSON. Markdown, text and JSON "
        "go to stdout; HTML and PDF go to a private file in the exports folder, whose path is "
        "printed. -o FILE writes any format to FILE (mode 0600), which must not exist yet "
        "unless --force is given; -o - writes any format to stdout.",
    )
    parser.add_argument("client_id", metavar="CLIENT_ID", help="the client's id")
    add_db_option(parser)
    parser.add_argument(
        "--format", required=True, choices=ALL_FORMATS, help="md, txt, html, pdf or json"
    )
    parser.add_argument(
        "--what", choices=WHATS, default="handout", help="handout (default) or note"
    )
    parser.add_argument(
        "--assessment", metavar="ID", help="assessment id (default: the latest assessment)"
    )
    parser.add_argument(
        "--revision", metavar="N", type=int, help="a given revision (default: the latest)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead (a new regular file; '-' is standard output)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace FILE if it is an existing regular file (folders, devices, pipes and "
        "links are always refused); without -o, replace an earlier export of the same name",
    )
    parser.add_argument(
        "--review-weeks",
        metavar="N",
        type=int,
        default=DEFAULT_REVIEW_WEEKS,
        help=f"next review this many weeks after the visit, on the handout (default "
        f"{DEFAULT_REVIEW_WEEKS})",
    )
    parser.add_argument(
        "--paper",
        choices=tuple(PAPERS),
        help="PDF paper size (default: the clinic settings' paper, else a4)",
    )
    parser.add_argument(
        "--handout-photos",
        action="store_true",
        help="show the visit's photos with their landmarks in the handout too (the note always "
        "shows them)",
    )
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress-from",
        metavar="ASSESSMENT_ID",
        help="say what changed since this earlier assessment (default: the one just before "
        "the exported assessment, when there is one)",
    )
    progress.add_argument(
        "--no-progress",
        action="store_true",
        help="leave out what changed since the earlier visit",
    )
    parser.set_defaults(func=run_export)


def _record(repo: Any, args: argparse.Namespace) -> tuple[Any, Any, list[Any]]:
    """The client, the assessment to export and the latest revision of every visit, from one
    read of the client's file (reading it once per question decoded the record twice)."""
    from posture_tui.store.errors import NotFoundError

    try:
        client, revisions = repo.record(args.client_id)
    except NotFoundError:
        raise CliError(f"no client with id {args.client_id}", code=1) from None
    newest: dict[str, Any] = {}
    for item in revisions:
        if item.id not in newest or item.revision > newest[item.id].revision:
            newest[item.id] = item
    visits = sorted(newest.values(), key=lambda item: (item.created, item.id), reverse=True)
    if args.assessment:
        wanted = args.assessment
    elif visits:
        wanted = visits[0].id
    else:
        raise CliError(f"client {client.id} has no assessment to export", code=1)
    found = [
        item
        for item in revisions
        if item.id == wanted and (args.revision is None or item.revision == args.revision)
    ]
    if not found:
        which = args.assessment or "latest"
        revision = f" revision {args.revision}" if args.revision is not None else ""
        raise CliError(f"client {client.id} has no assessment {which}{revision}", code=1)
    return client, max(found, key=lambda item: item.revision), visits


def _earlier(args: argparse.Namespace, client: Any, assessment: Any, visits: list[Any]) -> Any:
    """The assessment to show progress since: --progress-from, else the visit just before."""
    from posture_tui.progress.pairs import visit_before

    if args.no_progress:
        return None
    if args.progress_from is None:
        return visit_before(visits, assessment)
    found = next((visit for visit in visits if visit.id == args.progress_from), None)
    if found is None:
        raise CliError(
            f"client {client.id} has no assessment {args.progress_from} to compare with", code=1
        )
    if (found.created, found.id) >= (assessment.created, assessment.id):
        raise CliError(
            f"--progress-from {found.id} is not earlier than the exported assessment "
            f"{assessment.id}",
            code=1,
        )
    return found


def _json_bytes(repo: Any, args: argparse.Namespace) -> bytes:
    from posture_tui.store.errors import NotFoundError
    from posture_tui.use_cases.transfer import export_record

    if args.assessment or args.revision is not None or args.progress_from:
        raise CliError(
            "--format json exports the whole record; drop --assessment/--revision/--progress-from"
        )
    try:
        data = export_record(repo, args.client_id)
    except NotFoundError:
        raise CliError(f"no client with id {args.client_id}", code=1) from None
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _to_stdout(data: bytes) -> int:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        raise CliError(
            f"cannot write to standard output: {error.strerror or 'write error'}", code=1
        ) from None
    return 0


def run_export(args: argparse.Namespace) -> int:
    from posture_tui.exports.api import default_filename, export_bytes, write_export
    from posture_tui.exports.errors import ExportError
    from posture_tui.store.errors import StoreError
    from posture_tui.store.photo_files import photo_loader

    if args.review_weeks < 1 or args.review_weeks > 104:
        raise CliError("--review-weeks must be between 1 and 104")
    to_stdout = args.output == "-"
    output = Path(args.output) if args.output and not to_stdout else None
    clinic = clinic_settings(args)  # a bad settings file: one line, before the store opens
    try:
        repo = open_repository(args, create=False)
        if args.format == "json":
            data = _json_bytes(repo, args)
            to_file = output is not None
            name = ""
        else:
            client, assessment, visits = _record(repo, args)
            earlier = _earlier(args, client, assessment, visits)
            data = export_bytes(
                args.what,
                args.format,
                client,
                assessment,
                load_knowledge_for(args),
                review_weeks=args.review_weeks,
                paper=args.paper,
                earlier=earlier,
                clinic=clinic,
                photos=photo_loader(repo, client.id),
                handout_photos=args.handout_photos,
            )
            to_file = output is not None or args.format not in TEXT_FORMATS
            name = default_filename(args.what, client, assessment, args.format, clinic)
        if to_stdout or not to_file:
            return _to_stdout(data)
        written = write_export(data, output, name, force=args.force)
    except ExportError as error:
        raise CliError(str(error), code=1) from None
    except StoreError as error:
        raise CliError(f"store: {error}", code=1) from None
    print(written)
    return 0
