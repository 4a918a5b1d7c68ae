"""A chapter render's three files, checked to be what they claim before anything is made from them.

``Chapter.json`` must be the index ``python -m studio chapter`` writes
(:class:`studio.schemas.ChapterIndex`: the inputs that made the render, and
each beat's sections with finite, non-negative, increasing times), ``Chapter.srt`` parseable subtitles within
the video, and ``Chapter.mp4`` an MP4 whose video stream decodes to its end.
Any fault is one :class:`NetcoreError` naming the file and the fault, found
before a lesson starts encoding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import srt
from pydantic import ValidationError

from netcore.errors import NetcoreError
from netcore.files import read_regular_file
from storyboard.registry import beat_named
from studio.schemas import ChapterIndex, first_fault

__all__ = ["CHAPTER_FILES", "ChapterRender", "check_index", "read_chapter_render"]

CHAPTER_FILES = ("Chapter.mp4", "Chapter.srt", "Chapter.json")
MAX_TEXT_BYTES = 16 * 2**20  # an index or subtitles of a chapter are kilobytes
MAX_VIDEO_BYTES = 8 * 2**30
SLACK_SECONDS = 0.5  # subtitles and sections may end this much after the last frame


@dataclass(frozen=True)
class ChapterRender:
    """A checked chapter render: its index, its subtitles' text, its video's size and length."""

    folder: Path
    index: dict[str, Any]
    srt_text: str
    size: tuple[int, int]
    seconds: float

    @property
    def video(self) -> Path:
        return self.folder / "Chapter.mp4"


class _Fault(ValueError):
    """What is wrong with a file, said in a few words."""


def check_index(data: Any) -> dict[str, Any]:
    """``data`` if it is a chapter index as :mod:`studio.chapter` writes it; else raises a fault (ValueError)."""
    if isinstance(data, list):
        raise _Fault("written by an older version, without the inputs that made it")
    if not isinstance(data, dict):
        raise _Fault("not a chapter index (an object with 'inputs' and a list of 'beats')")
    try:
        index = ChapterIndex.model_validate(data)
    except ValidationError as exc:
        raise _Fault(first_fault(exc)) from None
    last = 0.0
    for i, beat in enumerate(index.beats):
        try:
            beat_named(beat.beat)
        except NetcoreError as exc:
            raise _Fault(f"beats.{i}.beat: {exc}") from None
        for j, section in enumerate(beat.sections):
            if section.chapter_start < last - 1e-3:
                raise _Fault(f"beats.{i}.sections.{j} starts at {section.chapter_start}, before the section before it")
            last = section.chapter_start
    return data


def _json(path: Path) -> Any:
    def no_constant(name: str) -> None:
        raise _Fault(f"holds {name}, which is not a number")

    try:
        return json.loads(read_regular_file(path, MAX_TEXT_BYTES).decode("utf-8"), parse_constant=no_constant)
    except UnicodeDecodeError:
        raise _Fault("not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise _Fault(f"not JSON ({exc.msg}, line {exc.lineno})") from None
    except RecursionError:
        raise _Fault("nested too deeply") from None


def _subtitles(path: Path, seconds: float) -> str:
    try:
        text = read_regular_file(path, MAX_TEXT_BYTES).decode("utf-8")
        subtitles = list(srt.parse(text))
    except UnicodeDecodeError:
        raise _Fault("not UTF-8 text") from None
    except srt.SRTParseError as exc:
        raise _Fault(f"not SubRip subtitles (unreadable from character {exc.actual_start})") from None
    except ValueError as exc:  # a time srt cannot hold
        raise _Fault(f"not SubRip subtitles ({' '.join(str(exc).split())[:120]})") from None
    for i, subtitle in enumerate(subtitles, start=1):
        start, end = subtitle.start.total_seconds(), subtitle.end.total_seconds()
        if not 0 <= start <= end <= seconds + SLACK_SECONDS:
            raise _Fault(f"subtitle {i} runs from {start:.3f} to {end:.3f} s, outside the {seconds:.3f} s video")
    return text


def _video(path: Path) -> tuple[tuple[int, int], float]:
    """The size and length of an MP4's video, after decoding every frame (a damaged stream fails here)."""
    try:
        with av.open(str(path)) as container:
            if "mp4" not in container.format.name.split(","):
                raise _Fault(f"not an MP4 video (its content is {container.format.long_name or container.format.name})")
            if not container.streams.video:
                raise _Fault("an MP4 with no video stream")
            stream = container.streams.video[0]
            stream.codec_context.options = {"err_detect": "explode"}  # damage is an error, not a grey smear
            frames, end = 0, 0.0
            for frame in container.decode(stream):
                frames += 1
                end = max(end, float(frame.time or 0.0) + float(1 / (stream.guessed_rate or 1)))
            size = stream.width, stream.height
    except av.FFmpegError as exc:
        raise _Fault(f"a damaged video ({' '.join(str(exc).split())[:120]})") from None
    if frames == 0:
        raise _Fault("a video with no frames")
    return size, end


def read_chapter_render(folder: Path) -> ChapterRender:
    """The checked render in ``folder``; any fault is one line naming the file and what is wrong."""
    missing = [name for name in CHAPTER_FILES if not (folder / name).exists()]
    if missing:
        raise NetcoreError(f"no complete chapter render in {folder} (missing {', '.join(missing)}): run python -m studio chapter")
    for name in CHAPTER_FILES:
        if not (folder / name).is_file():
            read_regular_file(folder / name, 0)  # a FIFO, a folder, a device: refused, naming what it is
    path = folder / "Chapter.json"
    try:
        index = check_index(_json(path))
        path = folder / "Chapter.mp4"
        if path.stat().st_size > MAX_VIDEO_BYTES:
            raise _Fault(f"{path.stat().st_size:,} bytes, more than {MAX_VIDEO_BYTES:,}")
        size, seconds = _video(path)
        path = folder / "Chapter.json"
        ends = [s["chapter_start"] + s["duration"] for b in index["beats"] for s in b["sections"]]
        if max(ends) > seconds + SLACK_SECONDS:
            raise _Fault(f"its sections end at {max(ends):.3f} s, after the {seconds:.3f} s video")
        path = folder / "Chapter.srt"
        srt_text = _subtitles(path, seconds)
    except _Fault as fault:
        raise NetcoreError(f"{path}: {fault}: render the chapter again") from None
    return ChapterRender(folder, index, srt_text, size, seconds)
