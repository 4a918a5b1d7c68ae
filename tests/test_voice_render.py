"""A narrated clip, rendered once with the default voice: its sound, its timing and its subtitles."""

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

from storyboard.subtitles import LINE_LENGTH, LINES_PER_CUE, MIN_CUE, READING_SPEED
from voice.audio import LOUDNESS, RATE, loudness, read_audio, true_peak

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.render

SPEECH = 10 ** (-40 / 20)  # a 10 ms frame this loud (RMS) holds speech
SILENCE = 10 ** (-60 / 20)  # and one under this is silent


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """ForwardPass at -ql with the default voice (nothing chosen), its sections saved."""
    media = tmp_path_factory.mktemp("narrated")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    manim = str(Path(sys.executable).with_name("manim"))
    subprocess.run(
        [manim, "-ql", "--save_sections", "--media_dir", str(media), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=600,
    )
    return media / "videos" / "forward" / "480p15" / "ForwardPass.mp4"


def _levels(sound: np.ndarray) -> np.ndarray:
    """RMS of each 10 ms frame."""
    n = RATE // 100
    return np.sqrt(np.mean(sound[: len(sound) // n * n].reshape(-1, n).astype(np.float64) ** 2, axis=1))


def _joins(clip: Path) -> list[float]:
    """Where each section starts, in seconds."""
    index = json.loads((clip.parent / "sections" / f"{clip.stem}.json").read_text())
    return list(np.cumsum([0.0] + [float(s["duration"]) for s in index])[:-1])


def test_the_sound_is_48_khz_aac_as_long_as_the_video(clip: Path) -> None:
    with av.open(str(clip)) as container:
        video, audio = container.streams.video[0], container.streams.audio[0]
        assert audio.codec_context.name == "aac" and audio.rate == RATE
        video_seconds = float(video.duration * video.time_base)
        audio_seconds = float(audio.duration * audio.time_base)
    assert audio_seconds == pytest.approx(video_seconds, abs=0.1)
    assert not clip.with_suffix(".wav").exists()  # Manim's intermediate soundtrack is not left beside it


def test_loudness_and_true_peak(clip: Path) -> None:
    sound = read_audio(clip)
    assert abs(loudness(sound) - LOUDNESS) <= 1.0
    assert true_peak(sound) <= -1.0


def test_each_step_speaks_from_its_start_with_silence_at_the_joins(clip: Path) -> None:
    levels = _levels(read_audio(clip))
    for join in _joins(clip):
        frame = round(join * 100)
        if frame:
            assert levels[frame - 15 : frame + 3].max() < SILENCE, f"sound across the join at {join:.2f} s"
        onset = frame + int(np.argmax(levels[frame:] > SPEECH))
        assert onset / 100 - join <= 0.15, f"the step at {join:.2f} s starts speaking at {onset / 100:.2f} s"


def test_subtitles_are_the_words_said_while_they_are_said(clip: Path) -> None:
    levels = _levels(read_audio(clip))
    cues = list(srt.parse(clip.with_suffix(".srt").read_text(encoding="utf-8")))
    assert len(cues) >= 5
    for cue in cues:
        start, end = cue.start.total_seconds(), cue.end.total_seconds()
        lines = cue.content.split("\n")
        assert len(lines) <= LINES_PER_CUE and max(map(len, lines)) <= LINE_LENGTH, cue.content
        assert end - start >= MIN_CUE - 0.002, cue.content  # no fragment flashing by
        assert len(" ".join(lines)) / (end - start) <= READING_SPEED + 0.1, cue.content
        said = levels[round(start * 100) : round(start * 100) + 15]
        assert said.max() > SPEECH, f"no speech within 0.15 s of {cue.content!r}"
        assert np.mean(levels[round(start * 100) : round(end * 100)] > SPEECH) > 0.5, cue.content


def _section_videos(clip: Path) -> list[Path]:
    index = json.loads((clip.parent / "sections" / f"{clip.stem}.json").read_text())
    return [clip.parent / "sections" / entry["video"] for entry in index]


def test_each_section_video_says_its_stretch_of_the_clip(clip: Path) -> None:
    """A step embedded alone says what the clip says over the same frames: cut at the frame, not shifted."""
    whole, start = read_audio(clip), 0
    for section in _section_videos(clip):
        with av.open(str(section)) as container:
            video, audio = container.streams.video[0], container.streams.audio[0]
            assert audio.codec_context.name == "aac" and audio.rate == RATE
            frame = 1 / float(video.guessed_rate)
            audio_seconds = float(audio.duration * audio.time_base)
            frames = video.frames
        assert abs(audio_seconds - frames * frame) <= frame, section.name
        sound = read_audio(section)
        assert abs(len(sound) / RATE - frames * frame) <= frame, section.name
        same = whole[start : start + len(sound)]
        # Cut where the clip's stretch starts: the two agree best unshifted (to the sample) ...
        shifts = range(-64, 65)
        agreement = [np.dot(sound[1000:-1000], whole[start + 1000 + s : start + len(sound) - 1000 + s]) for s in shifts]
        assert shifts[int(np.argmax(agreement))] == 0, section.name
        # ... and differ only by the AAC encoder's noise (each is encoded on its own), about -22 dB.
        error = np.sqrt(np.mean((sound - same) ** 2) / np.mean(same**2))
        assert error < 0.15, f"{section.name}: {error:.3f}"
        start += round(frames * frame * RATE)
    assert abs(start - len(whole)) <= RATE // 15  # the sections tile the clip
    # The first starts with the clip's sound and is encoded the same way: the very same samples.
    first = read_audio(_section_videos(clip)[0])
    assert np.array_equal(first[: RATE * 5], whole[: RATE * 5])


def test_a_render_from_the_cache_says_every_step(clip: Path) -> None:
    """Rendered again into the same media folder, with Manim's cache, the clip says the same.

    Manim drops a sound added while it skips an animation, and it skips one it
    has in its cache: every step after a cached animation used to be silent.
    """
    before = [read_audio(section) for section in _section_videos(clip)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    manim = str(Path(sys.executable).with_name("manim"))
    done = subprocess.run(
        [manim, "-ql", "--save_sections", "--media_dir", str(clip.parents[3]), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=600,
    )
    assert "Using cached" in done.stdout + done.stderr  # Manim took animations from its cache
    # A step may come out a frame longer (Manim times a cached animation by its run time, a drawn
    # one by its frames), so each step is compared with itself over the shorter of the two.
    after = [read_audio(section) for section in _section_videos(clip)]
    assert len(after) == len(before)
    for old, new in zip(before, after):
        n = min(len(old), len(new))
        assert np.sqrt(np.mean((old[:n] - new[:n]) ** 2) / np.mean(old[:n] ** 2)) < 0.15
