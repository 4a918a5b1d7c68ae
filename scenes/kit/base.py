"""The base class of every scene: it loads its data record before drawing.

The record comes from ``netcore.scenedata`` for the user's choices
(environment variables and ``manim.cfg``, see ``netcore.choices``). A bad
choice stops the render with one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from typing import Any, ClassVar

import numpy as np
from manim import DOWN, RIGHT, Scene, Text

from kit.theme import Theme, theme_named
from netcore.choices import read_choices
from netcore.errors import NetcoreError
from netcore.inputs import load_inputs
from netcore.scenedata import scene_data

__all__ = ["ExplainerScene", "load_scene_record"]


def load_scene_record(scene: str) -> tuple[dict[str, Any], Theme]:
    """The scene's data record and theme for the current choices, or exit with one line."""
    try:
        choices = read_choices()
        return scene_data(scene, load_inputs(choices)), theme_named(choices.theme)
    except NetcoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


class ExplainerScene(Scene):
    """A scene that draws one ``netcore`` scene-data record.

    Subclasses set ``scene_data_name`` and use ``self.data`` and ``self.theme``.
    When the input is the user's own image, a small tag in the corner
    ``user_digit_corner`` says so for the whole scene; a scene that says so
    itself, or does not depend on the digit, sets it to ``None``.
    """

    scene_data_name: ClassVar[str]
    user_digit_corner: ClassVar[np.ndarray | None] = DOWN + RIGHT
    data: dict[str, Any]
    theme: Theme
    _open_section: tuple[float, str] | None = None  # (start time, caption) of the step under way

    def setup(self) -> None:
        self.data, self.theme = load_scene_record(self.scene_data_name)
        self.camera.background_color = self.theme.background
        if self.data["inputs"]["digit"]["image"] is not None and self.user_digit_corner is not None:
            tag = Text("Your own digit", color=self.theme.muted, font_size=16)
            self.add(tag.to_corner(self.user_digit_corner, buff=0.15))

    def section(self, name: str, caption: str) -> None:
        """Start a named step (a lesson can take it alone) narrated by ``caption``.

        The caption's subtitle lasts exactly as long as the step: it is written
        when the step ends, at the next ``section`` or when the scene ends.
        """
        self._end_section()
        self.next_section(name)
        self._open_section = (self.time, caption)

    def _end_section(self) -> None:
        if self._open_section is None:
            return
        start, caption = self._open_section
        self.add_subcaption(caption, duration=self.time - start, offset=start - self.time)
        self._open_section = None

    def tear_down(self) -> None:
        self._end_section()
        super().tear_down()
