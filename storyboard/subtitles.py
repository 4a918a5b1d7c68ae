"""Captions cut into subtitles a viewer can read: at most two lines of 42 characters, 17 characters a second."""

from __future__ import annotations

import re
import textwrap

__all__ = ["LINE_LENGTH", "LINES_PER_CUE", "READING_SPEED", "cues", "reading_time"]

# The usual broadcast guidelines for subtitles.
READING_SPEED = 17.0  # characters per second
LINE_LENGTH = 42
LINES_PER_CUE = 2


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, LINE_LENGTH, break_on_hyphens=False)


def cues(caption: str) -> list[str]:
    """The caption as subtitle cues, each at most two lines of 42 characters, split at sentences where possible."""
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+", " ".join(caption.split())) if s]
    out: list[str] = []
    for sentence in sentences:
        joined = f"{out[-1].replace(chr(10), ' ')} {sentence}" if out else sentence
        if out and len(_lines(joined)) <= LINES_PER_CUE:
            out[-1] = "\n".join(_lines(joined))
            continue
        lines = _lines(sentence)
        out += ["\n".join(lines[i : i + LINES_PER_CUE]) for i in range(0, len(lines), LINES_PER_CUE)]
    return out


def reading_time(text: str) -> float:
    """Seconds a viewer needs to read ``text`` at the reading speed."""
    return len(" ".join(text.split())) / READING_SPEED
