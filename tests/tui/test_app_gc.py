"""The app freezes what is alive at mount for the cycle collector, and thaws it on exit."""

from __future__ import annotations

import gc
from collections.abc import Callable

from tests.tui.conftest import SIZE

from posture_tui.tui.app import PostureApp


async def test_objects_alive_at_mount_are_frozen_until_the_app_is_gone(
    make_app: Callable[..., PostureApp],
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # a test process running many apps frees each one
