"""The base class of every scene: it loads its beat's record, then plays the beat's steps in order.

The record comes from the beat's entry in ``storyboard.registry`` for the
user's choices (environment variables and ``manim.cfg``, see
``netcore.choices``), and each step's narration from the chosen voice
(``voice``), made before anything is drawn. A bad choice stops the render
with one line on stderr and exit status 2.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, FadeIn, Indicate, Mobject, Rectangle, Scene, Text, config

from kit.cache import publish_private_caches, use_private_caches
from kit.layout import CORNER_BUFF, MARGIN
from kit.encoding import keep_frame_memory
from kit.patches import install_patches_or_exit
from kit.soundtrack import Soundtrack, give_sound
from kit.tex import compile_formulas, formulas_in
from kit.theme import Theme, theme_named
from netcore.choices import read_choices
from netcore.errors import NetcoreError, one_line
from netcore.inputs import load_inputs
from storyboard.record import FADE_OUT, Record, Step
from storyboard.registry import beat_named, shared_picture
from storyboard.subtitles import cues, reading_time, timed_cues
from voice import Speech, voice_named
from voice.reading import read_aloud
from voice.speech import BREATH

__all__ = ["ExplainerScene", "load_handovers", "load_narration", "load_record"]

T = TypeVar("T")

# Above any z-index a scene gives its own mobjects.
CURTAIN_Z_INDEX = 1_000_000


def _or_exit(make: Callable[[], T]) -> T:
    """``make()``, or exit with its one-line error and status 2."""
    try:
        return make()
    except NetcoreError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None


def load_record(beat: str) -> tuple[Record, Theme]:
    """The beat's record and theme for the current choices, or exit with one line."""
    choices = _or_exit(read_choices)
    return _or_exit(lambda: (beat_named(beat).build(load_inputs(choices)), theme_named(choices.theme)))


def load_handovers(beat: str) -> tuple[str | None, str | None]:
    """The picture the beat opens from (handed over by the beat before it) and the one it ends on (for the
    beat after it), when the chapter names its neighbours and they share one; else ``None``. Or exit with one line."""
    choices = _or_exit(read_choices)
    return _or_exit(lambda: (shared_picture(choices.previous_beat, beat), shared_picture(beat, choices.next_beat)))


def load_narration(record: Record) -> dict[str, Speech]:
    """Each step's speech in the chosen voice, cached beside Manim's text cache, or exit with one line.

    None for ``none``, and none for a still picture (``manim -s``), which has no sound.
    """

    def narrate() -> dict[str, Speech]:
        voice = voice_named(read_choices().voice, Path(config.media_dir) / "voice")
        if voice is None or config.save_last_frame:
            return {}
        beat = record.header.beat
        voice.check(beat, [step.name for step in record.steps])  # every missing recording named at once
        return {step.name: voice.speak(step.words, beat, step.name) for step in record.steps}

    return _or_exit(narrate)


