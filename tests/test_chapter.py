"""tools/chapter.py joins beats into one video and one subtitle file."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
import srt

from studio.chapter import join, merge_subtitles
from voice.audio import RATE, read_audio
from voice.muxing import SoundMuxer


def _clip(path: Path, frames: int, grey: int, caption: str, tone: float | None = None) -> Path:
    """A small H.264 video at 15 fps, as Manim writes them, with a one-line .srt; with ``tone``, a sound
    of that frequency in its first half second (48 kHz AAC)."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        sound = None
        if tone is not None:  # every stream is added before the first packet is written
            t = np.arange(frames * RATE // 15) / RATE
            sound = SoundMuxer(out, "aac", (0.3 * np.sin(2 * np.pi * tone * t) * (t < 0.5)).astype(np.float32))
        for _ in range(frames):
            image = np.full((48, 64, 3), grey, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        if sound is not None:
            sound.mux_until(float("inf"))
    path.with_suffix(".srt").write_text(f"1\n00:00:00,500 --> 00:00:01,000\n{caption}\n\n", encoding="utf-8")
    return path


def test_join_keeps_every_frame_in_order(tmp_path: Path) -> None:
    clips = [_clip(tmp_path / "a.mp4", 30, 20, "first"), _clip(tmp_path / "b.mp4", 15, 230, "second")]
    starts = join(clips, tmp_path / "chapter.mp4")
    assert starts == [0.0, 2.0]
    with av.open(str(tmp_path / "chapter.mp4")) as joined:
        greys = [int(f.to_ndarray(format="rgb24").mean()) for f in joined.decode(video=0)]
    assert len(greys) == 45
    assert all(abs(g - 20) < 5 for g in greys[:30]) and all(abs(g - 230) < 5 for g in greys[30:])


def test_join_carries_each_beats_sound_at_its_start(tmp_path: Path) -> None:
    clips = [_clip(tmp_path / "a.mp4", 30, 20, "first", tone=440), _clip(tmp_path / "b.mp4", 15, 230, "second", tone=880)]
    join(clips, tmp_path / "chapter.mp4")
    with av.open(str(tmp_path / "chapter.mp4")) as joined:
        audio, video = joined.streams.audio[0], joined.streams.video[0]
        assert audio.codec_context.name == "aac" and audio.rate == RATE
        assert float(audio.duration * audio.time_base) == pytest.approx(float(video.duration * video.time_base), abs=0.05)
    sound = read_audio(tmp_path / "chapter.mp4")
    for start, tone in ((0.0, 440), (2.0, 880)):  # each tone where its beat starts, and silence after it
        piece = sound[int((start + 0.1) * RATE) : int((start + 0.4) * RATE)]
        spectrum = np.abs(np.fft.rfft(piece))
        assert np.fft.rfftfreq(len(piece), 1 / RATE)[spectrum.argmax()] == pytest.approx(tone, abs=5)
        assert np.sqrt(np.mean(sound[int((start + 0.7) * RATE) : int((start + 0.9) * RATE)] ** 2)) < 1e-3


def test_subtitles_are_shifted_to_each_beat(tmp_path: Path) -> None:
    clips = [_clip(tmp_path / "a.mp4", 30, 20, "first"), _clip(tmp_path / "b.mp4", 15, 230, "second")]
    lines = list(srt.parse(merge_subtitles(clips, [0.0, 2.0])))
    assert [(s.index, s.start.total_seconds(), s.content) for s in lines] == [(1, 0.5, "first"), (2, 2.5, "second")]


def test_an_unknown_beat_is_one_line(tmp_path: Path) -> None:
    from test_studio_cli import studio
    from test_cli import assert_one_line_error

    assert_one_line_error(studio("chapter", "--beats", "nope", "--out", tmp_path), "unknown beat 'nope'")
    assert list(tmp_path.iterdir()) == []
