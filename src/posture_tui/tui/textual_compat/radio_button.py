"""A radio button and a checkbox whose mark, not only its colour, says whether it is on."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style
from textual.widgets import Checkbox, RadioButton


class MarkedRadioButton(RadioButton):
    """Textual's radio button draws the same dot on and off; off here is an empty box.

    With 16 colours, NO_COLOR or a monochrome SSH client the chosen format must still show.
    """

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


class MarkedCheckbox(Checkbox):
    """Textual's checkbox draws the same X on and off; off here is an empty box (as above)."""

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
