"""`posture-tui knowledge check|list|show`: a clinic's knowledge folder, checked and as merged."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from posture_tui.cli.common import KNOWLEDGE_ENV
from posture_tui.cli.errors import CliError
from posture_tui.domain.text import safe


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "knowledge",
        help="check a clinic's knowledge folder, list a section, show an entry as merged",
        description="The knowledge base as the workstation uses it: the shipped files merged with "
        "every *.toml of the clinic's folder (DIR, else --knowledge, else "
        f"${KNOWLEDGE_ENV}).",
    )
    actions = parser.add_subparsers(dest="knowledge_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="load and validate the merged base; warn of entries nothing reaches"
    )
    check.add_argument("dir", nargs="?", metavar="DIR", help="the clinic's knowledge folder")
    listing = actions.add_parser("list", help="the entries of a section, and where each is from")
    listing.add_argument("section", metavar="SECTION", help="e.g. exercises, muscles, techniques")
    listing.add_argument("--dir", metavar="DIR", help="the clinic's knowledge folder")
    show = actions.add_parser("show", help="one entry as merged, each key with its file")
    show.add_argument("entry", metavar="SECTION.ID", help="e.g. muscles.upper_trapezius")
    show.add_argument("--dir", metavar="DIR", help="the clinic's knowledge folder")
    parser.set_defaults(func=run_knowledge)


def _folder(args: argparse.Namespace) -> Path | None:
    import os

    given = args.dir or getattr(args, "knowledge", None) or os.environ.get(KNOWLEDGE_ENV)
    return Path(given).expanduser().resolve() if given else None


def run_knowledge(args: argparse.Namespace) -> int:
    from posture_tui.knowledge.reader import KnowledgeError

    folder = _folder(args)
    try:
        if args.knowledge_action == "check":
            return _check(folder)
        from posture_tui.knowledge.inspect import entry_lines, merged_base, section_lines

        merged = merged_base(folder)
        if args.knowledge_action == "list":
            lines = section_lines(merged, args.section, folder)
        else:
            lines = entry_lines(merged, args.entry, folder)
    except KnowledgeError as error:
        raise CliError(f"knowledge base: {error}", code=2) from None
    sys.stdout.write("".join(f"{safe(line)}\n" for line in lines))
    return 0


def _check(folder: Path | None) -> int:
    from posture_tui.engine.reach import unreached
    from posture_tui.knowledge.inspect import merged_base
    from posture_tui.knowledge.loader import load_knowledge

    kb = load_knowledge(folder)
    merged = merged_base(folder)
    files = sorted(folder.glob("*.toml")) if folder else []
    ours = {  # the entries the clinic's files add or change: their warnings are shown
        ".".join(path[:2])
        for path, name in merged.origins.items()
        if folder and len(path) >= 2 and Path(name).parent == folder
    }
    for line in unreached(kb):
        entry = line.split(":", 1)[0]
        if not folder or entry in ours:
            print(f"posture-tui: warning: {safe(line)}", file=sys.stderr)
    where = f"the shipped files and {len(files)} of {folder}" if folder else "the shipped files"
    print(f"knowledge base is valid ({where})")
    return 0
