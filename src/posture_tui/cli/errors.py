"""The one error type a subcommand raises to end with a clear line and a non-zero exit."""

from __future__ import annotations


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status `code`."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
