"""A radio button and a checkbox whose mark, not only its colour, says whether it is on.

Textual draws the same dot (radio button) or X (checkbox) on and off; off here is an empty
box, so that with 16 colours, NO_COLOR or a monochrome SSH client the choice still shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton

if TYPE_CHECKING:
    from textual.widgets._toggle_button import ToggleButton as _Base
else:
    _Base = object  # a mixin: a widget class of its own in the MRO would change Textual's CSS


class _Marked(_Base):
    OFF_INNER = " "

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (self.BUTTON_INNER if self.value else self.OFF_INNER, button_style),
            (self.BUTTON_RIGHT, side_style),
        )


class MarkedRadioButton(_Marked, RadioButton):
    """A radio button whose empty box says it is not chosen."""


class MarkedCheckbox(_Marked, Checkbox):
    """A checkbox whose empty box says it is off."""
