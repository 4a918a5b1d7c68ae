"""Every beat as classroom slides (manim-slides): the same scenes, pausing after each step.

For each beat of the registry this file holds ``<Scene>Slides``, its scene
as a ``manim_slides.Slide``: each step is one slide, with the step's spoken
words as the speaker's notes, and its video says them (the slides' videos get
their stretch of the narration as section videos do, ``kit.soundtrack``). ``python -m studio slides`` renders them and converts
them to an offline HTML presentation and to PPTX; ``manim-slides present``
shows them on a desktop.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from manim import Scene, config
from manim_slides import Slide
from manim_slides.config import SlideType
from manim_slides.slide.base import BaseSlide
from manim_slides.utils import merge_basenames

from storyboard.record import Step
from storyboard.registry import BEATS

__all__ = ["SLIDES_FOLDER", "SlideSteps"]

# Where manim-slides keeps each presentation, inside the media folder of the render.
SLIDES_FOLDER = "slides"


class SlideSteps(Slide):
    """Mixed in before an ExplainerScene: one slide per step, its spoken words as notes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Slide.__init__ only sets config["write_to_movie"] for OpenGL, an option Manim 0.22 no
        # longer has (Cairo always writes the movie); so skip to BaseSlide's, which sets up the slides.
        BaseSlide.__init__(self, *args, output_folder=Path(config.media_dir) / SLIDES_FOLDER, **kwargs)

    def render(self, *args: Any, **kwargs: Any) -> None:
        # As Slide.render, which sets max_files_cached to infinity (slides need every partial
        # movie); Manim 0.22 refuses that value and spells "unlimited" -1.
        cached = config.max_files_cached
        config.max_files_cached = -1
        try:
            Scene.render(self, *args, **kwargs)
        finally:
            config.max_files_cached = cached
        self._save_slides(
            use_cache=not (config.disable_caching or self.disable_caching),
            flush_cache=self.flush_cache,  # Manim 0.22 has no flush_cache option
            skip_reversing=self.skip_reversing,
        )
        self.give_sound(self._slide_videos())

    def _slide_videos(self) -> list[tuple[Path, int, int]]:
        """Each slide's video as manim-slides wrote it, with the index of its first partial movie and their number.

        manim-slides names a slide's video after the partial movies it joins
        (``merge_basenames``) and counts them without the ``None`` of skipped ones.
        """
        movies = self.renderer.file_writer.partial_movie_files
        drawn = [index for index, movie in enumerate(movies) if movie is not None]
        folder = self._output_folder / "files" / str(self)
        videos = []
        for slide in self._slides:
            if slide.skip_animations or slide.type != SlideType.Video or slide.end_animation <= slide.start_animation:
                continue
            first, last = drawn[slide.start_animation], drawn[slide.end_animation - 1]
            name = merge_basenames([Path(movies[i]) for i in drawn[slide.start_animation : slide.end_animation]]).name
            videos.append((folder / name, first, last - first + 1))
        return videos

    def begin_section(self, step: Step) -> None:
        self.next_slide(step.name, notes=step.words)


for _beat in BEATS:
    _scene = getattr(importlib.import_module(_beat.module), _beat.scene)
    globals()[f"{_beat.scene}Slides"] = type(f"{_beat.scene}Slides", (SlideSteps, _scene), {"__module__": __name__})
