"""Beats hand over to each other: where two beats share a picture, the chapter's join shows it without a jump.

The registry says which picture a beat ends on and which it opens from; the
chapter tells each beat its neighbours (NN_PREVIOUS_BEAT, NN_NEXT_BEAT). The
render tests make a narrated chapter of every pair that shares a picture,
at -ql, and measure each join. A beat rendered alone is unchanged: its
control frames (tests/test_frames.py) still pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
import srt

from conftest import scene_class
from netcore.choices import read_choices
from netcore.inputs import load_inputs
from netcore.paths import PROJECT_ROOT
from storyboard.registry import BEATS, beat_named, neighbour_choices, shared_picture
from voice.audio import RATE, read_audio

STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"
PAIRS = [(a.name, b.name) for a, b in zip(BEATS, BEATS[1:]) if shared_picture(a.name, b.name)]
# Mean absolute difference, on 0-255, between the last frame of a beat and the first of the next.
# Measured: 0.42 at the digit's join (the next beat's first frame is a fresh H.264 key frame; held
# frames within a beat differ by 0.01). One frame of the slowest glide into the handed-over picture
# moves it by 3.4, and a cut to the background from that picture by 13: under 1.0 nothing jumps.
JOIN_LIMIT = 1.0
SPEECH = 10 ** (-40 / 20)  # a 10 ms frame this loud (RMS) holds speech, as in test_voice_render.py
DRAWN = 40  # a channel this far from the background's is drawn on (as bench/half_empty.py counts)


def test_the_chapter_hands_over_where_its_beats_share_a_picture() -> None:
    assert PAIRS == [("neuron-holds-a-number", "forward")]
    assert shared_picture(None, "forward") is None and shared_picture("forward", None) is None
    assert shared_picture("forward", "neuron-holds-a-number") is None  # the other way round shares nothing


@pytest.mark.parametrize(("first", "then"), PAIRS)
def test_each_shared_picture_is_drawn_by_both_beats(first: str, then: str) -> None:
    picture = shared_picture(first, then)
    assert callable(getattr(scene_class(beat_named(first)), f"ending_on_{picture}", None))


def test_each_beat_is_told_its_neighbours_and_only_them() -> None:
    beats = list(BEATS[:3])
    assert neighbour_choices(beats, 0) == {"NN_PREVIOUS_BEAT": "", "NN_NEXT_BEAT": beats[1].name}
    assert neighbour_choices(beats, 1) == {"NN_PREVIOUS_BEAT": beats[0].name, "NN_NEXT_BEAT": beats[2].name}
    assert neighbour_choices(beats, 2) == {"NN_PREVIOUS_BEAT": beats[1].name, "NN_NEXT_BEAT": ""}
    choices = read_choices({"NN_PREVIOUS_BEAT": "neuron-holds-a-number", "NN_NEXT_BEAT": ""})
    assert (choices.previous_beat, choices.next_beat) == ("neuron-holds-a-number", None)


@pytest.mark.parametrize("env", [{}, {"NN_LABEL": "7"}, {"NN_IMAGE": str(STUDENT_DIGIT)}], ids=["default", "a 7", "student"])
def test_the_handed_over_digit_is_the_same_in_both_records(env: dict[str, str]) -> None:
    """The neuron-holds-a-number beat ends on the digit the forward beat opens with: the same pixels and words."""
    inputs = load_inputs(read_choices(env))
    ending, opening = (beat_named(name).build(inputs) for name in ("neuron-holds-a-number", "forward"))
    assert np.array_equal(ending.numbers.pixels, opening.numbers.pixels)
    assert (ending.words.title, ending.words.source) == (opening.words.title, opening.words.source)


def test_an_unknown_neighbour_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kit.base import load_handovers

    monkeypatch.setenv("NN_PREVIOUS_BEAT", "nope")
    with pytest.raises(SystemExit) as stop:
        load_handovers("forward")
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith("error: unknown beat 'nope'")


@pytest.fixture(scope="module")
def chapter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A narrated chapter (the default voice) of every pair of beats that share a picture, at -ql."""
    out = tmp_path_factory.mktemp("handover")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"PYTHONPATH": str(PROJECT_ROOT)}
    names = [name for pair in PAIRS for name in pair]
    done = subprocess.run([sys.executable, "-m", "studio", "chapter", "--beats", ",".join(names), "--out", str(out)],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return out / "Chapter.mp4"


def _frames(video: Path) -> tuple[np.ndarray, list[np.ndarray]]:
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        pairs = [(float(f.pts * stream.time_base), f.to_ndarray(format="rgb24")) for f in container.decode(stream)]
    return np.array([t for t, _ in pairs]), [frame for _, frame in pairs]


@pytest.mark.render
def test_the_joins_of_shared_pictures_do_not_jump(chapter: Path) -> None:
    index = json.loads(chapter.with_suffix(".json").read_text())["beats"]
    times, frames = _frames(chapter)
    for before, after in zip(index, index[1:]):
        if shared_picture(before["beat"], after["beat"]) is None:
            continue
        first = int(np.argmin(np.abs(times - after["start"])))
        last, opening = frames[first - 1].astype(np.int16), frames[first].astype(np.int16)
        difference = float(np.abs(last - opening).mean())
        assert difference < JOIN_LIMIT, (before["beat"], after["beat"], difference)
        # The picture is there at the join (two faded-out beats would differ by nothing either).
        drawn = (np.abs(opening - opening[0, 0]).max(axis=2) > DRAWN).mean()
        assert drawn > 0.05, (after["beat"], drawn)


@pytest.mark.render
def test_handed_over_beats_keep_their_subtitles_in_their_steps(chapter: Path) -> None:
    """Each subtitle lies inside the section of the step that says it, and the steps say all their words."""
    index = json.loads(chapter.with_suffix(".json").read_text())["beats"]
    cues = list(srt.parse(chapter.with_suffix(".srt").read_text(encoding="utf-8")))
    inputs = load_inputs(read_choices({}))
    said = []
    for entry in index:
        record = beat_named(entry["beat"]).build(inputs)
        for section, step in zip(entry["sections"], record.steps, strict=True):
            start, end = section["chapter_start"], section["chapter_start"] + section["duration"]
            inside = [c for c in cues if start - 0.01 <= c.start.total_seconds() and c.end.total_seconds() <= end + 0.01]
            assert " ".join(" ".join(c.content.split()) for c in inside) == " ".join(step.words.split()), (entry["beat"], step.name)
            said += inside
    assert len(said) == len(cues)


@pytest.mark.render
def test_handed_over_beats_speak_each_step_from_its_start(chapter: Path) -> None:
    """The voice starts within 0.15 s of every section in the chapter, the handed-over openings included."""
    sound = read_audio(chapter)
    n = RATE // 100  # 10 ms frames
    levels = np.sqrt(np.mean(sound[: len(sound) // n * n].reshape(-1, n).astype(np.float64) ** 2, axis=1))
    for entry in json.loads(chapter.with_suffix(".json").read_text())["beats"]:
        for section in entry["sections"]:
            frame = round(section["chapter_start"] * 100)
            onset = frame + int(np.argmax(levels[frame:] > SPEECH))
            assert onset / 100 - section["chapter_start"] <= 0.15, (entry["beat"], section["name"], onset / 100)


def test_the_sequential_chapter_tells_each_render_its_neighbours(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """As the Dask tasks do (BeatJob's variables): the caller's NN_* choices, with each beat's neighbours over them."""
    import studio.cluster

    told = {}
    monkeypatch.setattr(studio.cluster, "render", lambda beat, quality, media, choices: told.setdefault(beat.name, choices) and media)
    monkeypatch.setenv("NN_THEME", "light")
    monkeypatch.setenv("NN_NEXT_BEAT", "knobs")  # the caller's own is never passed on
    beats = [beat_named(name) for name in ("neuron-holds-a-number", "forward")]
    studio.cluster.render_each(beats, "l", tmp_path)
    assert told["neuron-holds-a-number"] | {"NN_VOICE": ""} == {"NN_THEME": "light", "NN_VOICE": "", "NN_PREVIOUS_BEAT": "", "NN_NEXT_BEAT": "forward"}
    assert told["forward"]["NN_PREVIOUS_BEAT"] == "neuron-holds-a-number" and told["forward"]["NN_NEXT_BEAT"] == ""
