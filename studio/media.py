"""The lesson's video files and pictures, made with PyAV: a fast-start MP4, a VP9 WebM, still frames.

Manim writes H.264 MP4s whose index (the ``moov`` atom) sits at the end, so
a browser must download the whole file before playing. The MP4 is remuxed
(no re-encoding) with the index at the front; the WebM is encoded once, its
sound as Opus. Sound and picture packets are interleaved by time, so a
player streaming either file finds both together.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

from voice.audio import peaks_held, read_audio
from voice.muxing import SoundMuxer

__all__ = ["busiest", "duration", "faststart_mp4", "frames_before", "webm"]

# VP9 settings chosen for speed on two shared cores: real-time deadline, constant quality.
VP9_OPTIONS = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "40", "b": "0"}


def faststart_mp4(source: Path, out: Path) -> None:
    """Copy ``source``'s picture and sound (if any) into ``out`` with the index at the front (``movflags=faststart``)."""
    with av.open(str(source)) as src, av.open(str(out), "w", format="mp4", options={"movflags": "+faststart"}) as dst:
        inputs = [src.streams.video[0], *src.streams.audio[:1]]
        outputs = {s.index: dst.add_stream_from_template(s) for s in inputs}
        for packet in src.demux(inputs):
            if packet.dts is None:  # the demuxer's final empty packet
                continue
            packet.stream = outputs[packet.stream.index]
            dst.mux(packet)


def webm(source: Path, out: Path) -> None:
    """Encode ``source``'s video as VP9 in a WebM container, same size and frame rate, its sound (if any) as Opus."""
    with av.open(str(source)) as src, av.open(str(out), "w", format="webm") as dst:
        video = src.streams.video[0]
        rate = video.guessed_rate  # the frame rate Manim wrote (the average of a joined chapter is not exact)
        stream = dst.add_stream("libvpx-vp9", rate=rate, options=VP9_OPTIONS)
        stream.width, stream.height, stream.pix_fmt = video.width, video.height, "yuv420p"
        audio = SoundMuxer(dst, "libopus", peaks_held(read_audio(source))) if src.streams.audio else None
        for index, frame in enumerate(src.decode(video)):
            picture = frame.reformat(format="yuv420p")
            # Constant frame rate: frame n is shown at n / rate.
            picture.pts, picture.time_base = index, Fraction(1, rate)
            for packet in stream.encode(picture):
                if audio is not None:
                    audio.mux_until(float(packet.pts * packet.time_base))
                dst.mux(packet)
        for packet in stream.encode():
            dst.mux(packet)
        if audio is not None:
            audio.mux_until(float("inf"))


def duration(video: Path) -> float:
    """The video's length in seconds: its stream's, else (WebM keeps none per stream) the container's."""
    with av.open(str(video)) as src:
        stream = src.streams.video[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return src.duration / av.time_base


def frames_before(video: Path, times: list[float]) -> list[Image.Image]:
    """For each time (seconds, increasing), the last frame shown before it: a beat's finished picture."""
    pictures: list[Image.Image] = []
    previous = None
    with av.open(str(video)) as src:
        for frame in src.decode(video=0):
            while len(pictures) < len(times) and frame.time >= times[len(pictures)] - 1e-6:
                pictures.append(previous.to_image() if previous is not None else frame.to_image())
            previous = frame
    while len(pictures) < len(times):  # times at or past the end: the last frame
        pictures.append(previous.to_image())
    return pictures


def busiest(pictures: list[Image.Image]) -> int:
    """The index of the picture that differs most from its own background (its most common colour).

    Used to choose a telling poster: the finished picture with the most drawn on it.
    """

    def drawn(picture: Image.Image) -> float:
        pixels = np.asarray(picture.convert("RGB")).reshape(-1, 3)
        colours, counts = np.unique(pixels, axis=0, return_counts=True)
        background = colours[counts.argmax()].astype(float)
        return float(np.abs(pixels - background).sum(axis=1).astype(bool).mean())

    return max(range(len(pictures)), key=lambda i: drawn(pictures[i]))
