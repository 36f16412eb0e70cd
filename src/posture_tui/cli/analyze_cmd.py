"""`posture-tui analyze FILE [--format text|json]`: flags, plan and exercises for one document."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from posture_tui.cli.common import knowledge as load_knowledge_for
from posture_tui.cli.errors import CliError

MAX_DOCUMENT_BYTES = 5_000_000


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="analyze one assessment document and print flags, plan and exercises",
        description="Read one assessment document (JSON; see README) and print the flags raised, "
        "the layered treatment plan, what it left out and why, and the home program.",
    )
    parser.add_argument("file", metavar="FILE", help="the assessment document; - reads stdin")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for a person (default), json for scripts",
    )
    parser.set_defaults(func=run_analyze)


def _read(file: str) -> str:
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with Path(file).open("rb") as handle:
                raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise CliError(f"cannot read {file}: no such file", code=2) from None
    except IsADirectoryError:
        raise CliError(f"cannot read {file}: it is a folder", code=2) from None
    except PermissionError:
        raise CliError(f"cannot read {file}: permission denied", code=2) from None
    except OSError as error:
        raise CliError(f"cannot read {file}: {error.strerror or 'read error'}", code=2) from None
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise CliError(f"{file}: larger than {MAX_DOCUMENT_BYTES} bytes", code=2)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CliError(f"{file}: not UTF-8 text (byte {error.start})", code=2) from None


def run_analyze(args: argparse.Namespace) -> int:
    from posture_tui.domain.text import safe
    from posture_tui.engine.analysis_report import render_text
    from posture_tui.engine.analyze import analyze
    from posture_tui.engine.serialize import analysis_to_json
    from posture_tui.incoming import DocumentError, load_json_text, parse_document

    text = _read(args.file)
    knowledge = load_knowledge_for(args)
    name = "stdin" if args.file == "-" else args.file
    try:
        document = parse_document(load_json_text(text), knowledge)
    except DocumentError as error:
        raise CliError(f"{name}: {error}", code=2) from None
    analysis = analyze(
        knowledge,
        document.assessment,
        document.client.pain,
        document.client.contraindications,
    )
    if args.format == "json":
        output = json.dumps(analysis_to_json(analysis), indent=2) + "\n"
    else:
        output = safe(
            render_text(analysis, knowledge, document.assessment.findings), multiline=True
        )
    try:
        try:
            sys.stdout.write(output)
        except UnicodeEncodeError:  # a terminal that cannot show some character: substitute it
            encoding = sys.stdout.encoding or "ascii"
            sys.stdout.write(output.encode(encoding, "replace").decode(encoding))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) closed early: not an error
        return 0
    return 0
