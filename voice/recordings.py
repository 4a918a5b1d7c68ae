"""The educator's own voice: a folder of recordings, one audio file per step, as just another voice.

``DIR/<beat>/<step>.wav`` (or ``.flac``, ``.ogg``, ``.mp3``), ``<step>`` being
the step's section name (``python -m studio script`` lists them with the
words to say). Each recording is trimmed of its leading and trailing
silence, faded, normalised like synthetic speech and cached under a hash
of its bytes. A recording is one take of several phrases, so when each
phrase is said is estimated: the take is shared among the phrases by their
length in characters, and each boundary moved to the quietest moment within
0.4 s (the pause between them).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from storyboard.subtitles import phrases
from voice.audio import RATE, fade, normalise, read_audio, silence, trim, write_wav
from voice.errors import VoiceError
from voice.speech import LEAD, TAIL, Said, Speech, Voice, cached_speech, store_speech

__all__ = ["LONGEST", "SUFFIXES", "Recordings"]

SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
LONGEST = 90.0  # seconds: a longer take for one step is not a step's narration
_SNAP = 0.4  # seconds either side of a phrase boundary where its pause is looked for
_VERSION = 1


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _boundaries(texts: list[str], sound: np.ndarray) -> list[float]:
    """Seconds into ``sound`` where each phrase after the first starts: shared by characters, snapped to a pause."""
    n = RATE // 100
    levels = np.sqrt(np.mean(sound[: len(sound) // n * n].reshape(-1, n).astype(np.float64) ** 2, axis=1))
    lengths = np.cumsum([len(t) for t in texts])
    out = []
    for share in lengths[:-1] / lengths[-1]:
        guess = int(share * len(levels))
        low, high = max(guess - int(_SNAP * 100), 0), min(guess + int(_SNAP * 100) + 1, len(levels))
        out.append((low + int(np.argmin(levels[low:high]))) / 100 if high > low else guess / 100)
    return out


class Recordings:
    """A folder of recordings, one per step; processed takes are cached in ``cache``."""

    def __init__(
        self, folder: Path, cache: Path, warn: Callable[[str], None] = _warn_on_stderr, fallback: Voice | None = None
    ) -> None:
        """``fallback``, if given, says the steps that have no recording."""
        self.folder, self.cache, self.warn, self.fallback = folder, cache, warn, fallback

    def recording(self, beat: str, step: str) -> Path | None:
        """The recording of ``step`` of ``beat``, if there is one."""
        found = [self.folder / beat / f"{step}{suffix}" for suffix in SUFFIXES]
        return next((p for p in found if p.is_file()), None)

    def check(self, beat: str, steps: list[str]) -> None:
        """Refuse, naming every one, the steps that have no recording."""
        missing = [step for step in steps if self.recording(beat, step) is None]
        if missing and self.fallback is not None:
            self.warn(f"{self.folder}: no recording for {beat} {', '.join(missing)}: the fallback voice says them")
        elif missing:
            raise VoiceError(
                f"{self.folder}: no recording for {beat} step{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(expected {self.folder / beat}/<step>.wav, .flac, .ogg or .mp3; python -m studio script lists them)"
            )

    def speak(self, words: str, beat: str, step: str) -> Speech:
        """The step's recording, trimmed, normalised and timed."""
        path = self.recording(beat, step)
        if path is None and self.fallback is not None:
            return self.fallback.speak(words, beat, step)
        if path is None:
            self.check(beat, [step])
        body = path.read_bytes()
        key = hashlib.sha256(body + f"{_VERSION} {' '.join(words.split())}".encode()).hexdigest()[:32]
        index, audio = self.cache / f"rec-{key}.json", self.cache / f"rec-{key}.wav"
        cached = cached_speech(index, audio)
        if cached is not None:
            return cached
        sound = trim(read_audio(path, longest=LONGEST))
        self.cache.mkdir(parents=True, exist_ok=True)
        if not len(sound):
            self.warn(f"{path}: the recording is silent; {beat} {step} will have no narration")
            write_wav(silence(LEAD + TAIL), audio)
            speech = Speech(audio, LEAD + TAIL, ())
        else:
            texts = phrases(words)
            starts = [0.0, *_boundaries(texts, sound)]
            ends = [*starts[1:], len(sound) / RATE]
            said = tuple(Said(t, round(LEAD + a, 3), round(LEAD + b, 3)) for t, a, b in zip(texts, starts, ends))
            samples = normalise(np.concatenate([silence(LEAD), fade(sound), silence(TAIL)]))
            write_wav(samples, audio)
            speech = Speech(audio, round(len(samples) / RATE, 3), said)
        store_speech(speech, index)
        return speech
