"""The shapes of the JSON files studio reads back, as pydantic models: nothing is used before it is checked.

``ChapterIndex`` is ``Chapter.json`` (and a lesson's ``sections.json``): the
inputs that made the render and each beat's sections. ``ClipEntry`` is a
batch's ``clips/<student>.json``, ``MarkerFile`` an output folder's marker. Both are strict (a number is never a
string, a boolean never a number), every time is a finite number of seconds
from 0 to a day, and :func:`first_fault` says in one line what is wrong.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netcore.choices import THEMES

__all__ = ["ChapterIndex", "ClipEntry", "Inputs", "MarkerFile", "first_fault"]

LONGEST_SECONDS = 24 * 3600.0  # no chapter or clip is a day long: larger times are damage (1e308 ...)

Seconds = Annotated[float, Field(ge=0, le=LONGEST_SECONDS, allow_inf_nan=False)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True)


class _Exact(_Strict):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")  # a digit is one or the other, never both


class SampleDigit(_Exact):
    """A digit of the shipped sample, by its index."""

    sample_index: Annotated[int, Field(ge=0)]


class ImageDigit(_Exact):
    """A user's own image, by the SHA-256 of its file."""

    image_sha256: Sha256


class Inputs(_Strict):
    """What made a render: the weights, the digit, the neuron (None: the default rule), theme, voice and code."""

    weights_sha256: Sha256
    digit: SampleDigit | ImageDigit
    neuron: Annotated[int, Field(ge=0)] | None
    theme: Literal[THEMES]  # type: ignore[valid-type]
    voice: Name | None
    code_version: Name


class Section(_Strict):
    """One step of a beat: its start within the beat and in the chapter, and its length."""

    name: Name
    start: Seconds
    duration: Annotated[float, Field(gt=0, le=LONGEST_SECONDS, allow_inf_nan=False)]
    chapter_start: Seconds


class Beat(_Strict):
    """One beat of the chapter and its sections."""

    beat: Name
    scene: Name
    start: Seconds
    sections: Annotated[list[Section], Field(min_length=1)]


class ChapterIndex(_Strict):
    """``Chapter.json``: the render's inputs and its beats in order."""

    inputs: Inputs
    beats: Annotated[list[Beat], Field(min_length=1)]


class MarkerFile(_Strict):
    """``.made-by-studio.json``: the command that wrote a folder, its code version, its files (-> SHA-256 or None)."""

    command: Name
    version: Annotated[str, Field(max_length=200)]
    files: dict[Name, Sha256 | None]


class ClipEntry(_Strict):
    """``clips/<student>.json``: one made clip, its files (relative paths) and what the gallery shows."""

    clip: Name
    poster: Name
    seen: Name
    photo: Name
    key: Name
    prediction: Annotated[int, Field(ge=0, le=9)]
    confidence: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
    frames: Annotated[int, Field(ge=1)]
    seconds: Seconds
    render_seconds: Seconds
    work_seconds: Seconds
    worker: Annotated[str, Field(max_length=300)]


def first_fault(error: ValidationError) -> str:
    """The first thing wrong, in a few words: where (``beats.0.sections.1.start``), what, and the value found."""
    fault = error.errors(include_url=False)[0]
    where = ".".join(str(part) for part in fault["loc"]) or "the file"
    found = repr(fault.get("input"))
    found = found if len(found) <= 40 else found[:37] + "..."
    return f"has no {where}" if fault["type"] == "missing" else f"{where}: {fault['msg'].lower()} (found {found})"

