"""Speech into a video file: mono 48 kHz samples encoded and interleaved with the picture's packets.

Used wherever a video gets its sound: each scene's own videos (``scenes/kit/soundtrack.py``),
the chapter (``studio.chapter``) and the lesson's WebM (``studio.media``).
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np

from voice.audio import RATE

__all__ = ["SoundMuxer"]


class SoundMuxer:
    """Mono 48 kHz samples encoded (``aac``, ``libopus``) into a new stream of ``output``, muxed between the
    picture's packets as the picture reaches their time."""

    FRAME = 960  # samples a frame (20 ms): a size every audio encoder here accepts
    # FFmpeg's AAC encoder picks about 70 kbit/s for mono speech, at which its output overshot the
    # input's true peak by up to 2.5 dB (where a sound starts, depending on its phase against the
    # encoder's 1024-sample frames); at 128 kbit/s by at most 0.6 dB (30 trials), inside the dB of room.
    AAC_BIT_RATE = 128_000

    def __init__(self, output: av.container.OutputContainer, codec: str, sound: np.ndarray) -> None:
        self.output = output
        stream = output.add_stream(codec, rate=RATE, layout="mono")
        if codec == "aac":
            stream.bit_rate = self.AAC_BIT_RATE
        self.packets: list[av.Packet] = []
        for at in range(0, len(sound), self.FRAME):
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(sound[at : at + self.FRAME]).reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = RATE, at, Fraction(1, RATE)
            self.packets += stream.encode(frame)
        self.packets += stream.encode()
        self.next = 0

    def mux_until(self, seconds: float) -> None:
        """Mux every packet of sound that starts before ``seconds``."""
        while self.next < len(self.packets):
            packet = self.packets[self.next]
            if packet.pts is not None and float(packet.pts * packet.time_base) > seconds:
                return
            self.output.mux(packet)
            self.next += 1
