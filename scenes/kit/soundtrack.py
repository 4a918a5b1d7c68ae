"""The scene's soundtrack in its video and in each step's own video: section videos and slides that speak.

Manim 0.22 writes a section video (``--save_sections``), and manim-slides a
slide, by joining the scene's partial movie files, which carry no sound: only
the whole video gets the soundtrack, so a teacher who embedded one step got a
silent clip. Here each such video gets exactly the stretch of the soundtrack
that the whole video plays over the same frames: it starts where the partial
movie files before its first one end (their frames at the scene's frame rate)
and lasts as long as its own frames. The whole video is given the same
narration, laid out by the same frames (:class:`Soundtrack`), so both agree to
the sample. The pictures are copied packet for packet (not encoded again); the
sound is encoded as 48 kHz mono AAC (Opus in a WebM) and interleaved with them
(``voice.muxing``). Each file is written under a temporary name and
renamed over the one Manim wrote.

The AAC packets cannot simply be copied out of the whole video: an AAC frame
is 1024 samples (21.3 ms) and a picture at 15 fps 3200, so a step seldom
starts on an AAC frame, and an AAC frame decodes only with the one before it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from netcore.files import move_into_place
from voice.audio import RATE, read_audio
from voice.muxing import SoundMuxer

__all__ = ["Soundtrack", "frames_in", "give_sound"]


def frames_in(video: Path) -> int:
    """The number of frames of ``video``'s first video stream."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        return stream.frames or sum(1 for p in container.demux(stream) if p.dts is not None)


class Soundtrack:
    """A scene's narration laid out on its video's frames, and where each partial movie file starts in it.

    ``partial_movies`` are the scene's partial movie files in order, ``None``
    for an animation skipped with ``manim -n`` (not in the video; a file may
    come more than once, where Manim reused an animation it had drawn).
    ``speeches`` are (the index of the partial movie a step starts with, the
    step's speech file): each is placed where that partial movie starts in the
    video, counted in frames at the scene's ``frame_rate``. Manim places a
    sound at its scene time, which on a render from its cache runs ahead of
    the frames (a cached animation counts its run time, a drawn one its
    frames): up to 0.1 s by the end of the forward clip.
    """

    def __init__(self, partial_movies: Sequence[str | None], frame_rate: float, speeches: Sequence[tuple[int, Path]]) -> None:
        lengths = {m: Fraction(frames_in(Path(m))) / Fraction(frame_rate) for m in set(partial_movies) if m is not None}
        self.starts = [Fraction(0)]  # seconds: where each partial movie starts, then where the last ends
        for movie in partial_movies:
            self.starts.append(self.starts[-1] + (lengths[movie] if movie is not None else 0))
        self.samples = np.zeros(round(self.starts[-1] * RATE), np.float32)
        for index, path in speeches:
            if index >= len(partial_movies) or partial_movies[index] is None:  # not in the video
                continue
            at = round(self.starts[index] * RATE)
            sound = read_audio(path)[: len(self.samples) - at]
            self.samples[at : at + len(sound)] += sound

    def stretch(self, first: int, count: int) -> np.ndarray:
        """The narration under ``count`` partial movies from the ``first``."""
        return self.samples[round(self.starts[first] * RATE) : round(self.starts[first + count] * RATE)]


def give_sound(video: Path, sound: np.ndarray) -> None:
    """Rewrite ``video`` with ``sound`` (mono, 48 kHz) as its only sound; its pictures copied as they are."""
    codec = "libopus" if video.suffix == ".webm" else "aac"
    fd, name = tempfile.mkstemp(prefix=f".{video.stem}-", suffix=video.suffix, dir=video.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        with av.open(str(video)) as source, av.open(name, mode="w") as out:
            pictures = source.streams.video[0]
            stream = out.add_stream_from_template(pictures)
            audio = SoundMuxer(out, codec, sound)
            for packet in source.demux(pictures):
                if packet.dts is None:  # the demuxer's final empty packet
                    continue
                packet.stream = stream
                audio.mux_until(float(packet.dts * pictures.time_base))
                out.mux(packet)
            audio.mux_until(float("inf"))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    move_into_place(temporary, video)
