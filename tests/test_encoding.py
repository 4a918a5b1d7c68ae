"""Frames converted once for all their repeats, and only where they changed, encode to the same video as Manim's own writer.

(scenes/kit/encoding.py)
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from kit.encoding import BAND_ROWS, ChangedRowsConverter, write_frame_converting_once
from kit.patches import install_patches, uninstall_patches


def _stock_write_frame():
    """Manim's own ``write_frame``, whether or not a scene earlier in the session installed the patches."""
    current = VideoSegmentEncoder.write_frame
    uninstall_patches()
    stock = VideoSegmentEncoder.write_frame
    if stock is not current:  # they were installed: put them back as they were
        install_patches()
    return stock


def _picture(rng: np.random.Generator, height: int = 144, width: int = 256) -> np.ndarray:
    picture = np.zeros((height, width, 4), np.uint8)
    picture[..., :3] = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    picture[..., 3] = 255
    return picture


def _touched(rng: np.random.Generator, picture: np.ndarray, patches: int) -> np.ndarray:
    """A copy of ``picture`` with a few small patches repainted (a moving shape, a changed number)."""
    touched = picture.copy()
    height, width = picture.shape[:2]
    for _ in range(patches):
        y, x = int(rng.integers(0, height)), int(rng.integers(0, width - 8))
        touched[y: y + int(rng.integers(1, 2 * BAND_ROWS)), x: x + 8, :3] = rng.integers(0, 256, 3)
    return touched


def _frames() -> list[tuple[np.ndarray, int]]:
    """As a scene sends them: different pictures, one held for 5 frames, one sent twice, a few changed rows."""
    rng = np.random.default_rng(3)
    first, second = _picture(rng), _picture(rng)
    touched = _touched(rng, second, 2)
    edges = touched.copy()
    edges[:1, :, :3] = 0  # the first and last rows, where swscale's filter meets the frame's edge
    edges[-1:, :, :3] = 255
    return [(first, 1), (second, 5), (second.copy(), 1), (touched, 2), (edges, 1), (_picture(rng), 1)]


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
    assert len(stock) == 11
    assert once == stock


@pytest.mark.parametrize(("height", "width"), [(144, 256), (480, 854), (1080, 1920)])
def test_rows_converted_again_equal_the_whole_frame_converted(height: int, width: int) -> None:
    rng = np.random.default_rng(height)
    converter = ChangedRowsConverter("yuv420p")
    picture = _picture(rng, height, width)
    for step in range(12):
        picture = _touched(rng, picture, step % 4)  # none to three patches: from no change to several bands
        whole = av.VideoFrame.from_numpy_buffer(picture, format="rgba").reformat(format="yuv420p")
        assert np.array_equal(converter.convert(picture).to_ndarray(), whole.to_ndarray()), step
