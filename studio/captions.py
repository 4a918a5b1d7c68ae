"""WebVTT tracks for the lesson page: the captions (from the chapter's .srt) and the chapters (from its sections)."""

from __future__ import annotations

import io

import webvtt
from webvtt.models import Timestamp

__all__ = ["captions_vtt", "chapters_vtt", "section_title"]


def captions_vtt(srt_text: str) -> str:
    """The chapter's subtitles, SubRip text, as WebVTT text: the same cues at the same times."""
    return webvtt.WebVTT.from_buffer(io.StringIO(srt_text), format="srt").content


def section_title(beat: str, section: str) -> str:
    """How a section is named to viewers: ``neuron-bias``, ``add-bias`` -> ``Neuron bias: add bias``."""
    return f"{beat.replace('-', ' ').capitalize()}: {section.replace('-', ' ')}"


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
