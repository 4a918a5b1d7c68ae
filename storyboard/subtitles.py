"""Captions and spoken words cut into subtitles a viewer can read: at most two lines of 42 characters, 17 characters a second."""

from __future__ import annotations

import re
import textwrap

__all__ = ["LINE_LENGTH", "LINES_PER_CUE", "MIN_CUE", "READING_SPEED", "cues", "phrases", "reading_time", "timed_cues"]

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


# Spoken subtitles: each cue is a phrase the voice says, shown while it is said.
MIN_CUE = 1.0  # seconds: a shorter cue flashes by unread


def _fits(text: str) -> bool:
    return len(_lines(text)) <= LINES_PER_CUE


def _pack(parts: list[str]) -> list[str]:
    """Consecutive parts joined greedily into pieces of at most two subtitle lines."""
    out: list[str] = []
    for part in parts:
        if out and _fits(f"{out[-1]} {part}"):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _balanced(words: list[str]) -> list[str]:
    """Words cut into the fewest pieces of at most two lines, of about equal length (no short tail)."""
    count = 1
    while True:
        size = -(-len(words) // count)
        pieces = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
        if all(_fits(p) for p in pieces):
            return pieces
        count += 1


def phrases(words: str) -> list[str]:
    """Spoken words cut into phrases that each fit one cue (two lines of 42 characters).

    A sentence that fits is one phrase; a longer one is cut at its commas,
    colons and semicolons (clauses packed together while they fit), and a
    clause still too long is cut into pieces of about equal length.
    """
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(words.split())):
        if not sentence:
            continue
        if _fits(sentence):
            out.append(sentence)
            continue
        clauses = [c for c in re.split(r"(?<=[,:;])\s+", sentence) if c]
        out += _pack([piece for clause in clauses for piece in ([clause] if _fits(clause) else _balanced(clause.split()))])
    return out


def timed_cues(said: list[tuple[str, float, float]], end: float) -> list[tuple[str, float, float]]:
    """Subtitle cues (text wrapped in lines, start, end) from phrases timed to their audio.

    A phrase said in under :data:`MIN_CUE` joins a neighbour when both fit
    one cue, so no fragment flashes by. Each cue starts when its words start
    and stays until it has been shown a second and can be read at the
    reading speed, if the next cue (or ``end``) leaves room.
    """
    merged = [list(p) for p in said]
    i = 0
    while i < len(merged):
        text, start, stop = merged[i]
        if stop - start < MIN_CUE:
            if i + 1 < len(merged) and _fits(f"{text} {merged[i + 1][0]}"):
                merged[i + 1] = [f"{text} {merged[i + 1][0]}", start, merged[i + 1][2]]
                del merged[i]
                continue
            if i and _fits(f"{merged[i - 1][0]} {text}"):
                merged[i - 1] = [f"{merged[i - 1][0]} {text}", merged[i - 1][1], stop]
                del merged[i]
                continue
        i += 1
    cues_out = []
    for i, (text, start, stop) in enumerate(merged):
        room = merged[i + 1][1] if i + 1 < len(merged) else end
        stop = min(max(stop, start + MIN_CUE, start + reading_time(text)), room)
        cues_out.append(("\n".join(_lines(text)), start, stop))
    return cues_out
