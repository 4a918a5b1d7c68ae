"""Cheaper video encoding: each frame converted to the codec's pixel format once, and only where it changed.

Manim 0.22's ``VideoSegmentEncoder.write_frame`` copies the RGBA frame into a
new PyAV frame (6 ms at 1080p) and lets the encoder convert it to YUV (4 ms)
once for every repeat of it: a second of ``wait()`` at 1080p60 converts the
same picture 60 times, and a still scene rendered at 0.7 s per second of
video. Here the frame wraps the pixel array without a copy and is converted
once per call, and that one converted frame is encoded ``repeat`` times.

Most frames differ from the one before in a few rows only (a moving digit,
a line of text), yet converting a 1080p frame to YUV costs 4-5 ms of CPU
wherever it changed. So each segment's encoder keeps its last RGBA frame and
its YUV frame: a new frame is compared with the last one in bands of rows
(``memcmp``, which stops at the first difference), and only the bands that
differ are converted again, each with a few rows of its neighbours around it,
since swscale's chroma rows blend the 2 luma rows either side of them. The
converted rows are exactly those of a whole-frame conversion (tested), so the
encoded video is the same, frame for frame.

glibc hands a freed block above its thresholds back to the kernel at once,
and at 1080p every frame allocates such blocks (the 8 MB RGBA copy Manim
hands over, the conversion of a frame that changed nearly everywhere, and
each segment's x264 pictures), so the next one comes back as fresh pages, a
page fault each: 3.0 s of system time in a 23.5 s beat's 1080p render.
:func:`keep_frame_memory` lets glibc keep them for the next frame instead
(1.5 s; the resident memory 18 MB larger).
"""

from __future__ import annotations

import ctypes
import ctypes.util
from fractions import Fraction

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["ChangedRowsConverter", "keep_frame_memory", "write_frame_converting_once"]

# swscale threads for a whole-frame RGBA -> YUV conversion (the machines this runs on have at least 2 cores).
CONVERSION_THREADS = 2
# Rows compared (and, when they differ, converted again) together: even, so chroma rows never straddle two bands.
BAND_ROWS = 16
# Output rows either side of a changed band that are converted again: a chroma row blends the luma
# rows up to 2 away (measured with swscale 9.5: 0 rows are too few, 2 enough), so 4 is safe.
REACH_ROWS = 4
# Input rows either side of the rows converted again, so that their filter sees what the whole frame's
# did (2 are enough; 8 is safe): the band's own edge, where swscale repeats its last row, falls outside.
CONTEXT_ROWS = 8
# Pixel formats whose band-wise conversion was checked to equal the whole frame's (tests/test_encoding.py).
BANDED_FORMATS = frozenset({"yuv420p"})
# Above this share of changed rows, one whole-frame conversion in CONVERSION_THREADS threads (as fast
# in CPU time, and shorter in wall time) replaces the bands (converted in the encoder's thread only).
WHOLE_FRAME_SHARE = 0.9

# glibc's mallopt parameters (malloc.h), and the sizes a 1080p render's frames and x264's pictures stay under.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD_BYTES = 64 << 20  # blocks below this come from the heap, where freed ones are reused
TRIM_THRESHOLD_BYTES = 512 << 20  # free memory at the heap's top kept before any is handed back

_libc = ctypes.CDLL(ctypes.util.find_library("c"))
_memcmp = _libc.memcmp
_memcmp.restype = ctypes.c_int
_memcmp.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)


def keep_frame_memory() -> bool:
    """Let glibc keep freed frame-sized blocks for reuse; False (and nothing changed) with another C library."""
    mallopt = getattr(_libc, "mallopt", None)
    if mallopt is None:
        return False
    mallopt.restype, mallopt.argtypes = ctypes.c_int, (ctypes.c_int, ctypes.c_int)
    # The mmap threshold first: setting either turns off glibc's own adjusting of both.
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES))


def _changed_runs(new: np.ndarray, old: np.ndarray) -> list[tuple[int, int]]:
    """The row ranges ``[start, stop)`` (whole bands, merged when adjacent) where ``new`` differs from ``old``."""
    height = new.shape[0]
    row_bytes = new.strides[0]
    new_at, old_at = new.ctypes.data, old.ctypes.data
    runs: list[tuple[int, int]] = []
    for start in range(0, height, BAND_ROWS):
        stop = min(height, start + BAND_ROWS)
        if _memcmp(new_at + start * row_bytes, old_at + start * row_bytes, (stop - start) * row_bytes):
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], stop)
            else:
                runs.append((start, stop))
    return runs


