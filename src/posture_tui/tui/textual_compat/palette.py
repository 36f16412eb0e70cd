"""The command palette, guarded against a page key that arrives before its list is drawn."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette


class SafeCommandPalette(CommandPalette):
    """Textual's palette; PageUp/PageDown wait until the list of matches has been laid out.

    Textual 8.2's OptionList maps options to lines only once it has a size, so a page key
    typed in the same moment as ctrl+p (keys that arrive together over SSH) raised KeyError
    and ended the app. Until the list is drawn there is no page to move by, so the key is
    ignored, as it is on an empty list.
    """

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            command_list = self.query_one(CommandList)
            if not command_list.scrollable_content_region:
                return
            # Reading the map brings it up to date with options added since the last paint.
            if command_list.option_count and (
                (command_list.highlighted or 0) not in command_list._index_to_line
            ):
                return
        super()._action_command_list(action)
