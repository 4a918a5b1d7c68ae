"""The user's voice choice (``NN_VOICE``, ``voice`` in manim.cfg) as a voice, or a one-line error."""

from __future__ import annotations

from pathlib import Path

from voice.engines import ENGINES, engine_named
from voice.errors import VoiceError
from voice.speech import Synthesised, Voice

__all__ = ["NONE", "voice_named"]

NONE = "none"  # silent, subtitles from the captions as before


def voice_named(choice: str, cache: Path) -> Voice | None:
    """``None`` for ``none``, a synthetic voice for an engine's name, recordings for a folder."""
    name = choice.strip()
    if name.lower() == NONE:
        return None
    if name.lower() in ENGINES:
        return Synthesised(engine_named(name.lower()), cache)
    choices = ", ".join([NONE, *ENGINES])
    raise VoiceError(f"unknown voice {name!r} (choose {choices}, or a folder of recordings)")