def _plane_rows(plane: av.video.plane.VideoPlane) -> np.ndarray:
    """The plane's pixels as a writable (height, width) view of the frame's memory."""
    return np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, : plane.width]


class ChangedRowsConverter:
    """Converts one segment's RGBA frames to ``pixel_format``, converting again only the rows that changed."""

    def __init__(self, pixel_format: str) -> None:
        self.pixel_format = pixel_format
        self._pixels: np.ndarray | None = None  # the last RGBA frame (the writer owns it: nobody changes it)
        self._frame: av.VideoFrame | None = None  # its conversion, changed in place for the next frame
        self._bands = VideoReformatter()

    def _whole(self, pixels: np.ndarray) -> av.VideoFrame:
        # The wrapper shares the array's memory; the conversion is a new frame of the codec's format.
        return av.VideoFrame.from_numpy_buffer(pixels, format="rgba").reformat(
            format=self.pixel_format, threads=CONVERSION_THREADS)

    def convert(self, pixels: np.ndarray) -> av.VideoFrame:
        """``pixels`` (C-contiguous RGBA) in the codec's pixel format; the frame is valid until the next call."""
        last, self._pixels = self._pixels, pixels
        if (last is None or last.shape != pixels.shape or self.pixel_format not in BANDED_FORMATS
                or pixels.shape[0] % 2 or pixels.shape[1] % 2):
            self._frame = self._whole(pixels)
            return self._frame
        runs = _changed_runs(pixels, last)
        height = pixels.shape[0]
        if sum(stop - start for start, stop in runs) > WHOLE_FRAME_SHARE * height:
            self._frame = self._whole(pixels)
            return self._frame
        if runs:
            # The encoder copied or let go of the frame when it was sent; if it still holds it, this copies it.
            self._frame.make_writable()
            planes = [_plane_rows(plane) for plane in self._frame.planes]
            for start, stop in runs:
                self._convert_rows(pixels, planes, max(0, start - REACH_ROWS), min(height, stop + REACH_ROWS))
        return self._frame

    def _convert_rows(self, pixels: np.ndarray, planes: list[np.ndarray], start: int, stop: int) -> None:
        """Convert rows ``[start, stop)`` (even bounds) with their context and write them into ``planes``."""
        top, bottom = max(0, start - CONTEXT_ROWS), min(pixels.shape[0], stop + CONTEXT_ROWS)
        band = self._bands.reformat(av.VideoFrame.from_numpy_buffer(pixels[top:bottom], format="rgba"),
                                    format=self.pixel_format, threads=1)
        for target, source in zip(planes, band.planes):
            step = pixels.shape[0] // target.shape[0]  # 1 for luma, 2 for 4:2:0 chroma
            target[start // step: stop // step] = _plane_rows(source)[(start - top) // step: (stop - top) // step]


def write_frame_converting_once(encoder: VideoSegmentEncoder, pixels: np.ndarray, *, repeat: int = 1) -> None:
    """``VideoSegmentEncoder.write_frame``, converting ``pixels`` once for all its repeats and only where it changed.

    Installed by :mod:`kit.patches`; the encoder keeps its converter (and so its last frame) until it is dropped.
    """
    encoder._validate_frame(pixels, repeat)
    rate = encoder.spec.frame_rate
    time_base = Fraction(rate.denominator, rate.numerator)
    stream = encoder._stream
    try:
        converter = encoder.__dict__.get("_kit_converter")
        if converter is None:
            converter = encoder._kit_converter = ChangedRowsConverter(stream.format.name)
        frame = converter.convert(pixels)
        frame.time_base = time_base
        for _ in range(repeat):
            frame.pts = encoder._next_pts  # the encoder copies it when the frame is sent
            encoder._next_pts += 1
            for packet in stream.encode(frame):
                encoder._container.mux(packet)
    except BaseException as error:
        raise encoder._operation_error("encode", error) from error
