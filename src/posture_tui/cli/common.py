"""Options and lookups shared by subcommands: the store path and the knowledge base."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from posture_tui.cli.errors import CliError
from posture_tui.knowledge.model import Knowledge

DB_ENV = "POSTURE_TUI_DB"
KNOWLEDGE_ENV = "POSTURE_TUI_KNOWLEDGE"


def add_db_option(parser: argparse.ArgumentParser, *, global_option: bool = False) -> None:
    """--db before or after the subcommand; a subcommand's copy never hides the global one."""
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if global_option else argparse.SUPPRESS,
        help=f"store folder (default: ${DB_ENV}, else the user data folder)",
    )


def store_path(args: argparse.Namespace) -> Path:
    """--db, else $POSTURE_TUI_DB, else the platform's user data folder."""
    from posture_tui.store.location import default_store_path

    given = getattr(args, "db", None) or os.environ.get(DB_ENV)
    return Path(given).expanduser() if given else default_store_path()


def knowledge(args: argparse.Namespace) -> Knowledge:
    """The shipped knowledge base, extended by --knowledge DIR or $POSTURE_TUI_KNOWLEDGE."""
    from posture_tui.knowledge.loader import KnowledgeError, load_knowledge

    given = getattr(args, "knowledge", None) or os.environ.get(KNOWLEDGE_ENV)
    try:
        return load_knowledge(Path(given).expanduser() if given else None)
    except KnowledgeError as error:
        raise CliError(f"knowledge base: {error}", code=2) from None
