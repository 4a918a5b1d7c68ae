"""tools/chapter.py joins beats into one video and one subtitle file."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import srt

from studio.chapter import join, merge_subtitles


def _clip(path: Path, frames: int, grey: int, caption: str) -> Path:
    """A small H.264 video at 15 fps, as Manim writes them, with a one-line .srt."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=15)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(frames):
            image = np.full((48, 64, 3), grey, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
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


def test_subtitles_are_shifted_to_each_beat(tmp_path: Path) -> None:
    clips = [_clip(tmp_path / "a.mp4", 30, 20, "first"), _clip(tmp_path / "b.mp4", 15, 230, "second")]
    lines = list(srt.parse(merge_subtitles(clips, [0.0, 2.0])))
    assert [(s.index, s.start.total_seconds(), s.content) for s in lines] == [(1, 0.5, "first"), (2, 2.5, "second")]


def test_an_unknown_beat_is_one_line(tmp_path: Path) -> None:
    from test_studio_cli import studio
    from test_cli import assert_one_line_error

    assert_one_line_error(studio("chapter", "--beats", "nope", "--out", tmp_path), "unknown beat 'nope'")
    assert list(tmp_path.iterdir()) == []
