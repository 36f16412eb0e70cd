"""Parses the command line and runs a subcommand; the only place that turns errors into exits."""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from posture_tui import __version__
from posture_tui.cli.common import add_config_option, add_db_option
from posture_tui.cli.errors import CliError
from posture_tui.domain.text import safe

# Each module exposes `register(subparsers)`, which adds its subcommands and sets `func`.
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "posture_tui.cli.start_cmd",
    "posture_tui.cli.analyze_cmd",
    "posture_tui.cli.store_cmds",
    "posture_tui.cli.export_cmd",
    "posture_tui.cli.progress_cmd",
    "posture_tui.cli.knowledge_cmd",
    "posture_tui.cli.photos_cmd",
)

Handler = Callable[[argparse.Namespace], int]

# Error messages may quote what a hostile file held (a path, say): they pass through the one
# sanitiser (domain/text.py), so nothing acts on the terminal or breaks the one-line promise.
MESSAGE_SHOWN = 400  # characters of an error line; a longer one (a huge path) is shortened


def printable(message: str) -> str:
    """The message on one line through the one sanitiser (a control character, bidi override,
    lone surrogate or line break is U+FFFD), and no longer than a few lines of a terminal."""
    line = safe(message)
    if len(line) > MESSAGE_SHOWN:
        line = f"{line[: MESSAGE_SHOWN // 2]}...{line[-MESSAGE_SHOWN // 4 :]}"
    return line


PATH_SHOWN = 80  # characters of a path an error line quotes; longer ones are shortened


def short_path(path: object) -> str:
    """A path for an error line: a 120 KB path is shown by its start and end only."""
    text = os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else str(path)
    if len(text) <= PATH_SHOWN:
        return text
    return f"{text[:40]}...{text[-30:]} ({len(text)} characters)"


_OS_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the path is too long",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.ELOOP: "too many symbolic links in the path",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "no such file or folder",
}


def os_error_line(error: OSError) -> str:
    """One line for an operating-system error: what failed and on which path (shortened)."""
    reason = _OS_REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)
    if error.filename is None:
        return reason
    return f"{short_path(error.filename)}: {reason}"


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see {self.prog} --help)", code=2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="posture-tui",
        description="Postural assessment and layered treatment planning for manual therapists.",
    )
    parser.add_argument("--version", action="version", version=f"posture-tui {__version__}")
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        help="folder of TOML files that extend or override the clinical knowledge base "
        "(default: $POSTURE_TUI_KNOWLEDGE)",
    )
    add_db_option(parser, global_option=True)
    add_config_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status. Never lets a traceback reach the user."""
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        handler: Handler | None = getattr(args, "func", None)
        if handler is None:
            if args.command is None:
                args = parser.parse_args([*(sys.argv[1:] if argv is None else argv), "start"])
                handler = args.func
            else:  # pragma: no cover - argparse rejects unknown commands first
                raise CliError(f"unknown command {args.command}")
        assert handler is not None
        return handler(args)
    except CliError as error:
        print(f"posture-tui: {printable(str(error))}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("posture-tui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head -1`): not an error. Output still buffered would make
        # Python complain at exit, so standard output goes nowhere from here on.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        print(f"posture-tui: {printable(os_error_line(error))}", file=sys.stderr)
        return 1
    except OverflowError:
        print("posture-tui: a number given is out of range", file=sys.stderr)
        return 2
    except Exception as error:
        tb = error.__traceback__
        place = "?"
        while tb is not None:
            place = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
            tb = tb.tb_next
        print(f"posture-tui: internal error {type(error).__name__} at {place}", file=sys.stderr)
        return 70


def main() -> NoReturn:
    sys.exit(run())
