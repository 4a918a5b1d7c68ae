"""A step's words as speech: one normalised audio file, its length, and when each phrase is said.

Words are cut into phrases that each fit one subtitle cue
(``storyboard.subtitles.phrases``); each phrase is synthesised on its own,
trimmed of its silence and joined with a pause (longer after a sentence than
after a clause), so every phrase's start and end in the file are known
exactly and the subtitles can follow the voice. The file is brought to
-16 LUFS as a whole (``voice.audio``).

Synthesised speech is cached in a folder (by default ``<media>/voice``,
beside Manim's text and TeX caches) under a hash of the engine, its voice,
the words and this module's settings, as ``<hash>.wav`` with ``<hash>.json``
(the phrases' times). Each file is written under a temporary name and
renamed, the JSON last: a render that finds the JSON finds its audio whole,
and two renders making the same speech at once make the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from netcore.files import write_atomically
from storyboard.subtitles import phrases
from voice.audio import RATE, fade, normalise, read_audio, silence, trim, write_wav
from voice.engines import Engine
from voice.errors import VoiceError
from voice.reading import read_aloud

__all__ = ["BREATH", "LEAD", "TAIL", "Said", "Speech", "Synthesised", "Voice", "cached_speech", "join_phrases", "speech_from_phrases", "store_speech"]

LEAD = 0.05  # seconds of silence before the first word
TAIL = 0.05  # and after the last
PAUSE_SENTENCE = 0.40  # between sentences
PAUSE_CLAUSE = 0.20  # between the phrases of one sentence
BREATH = 0.5  # seconds a step goes on after its speech ends, before the next step speaks
# Bump when the way speech is made changes, so cached speech is made again.
_VERSION = 1


@dataclass(frozen=True)
class Said:
    """A phrase as written (for subtitles) and when it is said, in seconds from the start of the file."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    """A step's narration: its audio file (48 kHz mono WAV), its length in seconds and its phrases."""

    path: Path
    duration: float
    phrases: tuple[Said, ...]


class Voice(Protocol):
    """Whatever narrates a step: a synthetic voice, or the educator's recordings."""

    def check(self, beat: str, steps: list[str]) -> None:
        """Refuse, in one line, a beat this voice cannot say (recordings missing for some of its steps)."""

    def speak(self, words: str, beat: str, step: str) -> Speech:
        """The narration of ``words``, the words of ``step`` of ``beat``."""


def join_phrases(texts: list[str], sounds: list[np.ndarray]) -> tuple[np.ndarray, tuple[Said, ...]]:
    """Phrases' sounds trimmed, faded, joined with pauses and normalised; with each phrase's times."""
    pieces, said, at = [silence(LEAD)], [], LEAD
    for i, (text, sound) in enumerate(zip(texts, sounds)):
        sound = fade(trim(sound))
        said.append(Said(text, round(at, 3), round(at + len(sound) / RATE, 3)))
        at += len(sound) / RATE
        pieces.append(sound)
        if i + 1 < len(texts):
            pause = PAUSE_SENTENCE if text.rstrip().endswith((".", "!", "?")) else PAUSE_CLAUSE
            pieces.append(silence(pause))
            at += pause
    pieces.append(silence(TAIL))
    return normalise(np.concatenate(pieces)), tuple(said)


def speech_from_phrases(texts: list[str], sounds: list[np.ndarray], path: Path) -> Speech:
    """Join the phrases' sounds into ``path`` and describe the result."""
    samples, said = join_phrases(texts, sounds)
    write_wav(samples, path)
    return Speech(path, round(len(samples) / RATE, 3), said)


def store_speech(speech: Speech, index: Path) -> None:
    """Write the description of ``speech`` (length, phrases) to the cache file ``index``, whole or not at all.

    Written after the audio, so a render that finds ``index`` finds the audio whole.
    """
    data = {"duration": speech.duration, "phrases": [asdict(p) for p in speech.phrases]}
    write_atomically(index, json.dumps(data, indent=1).encode("utf-8"))


def cached_speech(index: Path, audio: Path) -> Speech | None:
    """The speech cached as ``audio`` and described by ``index``, if both are there."""
    if not (index.exists() and audio.exists()):
        return None
    data = json.loads(index.read_text(encoding="utf-8"))
    return Speech(audio, data["duration"], tuple(Said(**p) for p in data["phrases"]))


class Synthesised:
    """A synthetic voice: ``engine`` says the words; speech is cached in ``cache``."""

    def __init__(self, engine: Engine, cache: Path) -> None:
        self.engine, self.cache = engine, cache

    def check(self, beat: str, steps: list[str]) -> None:
        """A synthetic voice can say any words."""

    def key(self, words: str) -> str:
        """The cache key of ``words`` said by this voice."""
        what = {"engine": self.engine.name, "voice": self.engine.voice, "words": " ".join(words.split()), "version": _VERSION}
        return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:32]

    def speak(self, words: str, beat: str = "", step: str = "") -> Speech:
        """The speech of ``words`` from the cache, else synthesised and cached."""
        key = self.key(words)
        index, audio = self.cache / f"{key}.json", self.cache / f"{key}.wav"
        cached = cached_speech(index, audio)
        if cached is not None:
            return cached
        texts = phrases(words)
        if not texts:
            raise VoiceError(f"{beat} {step}: nothing to say")
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".voice-", dir=self.cache) as folder:
            files = self.engine.synthesise([read_aloud(t) for t in texts], Path(folder))
            speech = speech_from_phrases(texts, [read_audio(f) for f in files], audio)
        store_speech(speech, index)
        return speech
