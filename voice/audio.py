"""Speech audio: read any audio file, trim its silence, join phrases, bring it to broadcast loudness.

Everything is mono float at 48 kHz, the rate of the finished videos. Loudness
is measured by pyloudnorm (ITU-R BS.1770-4, as EBU R128 asks) and brought to
-16 LUFS integrated; the true peak (the peak of the signal four times
oversampled, BS.1770's method) is kept at or under -2 dBTP, a dB below the
-1 dBTP limit, for the AAC and Opus encoders' own overshoot (a sound decoded
and encoded again, as the chapter's, passes the limiter again: ``peaks_held``).
"""

from __future__ import annotations

import io
import wave
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pyloudnorm
from av.filter import Graph
from scipy.signal import resample_poly

from netcore.files import write_atomically
from voice.errors import VoiceError

__all__ = [
    "LOUDNESS",
    "RATE",
    "TRUE_PEAK",
    "fade",
    "limit",
    "loudness",
    "normalise",
    "peaks_held",
    "read_audio",
    "silence",
    "trim",
    "true_peak",
    "write_wav",
]

RATE = 48_000
LOUDNESS = -16.0  # LUFS integrated, the usual target for speech online
TRUE_PEAK = -2.0  # dBTP, what normalise() leaves at most: each lossy encode (AAC, then Opus) may add some
_FADE = 0.005  # seconds of fade at each end of a phrase: no click where it meets silence
_FRAME = 0.010  # seconds per frame when looking for where speech starts and ends
_SILENT_BELOW = 40.0  # dB under the loudest frame: quieter frames at the ends are trimmed


def read_audio(path: Path, longest: float | None = None) -> np.ndarray:
    """The file's first audio stream as mono float32 at 48 kHz; one-line error if it is not audio.

    With ``longest`` (seconds), a longer sound is refused as soon as that is
    known (from the file's header, else while decoding), not after decoding it all.
    """
    too_long = f"{path}: longer than {longest:g} s" if longest else ""
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise VoiceError(f"{path}: not an audio file (no audio stream)")
            if longest and container.duration and container.duration / av.time_base > longest + 0.5:
                raise VoiceError(f"{too_long} ({container.duration / av.time_base:.0f} s)")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            parts, count = [], 0
            for frame in container.decode(audio=0):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().reshape(-1))
                    count += len(parts[-1])
                if longest and count > (longest + 0.5) * RATE:
                    raise VoiceError(too_long)
            parts += [o.to_ndarray().reshape(-1) for o in resampler.resample(None)]
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise VoiceError(f"{path}: not a readable audio file ({type(exc).__name__})") from None
    samples = np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
    if not np.all(np.isfinite(samples)):
        raise VoiceError(f"{path}: damaged audio (not finite samples)")
    return samples


def silence(seconds: float) -> np.ndarray:
    """``seconds`` of silence."""
    return np.zeros(round(seconds * RATE), np.float32)


def trim(samples: np.ndarray, keep: float = 0.02) -> np.ndarray:
    """``samples`` without the near-silence before and after the speech, keeping ``keep`` seconds of each.

    Silence is any 10 ms frame more than 40 dB under the loudest; a wholly
    silent sound becomes empty.
    """
    n = int(_FRAME * RATE)
    frames = samples[: len(samples) // n * n].reshape(-1, n)
    if not len(frames):
        return samples[:0]
    level = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    if level.max() <= 1e-5:
        return samples[:0]
    loud = np.flatnonzero(level >= level.max() * 10 ** (-_SILENT_BELOW / 20))
    margin = int(keep * RATE)
    return samples[max(loud[0] * n - margin, 0) : min((loud[-1] + 1) * n + margin, len(samples))]


def fade(samples: np.ndarray) -> np.ndarray:
    """``samples`` faded in and out over 5 ms (a raised cosine), so an edge never clicks."""
    n = min(int(_FADE * RATE), len(samples) // 2)
    if n == 0:
        return samples
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n))).astype(np.float32)
    out = samples.copy()
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def loudness(samples: np.ndarray) -> float:
    """Integrated loudness in LUFS (BS.1770-4, gated): -inf for silence or a sound under 0.4 s."""
    if len(samples) < 0.4 * RATE:
        return float("-inf")
    return float(pyloudnorm.Meter(RATE).integrated_loudness(samples.astype(np.float64)))


def true_peak(samples: np.ndarray) -> float:
    """True peak in dBTP: the largest sample of the signal oversampled four times."""
    if not len(samples):
        return float("-inf")
    peak = float(np.max(np.abs(resample_poly(samples.astype(np.float64), 4, 1))))
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(samples: np.ndarray, ceiling: float) -> np.ndarray:
    """``samples`` through FFmpeg's ``alimiter`` (5 ms attack, 50 ms release), peaks held under ``ceiling`` dBFS.

    Its latency is compensated, so every sample stays where it was.
    """
    graph = Graph()
    source = graph.add_abuffer(format="flt", sample_rate=RATE, layout="mono", time_base=f"1/{RATE}")
    limiter = graph.add("alimiter", f"limit={10 ** (ceiling / 20)}:attack=5:release=50:level=false:latency=true")
    sink = graph.add("abuffersink")
    source.link_to(limiter)
    limiter.link_to(sink)
    graph.configure()
    frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1).astype(np.float32), format="flt", layout="mono")
    frame.sample_rate, frame.pts, frame.time_base = RATE, 0, Fraction(1, RATE)
    graph.push(frame)
    graph.push(None)
    out = []
    while True:
        try:
            out.append(graph.pull().to_ndarray().reshape(-1))
        except (av.BlockingIOError, av.EOFError):
            break
    return np.concatenate(out).astype(np.float32)[: len(samples)]


def peaks_held(samples: np.ndarray) -> np.ndarray:
    """``samples`` with a true peak of at most -2 dBTP: through the limiter only if they pass it."""
    if true_peak(samples) <= TRUE_PEAK:
        return samples
    return limit(samples, TRUE_PEAK - 1.0)


def normalise(samples: np.ndarray) -> np.ndarray:
    """``samples`` at -16 LUFS integrated with a true peak of at most -2 dBTP.

    Speech synthesisers' peaks stand 16-17 dB above their loudness, more than
    -16 LUFS under -2 dBTP allows, so the loudest few milliseconds pass a
    limiter (a dB under the ceiling, for the peaks between samples) before the
    gain is set again; only if the true peak still passed the ceiling would
    the whole be turned down.
    """
    measured = loudness(samples)
    if not np.isfinite(measured):
        return samples
    samples = samples * np.float32(10 ** ((LOUDNESS - measured) / 20))
    if true_peak(samples) > TRUE_PEAK:
        samples = limit(samples, TRUE_PEAK - 1.0)
        samples = samples * np.float32(10 ** ((LOUDNESS - loudness(samples)) / 20))
    excess = true_peak(samples) - TRUE_PEAK
    return (samples * np.float32(10 ** (-excess / 20)) if excess > 0 else samples).astype(np.float32)


def write_wav(samples: np.ndarray, path: Path) -> None:
    """Write ``samples`` as a 16-bit 48 kHz mono WAV file, whole or not at all."""
    pcm = (np.clip(samples, -1, 1) * 32767).round().astype("<i2")
    body = io.BytesIO()
    with wave.open(body, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    write_atomically(path, body.getvalue())
