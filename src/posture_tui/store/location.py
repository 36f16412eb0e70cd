"""Where the store lives by default: the platform's user data folder."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "posture-tui"


def default_store_path() -> Path:
    """e.g. ~/.local/share/posture-tui/store on Linux (honours $XDG_DATA_HOME)."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "store"
