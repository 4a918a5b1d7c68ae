"""The user's voice choice (``NN_VOICE``, ``voice`` in manim.cfg) as a voice, or a one-line error."""

from __future__ import annotations

from pathlib import Path

from voice.engines import ENGINES, engine_named
from voice.errors import VoiceError
from voice.recordings import Recordings
from voice.speech import Synthesised, Voice

__all__ = ["NONE", "voice_named"]

NONE = "none"  # silent, subtitles from the captions as before


def voice_named(choice: str, cache: Path) -> Voice | None:
    """``None`` for ``none``, a synthetic voice for an engine's name, recordings for a folder.

    ``FOLDER,ENGINE`` is a folder of recordings with a synthetic voice for the steps it lacks.
    """
    name = choice.strip()
    if name.lower() == NONE:
        return None
    if name.lower() in ENGINES:
        return Synthesised(engine_named(name.lower()), cache)
    folder_name, comma, fallback_name = name.rpartition(",")
    if comma and fallback_name.strip().lower() in ENGINES:
        fallback = Synthesised(engine_named(fallback_name.strip().lower()), cache)
        return Recordings(_folder(folder_name.strip()), cache, fallback=fallback)
    return Recordings(_folder(name), cache)


def _folder(name: str) -> Path:
    """The folder of recordings ``name`` names, or a one-line error."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        return folder
    if "/" in name or name.startswith(".") or folder.exists():
        raise VoiceError(f"{name}: no such folder of recordings")
    choices = ", ".join([NONE, *ENGINES])
    raise VoiceError(f"unknown voice {name!r} (choose {choices}, a folder of recordings, or FOLDER,ENGINE)")
