"""Cheaper video encoding: each frame is converted to the codec's pixel format once, in two threads.

Manim 0.22's ``VideoSegmentEncoder.write_frame`` copies the RGBA frame into a
new PyAV frame (6 ms at 1080p) and lets the encoder convert it to YUV (4 ms)
once for every repeat of it: a second of ``wait()`` at 1080p60 converts the
same picture 60 times, and a still scene rendered at 0.7 s per second of
video. Here the frame wraps the pixel array without a copy and is converted
once per call, with two threads, and that one converted frame is encoded
``repeat`` times. The encoded video is the same, frame for frame.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["write_frame_converting_once"]

# swscale threads for the RGBA -> YUV conversion (the machines this runs on have at least 2 cores).
CONVERSION_THREADS = 2


def write_frame_converting_once(encoder: VideoSegmentEncoder, pixels: np.ndarray, *, repeat: int = 1) -> None:
    """``VideoSegmentEncoder.write_frame``, converting ``pixels`` once for all its repeats (installed by :mod:`kit.patches`)."""
    encoder._validate_frame(pixels, repeat)
    rate = encoder.spec.frame_rate
    time_base = Fraction(rate.denominator, rate.numerator)
    stream = encoder._stream
    try:
        # The wrapper shares the array's memory, which stays alive until it is converted, on the next line.
        frame = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")
        frame = frame.reformat(format=stream.format.name, threads=CONVERSION_THREADS)
        frame.time_base = time_base
        for _ in range(repeat):
            frame.pts = encoder._next_pts  # the encoder copies it when the frame is sent
            encoder._next_pts += 1
            for packet in stream.encode(frame):
                encoder._container.mux(packet)
    except BaseException as error:
        raise encoder._operation_error("encode", error) from error
