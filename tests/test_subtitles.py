"""Subtitles a viewer can read: they cover each section exactly, two lines of 42 at most, 17 characters a second at most."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import pytest
import srt

from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.record import FADE_OUT
from storyboard.registry import BEATS
from storyboard.subtitles import LINE_LENGTH, LINES_PER_CUE, READING_SPEED, cues, reading_time

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_every_caption_cuts_into_readable_cues(beat) -> None:
    for step in beat.build(load_inputs(Choices())).steps:
        parts = cues(step.caption)
        assert " ".join(p.replace("\n", " ") for p in parts) == " ".join(step.caption.split())
        for part in parts:
            lines = part.split("\n")
            assert len(lines) <= LINES_PER_CUE and max(map(len, lines)) <= LINE_LENGTH, part


def test_long_words_and_sentences_are_cut() -> None:
    caption = "One. " + "word " * 40 + "end."
    parts = cues(caption)
    assert len(parts) > 2 and all(len(p.split("\n")) <= 2 for p in parts)
    assert reading_time("x" * 34) == pytest.approx(2.0)


@pytest.mark.render
def test_silent_forward_clip_subtitles_cover_its_sections_at_reading_speed(tmp_path: Path) -> None:
    """NN_VOICE=none: no sound at all, and each step's caption as its subtitles, at reading speed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"NN_VOICE": "none"}
    manim = str(Path(sys.executable).with_name("manim"))
    subprocess.run(
        [manim, "-ql", "--save_sections", "--media_dir", str(tmp_path), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )
    folder = tmp_path / "videos" / "forward" / "480p15"
    with av.open(str(folder / "ForwardPass.mp4")) as video:
        assert not video.streams.audio
    assert not (tmp_path / "voice").exists()
    sections = json.loads((folder / "sections" / "ForwardPass.json").read_text())
    subtitles = list(srt.parse((folder / "ForwardPass.srt").read_text(encoding="utf-8")))
    steps = [beat for beat in BEATS if beat.name == "forward"][0].build(load_inputs(Choices())).steps
    assert [s["name"] for s in sections] == [step.name for step in steps]
    start, index = 0.0, 0
    for number, (section, step) in enumerate(zip(sections, steps), start=1):
        duration = float(section["duration"])
        # The last section also holds the fade to black, which says nothing.
        spoken = duration - (FADE_OUT if number == len(steps) else 0.0)
        assert duration >= reading_time(step.caption) - 0.07
        mine = subtitles[index : index + len(cues(step.caption))]
        index += len(mine)
        assert [c.content for c in mine] == cues(step.caption)
        assert mine[0].start.total_seconds() == pytest.approx(start, abs=0.07)  # one frame at 15 fps
        assert mine[-1].end.total_seconds() == pytest.approx(start + spoken, abs=0.07)
        for cue in mine:
            seconds = (cue.end - cue.start).total_seconds()
            assert len(cue.content.replace("\n", " ")) / seconds <= READING_SPEED + 0.5, cue.content
        start += duration
    assert index == len(subtitles)
