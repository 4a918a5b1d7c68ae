"""Offline speech engines: each turns phrases into one audio file per phrase.

An engine is a program Debian installs; it is run once per step, never over
a network. Its name, and the voice it speaks with, are part of the cache key.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from voice.errors import VoiceError

__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "Espeak", "Festival", "engine_named"]


class Engine(Protocol):
    """Something that can say phrases: ``synthesise`` writes one audio file per phrase into ``folder``."""

    name: str
    voice: str

    def check(self) -> None:
        """Raise a one-line :class:`VoiceError` saying how to install the engine if it is missing."""

    def synthesise(self, phrases: list[str], folder: Path) -> list[Path]:
        """One audio file per phrase, in order."""


def _not_installed(engine: Festival | Espeak) -> VoiceError:
    """The one line that says an engine is missing, and how to install it."""
    return VoiceError(f"voice {engine.name!r} is not installed (as root: {engine.install})")


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VoiceError(f"{what} failed: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise VoiceError(f"{what} failed: {last}")


@dataclass(frozen=True)
class Festival:
    """Festival with the CMU ARCTIC "slt" HTS voice (Debian ``festvox-us-slt-hts``, free licence EST-2003)."""

    name: str = "festival"
    voice: str = "cmu_us_slt_arctic_hts"
    install: str = "apt-get install festival festvox-us-slt-hts"

    def check(self) -> None:
        if shutil.which("festival") is None or not list(Path("/usr/share/festival/voices").glob(f"*/{self.voice}")):
            raise _not_installed(self)

    def synthesise(self, phrases: list[str], folder: Path) -> list[Path]:
        # One Festival process for all the step's phrases: its start costs more than a phrase.
        outputs = [folder / f"{i}.wav" for i in range(len(phrases))]
        lines = [f"({self.voice.replace('cmu_us_', 'voice_cmu_us_')})"]
        for text, out in zip(phrases, outputs):
            lines.append(f"(utt.save.wave (utt.synth (Utterance Text {_scheme(text)})) {_scheme(str(out))} 'riff)")
        script = folder / "say.scm"
        script.write_text("\n".join(lines) + "\n", encoding="utf-8")
        _run(["festival", "--batch", str(script)], "festival")
        return outputs


def _scheme(text: str) -> str:
    """``text`` as a Scheme string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Espeak:
    """eSpeak NG (Debian ``espeak-ng``, GPL-3): tiny, robotic, always there."""

    name: str = "espeak-ng"
    voice: str = "en-us"
    install: str = "apt-get install espeak-ng"

    def check(self) -> None:
        if shutil.which("espeak-ng") is None:
            raise _not_installed(self)

    def synthesise(self, phrases: list[str], folder: Path) -> list[Path]:
        outputs = [folder / f"{i}.wav" for i in range(len(phrases))]
        for text, out in zip(phrases, outputs):
            _run(["espeak-ng", "-v", self.voice, "-s", "160", "-w", str(out), "--", text], "espeak-ng")
        return outputs


ENGINES: dict[str, Engine] = {e.name: e for e in (Festival(), Espeak())}
DEFAULT_ENGINE = "festival"


def engine_named(name: str) -> Engine:
    """The engine called ``name``, checked to be installed."""
    engine = ENGINES[name]
    engine.check()
    return engine
