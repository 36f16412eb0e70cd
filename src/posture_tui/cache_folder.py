"""The user's own cache folder for posture-tui (parse cache, index copy, check memory, fonts)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """Where posture-tui caches things; None disables caching ($POSTURE_TUI_NO_CACHE=1)."""
    if os.environ.get("POSTURE_TUI_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("posture-tui", appauthor=False))
