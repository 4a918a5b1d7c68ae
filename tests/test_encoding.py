"""Frames converted once for all their repeats encode to the same video as Manim's own writer (scenes/kit/encoding.py)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from kit.encoding import write_frame_converting_once
from kit.patches import install_patches, uninstall_patches


def _stock_write_frame():
    """Manim's own ``write_frame``, whether or not a scene earlier in the session installed the patches."""
    current = VideoSegmentEncoder.write_frame
    uninstall_patches()
    stock = VideoSegmentEncoder.write_frame
    if stock is not current:  # they were installed: put them back as they were
        install_patches()
    return stock


def _frames() -> list[tuple[np.ndarray, int]]:
    """Three different pictures, the second held for 5 frames, as a scene with a wait would send them."""
    rng = np.random.default_rng(3)
    pictures = []
    for _ in range(3):
        picture = np.zeros((144, 256, 4), np.uint8)
        picture[..., :3] = rng.integers(0, 256, (144, 256, 3), dtype=np.uint8)
        picture[..., 3] = 255
        pictures.append(picture)
    return list(zip(pictures, [1, 5, 1]))


def _encode(path: Path, write_frame, codec: str, container: str) -> list[tuple[int, bytes]]:
    """Encode the frames with ``write_frame``; the decoded frames' times and YUV bytes."""
    spec = VideoEncoderSpec(container, codec, "yuv420p", 256, 144, Fraction(15), ())
    encoder = VideoSegmentEncoder(target=path, spec=spec)
    for picture, repeat in _frames():
        write_frame(encoder, picture, repeat=repeat)
    encoder.finish()
    with av.open(str(path)) as video:
        return [(frame.pts, frame.to_ndarray(format="yuv420p").tobytes()) for frame in video.decode(video=0)]


@pytest.mark.parametrize(("codec", "container"), [("libx264", "mp4"), ("libvpx-vp9", "webm")])
def test_converting_once_encodes_the_same_video(tmp_path: Path, codec: str, container: str) -> None:
    stock = _encode(tmp_path / f"stock.{container}", _stock_write_frame(), codec, container)
    once = _encode(tmp_path / f"once.{container}", write_frame_converting_once, codec, container)
    assert len(stock) == 7
    assert once == stock