class ExplainerScene(Scene):
    """A scene that draws one beat's record, one method per step.

    Subclasses set ``beat`` (its name in the registry) and define
    ``step_<name>`` for each of the record's steps, which use ``self.numbers``,
    ``self.words`` and ``self.theme``. Each step is a named section narrated
    by its words in the chosen voice, and lasts as long as its animations or
    its speech and a breath, whichever is longer; its subtitles are the
    phrases said, each shown while it is said. Silent (``NN_VOICE=none``), a
    step lasts at least as long as its caption takes to read, and its
    caption is its subtitles.
    When the input is the user's own image, a small tag in the corner
    ``user_digit_corner`` says so; a scene that says so itself, or does not
    depend on the digit, sets it to ``None``.

    In a chapter, ``opens_from`` names the picture the beat before handed
    over (the scene's first step starts with it on screen instead of fading
    it in) and ``ends_on`` the picture the beat after opens from (instead of
    the closing fade, ``ending_on_<picture>()`` says which mobjects glide to
    it and which fade in). Rendered alone, both are ``None``.
    """

    beat: ClassVar[str]
    user_digit_corner: ClassVar[np.ndarray | None] = DOWN + RIGHT
    record: Record
    numbers: Any
    words: Any
    theme: Theme
    opens_from: str | None  # see storyboard.registry.shared_picture
    ends_on: str | None
    narration: dict[str, Speech]  # step name -> its speech; empty when silent
    animation_seconds: dict[str, float]  # step name -> how long its animations took (before any wait for its words)
    _speech_starts: list[tuple[int, Path]]  # (index of the partial movie it starts with, speech file) of each step said
    _open_step: tuple[float, Step] | None = None  # (start time, step) of the step under way
    _said_up_to: tuple[int, int] = (0, 0)  # in the open step's phrases: (phrase, character) already waited for

    def setup(self) -> None:
        use_private_caches()  # before any Text or formula: renders may share a media folder
        install_patches_or_exit()  # every change to Manim's internals, checked against its version; see kit/patches.py
        keep_frame_memory()  # frames reuse freed memory rather than fault in fresh pages (kit/encoding.py)
        self.record, self.theme = load_record(self.beat)
        self.opens_from, self.ends_on = load_handovers(self.beat)
        self.numbers, self.words = self.record.numbers, self.record.words
        self.narration = load_narration(self.record)
        self.animation_seconds = {}
        self._speech_starts = []
        compile_formulas(formulas_in(self.words))  # one LaTeX run for the beat's formulas; see kit/tex.py
        self.camera.background_color = self.theme.background
        if self.record.header.user_image and self.user_digit_corner is not None:
            tag = Text("Your own digit", color=self.theme.muted, font_size=16)
            self.add(tag.to_corner(self.user_digit_corner, buff=CORNER_BUFF))

    def tear_down(self) -> None:
        publish_private_caches()

    def render(self, preview: bool = False) -> bool:
        """Render, then give the video and each section video their narration (see ``kit.soundtrack``)."""
        rerun = super().render(preview)
        self.give_sound(self._section_videos())
        return rerun

    def _section_videos(self) -> list[tuple[Path, int, int]]:
        """Each section video (``--save_sections``), with the index of its first partial movie and their number."""
        writer = self.renderer.file_writer
        if not writer.output_spec.save_sections:
            return []
        folder, first, videos = writer.sections_output_dir, 0, []
        for section in writer.sections:  # their partial movies, in order, are the whole scene's
            if section.video and section.get_clean_partial_movie_files():
                videos.append((folder / section.video, first, len(section.partial_movie_files)))
            first += len(section.partial_movie_files)
        return videos

    def give_sound(self, videos: list[tuple[Path, int, int]]) -> None:
        """Give the whole video its narration, and each of ``videos`` (made of the scene's partial movies
        ``first`` to ``first + count``) the stretch the whole video plays over the same frames.

        Manim 0.22 muxes the sound into the whole video only: placed at its scene
        time (ahead of the frames on a render from the cache), late by its AAC
        encoder's delay (1024 samples, 21 ms: it encodes a bare AAC file, whose
        priming no MP4 edit list then hides), ending with the last sound, and
        leaving ``<Scene>.wav`` beside the video. Here each step's speech is laid
        out where its first frame is, encoded straight into each video, and the
        WAV is removed.
        """
        writer = self.renderer.file_writer
        spec = writer.output_spec
        if not self._speech_starts or not spec.is_video or spec.is_gif:
            return
        movie = Path(writer.movie_file_path)
        movie.with_suffix(".wav").unlink(missing_ok=True)
        soundtrack = Soundtrack(writer.partial_movie_files, config.frame_rate, self._speech_starts)
        for video, first, count in [(movie, 0, len(writer.partial_movie_files)), *videos]:
            give_sound(video, soundtrack.stretch(first, count))

    def make_title(self, text: str) -> Text:
        """The beat's title, in the top left corner inside the margin."""
        return Text(text, color=self.theme.text, font_size=30).to_corner(UP + LEFT, buff=MARGIN)

    def construct(self) -> None:
        """Play every step, then fade the picture out, so that beats joined into the
        chapter pass through the background instead of cutting from a full frame; or,
        where the next beat opens from a picture this one shares, end on that picture."""
        self.play_steps()
        # A still (manim -s) keeps the final picture rather than a black frame.
        if self.mobjects and not config.save_last_frame:
            if self.ends_on is not None:
                self._hand_over(*getattr(self, f"ending_on_{self.ends_on}")())
            else:
                self.play(FadeIn(self._curtain()), run_time=FADE_OUT)
            # An animation's last frame comes one frame before its end, a few percent short
            # of the plain background; one held frame ends the beat on it.
            self.wait(1 / config.frame_rate)

    def _hand_over(self, moving: list[tuple[Mobject, Mobject]], arriving: list[Mobject]) -> None:
        """End on the next beat's opening picture, as long as the closing fade would take.

        Each ``(mobject, target)`` glides to its target's size and place and
        ``arriving`` mobjects fade in, above the curtain that covers the rest;
        then the targets themselves replace the gliding ones, so the last frame
        shows exactly what the next beat opens with (``scenes/kit/handover.py``).
        """
        kept = [*(m for m, _ in moving), *arriving]
        for mobject in kept:
            mobject.set_z_index(CURTAIN_Z_INDEX + 1)
        self.play(
            FadeIn(self._curtain()),
            *(m.animate.scale(t.width / m.width).move_to(t) for m, t in moving),
            *(FadeIn(a) for a in arriving),
            run_time=FADE_OUT,
        )
        self.remove(*kept)
        self.add(*(t.set_z_index(CURTAIN_Z_INDEX + 1) for _, t in moving), *arriving)

    def _curtain(self) -> Rectangle:
        """The whole frame in the background's colour, above everything else.

        Fading it in blends the picture into the background as fading every
        mobject out would, but Manim redraws only the curtain each frame and
        keeps the picture in its cached background: fading each mobject cost
        the forward beat a tenth of its render time at 1080p60.
        """
        curtain = Rectangle(width=config.frame_width + 1, height=config.frame_height + 1, stroke_width=0)
        return curtain.set_fill(self.theme.background, opacity=1).set_z_index(CURTAIN_Z_INDEX)

    def play_steps(self) -> None:
        """Play the record's steps in order, each as a section with its subtitles."""
        for step in self.record.steps:
            self._begin(step)
            getattr(self, f"step_{step.name.replace('-', '_')}")()
        self._end()

    def _begin(self, step: Step) -> None:
        self._end()
        self.begin_section(step)
        self._open_step = (self.time, step)
        self._said_up_to = (0, 0)  # (phrase, character) after the last text waited for
        if step.name in self.narration:
            path = self.narration[step.name].path
            self._speech_starts.append((len(self.renderer.file_writer.partial_movie_files), path))
            self._add_speech(path)

    def seconds_until_said(self, text: str) -> float:
        """Seconds from now until the voice says ``text`` (0 if it has already, or the step is silent).

        ``text`` is looked for in the open step's words, after where the last
        ``text`` asked for was found, so a scene can follow the numbers it
        shows as they are read out in turn. The voice's phrases are timed
        exactly (``voice.speech``); within a phrase, ``text`` is placed by the
        share of the phrase's spoken words before it (``voice.reading``), an
        estimate good to a word or two.
        """
        if self._open_step is None:
            return 0.0
        start, step = self._open_step
        speech = self.narration.get(step.name)
        if speech is None:
            return 0.0
        phrase, at = self._said_up_to
        for index in range(phrase, len(speech.phrases)):
            said = speech.phrases[index]
            found = said.text.find(text, at if index == phrase else 0)
            if found >= 0:
                self._said_up_to = (index, found + len(text))
                share = len(read_aloud(said.text[:found])) / max(len(read_aloud(said.text)), 1)
                return max(start + said.start + share * (said.end - said.start) - self.time, 0.0)
        return 0.0

    def wait_until_said(self, text: str) -> None:
        """Hold the picture until the voice says ``text`` (see ``seconds_until_said``)."""
        missing = self.seconds_until_said(text)
        if missing > 1e-3:
            self.wait(missing)

    def flash_when_said(self, text: str, mobject: Mobject, scale: float = 1.08) -> None:
        """When the voice says ``text``, flash ``mobject`` (what it speaks of) in the highlight colour.

        ``scale`` 1 keeps a mobject as wide as its panel (a curve, a row) from swelling past the panel's edges.
        """
        self.wait_until_said(text)
        self.play(Indicate(mobject, color=self.theme.highlight, scale_factor=scale), run_time=1.0)

    def _phrase_time(self, ahead: int, edge: str) -> float:
        """Seconds from now until the ``edge`` ("start" or "end") of the phrase ``ahead`` after the one last
        waited for (0 if silent, or past the step's last phrase)."""
        speech = self.narration.get(self._open_step[1].name) if self._open_step else None
        phrase = self._said_up_to[0] + ahead
        if speech is None or phrase >= len(speech.phrases):
            return 0.0
        return max(self._open_step[0] + getattr(speech.phrases[phrase], edge) - self.time, 0.0)

    def seconds_until_next_phrase(self, ahead: int = 1) -> float:
        """Seconds from now until the voice starts the phrase ``ahead`` after the one last waited for (0 if none)."""
        return self._phrase_time(ahead, "start")

    def seconds_left_in_phrase(self) -> float:
        """Seconds from now until the voice ends the phrase last waited for (0 if silent)."""
        return self._phrase_time(0, "end")

    def wait_for_next_phrase(self) -> None:
        """Hold the picture until the voice starts the phrase after the one last waited for."""
        missing = self.seconds_until_next_phrase()
        self._said_up_to = (self._said_up_to[0] + 1, 0)
        if missing > 1e-3:
            self.wait(missing)

    def _add_speech(self, path: Path) -> None:
        """Add a step's speech to Manim's own soundtrack, which ``manim -p`` plays before ``give_sound`` replaces it.

        Manim's ``add_sound`` adds nothing while the renderer skips animations,
        and the renderer stays skipping after an animation it took from its
        cache until the next one starts: so on a re-render (the cache is on by
        default) every step after a cached animation would be silent. Only a
        render of part of the scene (``manim -n``) leaves Manim's rule in force.
        """
        if config.from_animation_number > 0 or math.isfinite(config.upto_animation_number):
            self.add_sound(str(path))
        else:
            self.renderer.file_writer.add_sound(str(path), self.time)

    def begin_section(self, step: Step) -> None:
        """Start the step's section. The slides variant (scenes/slides.py) starts a slide here instead."""
        self.next_section(step.name)

    def _end(self) -> None:
        """Close the open step: wait until it has been said (or its caption read), then write its subtitles."""
        if self._open_step is None:
            return
        start, step = self._open_step
        self._open_step = None
        speech = self.narration.get(step.name)
        if speech is not None and not speech.phrases:  # a silent recording: the step is told by its caption alone
            speech = None
        self.animation_seconds[step.name] = self.time - start
        missing = (speech.duration + BREATH if speech else reading_time(step.caption)) - (self.time - start)
        if missing > 1e-3:
            self.wait(missing)
        if speech:
            said = [(p.text, start + p.start, start + p.end) for p in speech.phrases]
            for text, begin, end in timed_cues(said, self.time):
                self.add_subcaption(text, duration=end - begin, offset=begin - self.time)
        else:
            self._caption_subtitles(start, step)

    def _caption_subtitles(self, start: float, step: Step) -> None:
        """The caption's cues cover the step exactly, each for its share of the caption's characters."""
        parts = cues(step.caption)
        total = sum(len(p) for p in parts)
        at, end = start, self.time
        for part in parts:
            duration = (end - start) * len(part) / total
            self.add_subcaption(part, duration=duration, offset=at - self.time)
            at += duration
