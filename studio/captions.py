"""WebVTT tracks for the lesson page: the captions (from the chapter's .srt) and the chapters (from its sections)."""

from __future__ import annotations

import io

import webvtt
from webvtt.models import Timestamp

__all__ = ["beat_title", "captions_vtt", "chapters_vtt", "section_title", "words_of"]


def captions_vtt(srt_text: str) -> str:
    """The chapter's subtitles, SubRip text, as WebVTT text: the same cues at the same times."""
    return webvtt.WebVTT.from_buffer(io.StringIO(srt_text), format="srt").content


def words_of(name: str) -> str:
    """A beat's or step's command-line name as words: ``add-bias`` -> ``add bias``."""
    return name.replace("-", " ")


def beat_title(beat: str) -> str:
    """How a beat is named to viewers: ``neuron-bias`` -> ``Neuron bias``."""
    return words_of(beat).capitalize()


def section_title(beat: str, section: str) -> str:
    """How a section is named in the chapters track: ``neuron-bias``, ``add-bias`` -> ``Neuron bias: add bias``."""
    return f"{beat_title(beat)}: {words_of(section)}"


def chapters_vtt(index: list[dict]) -> str:
    """One chapter cue per section of the chapter's section index (``Chapter.json``), at its absolute time."""
    track = webvtt.WebVTT()
    for beat in index:
        for section in beat["sections"]:
            start = section["chapter_start"]
            track.captions.append(
                webvtt.Caption(
                    start=str(Timestamp.from_seconds(start)),
                    end=str(Timestamp.from_seconds(start + section["duration"])),
                    text=section_title(beat["beat"], section["name"]),
                    identifier=f"{beat['beat']}/{section['name']}",
                )
            )
    return track.content
