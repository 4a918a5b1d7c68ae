"""The typed record every beat is drawn from, and its JSON form for reviewers.

A record holds a beat's *numbers* (a dataclass from :mod:`netcore.scenedata`),
its *words* (a dataclass of this layer: titles, labels, TeX formulas) and its
ordered *steps* (section name and caption). It exports to deterministic JSON,
so reviewers can check everything a viewer sees without rendering.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs

__all__ = ["DECIMALS", "FADE_OUT", "FORMAT_VERSION", "Header", "Record", "Step", "header", "plain", "to_json"]

# Bump when the layout of a record changes, so old snapshots are recognised as such.
# 2: typed records; numbers, words and steps apart. 3: each step has the words its voice says.
FORMAT_VERSION = 3
# Numbers are stored to this many decimals: far finer than anything on screen,
# coarse enough that the same inputs give byte-identical files on any machine.
DECIMALS = 6
# Seconds of the fade to black that ends every beat, a part of its last step (said once here,
# for the scenes that play it and for the posters and subtitles that must leave it out).
FADE_OUT = 0.6

N = TypeVar("N")
W = TypeVar("W")


@dataclass(frozen=True)
class Step:
    """One step of a beat: its section name (a lesson can play it alone), its caption, and the words said.

    ``words`` are what the narrating voice says, written as on screen (the
    voice layer spells out numbers and symbols); they may be fuller than the
    caption, and are the caption itself when not given.
    """

    name: str
    caption: str
    words: str = ""

    def __post_init__(self) -> None:
        if not self.words:
            object.__setattr__(self, "words", self.caption)


@dataclass(frozen=True)
class Header:
    """Which beat, and the inputs that produced its record."""

    beat: str
    weights_file: str
    weights_sha256: str
    sizes: list[int]
    activation: str
    sample_index: int | None
    label: int | None
    image: str | None
    description: str
    origin: str

    @property
    def user_image(self) -> bool:
        """True when the digit is the user's own image."""
        return self.image is not None


@dataclass(frozen=True)
class Record(Generic[N, W]):
    """A beat's record: header, ordered steps, numbers (netcore) and words (this layer)."""

    header: Header
    steps: tuple[Step, ...]
    numbers: N
    words: W

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)


def header(beat: str, inputs: SceneInputs) -> Header:
    """The header of ``beat``'s record for ``inputs``."""
    digit, network = inputs.digit, inputs.network
    return Header(
        beat=beat,
        weights_file=inputs.weights_file.name,
        weights_sha256=inputs.weights_sha256,
        sizes=list(network.sizes),
        activation=network.activation,
        sample_index=digit.sample_index,
        label=digit.label,
        image=digit.image.name if digit.image is not None else None,
        description=digit.description,
        origin=digit.origin,
    )


def plain(value: Any) -> Any:
    """``value`` as plain JSON data: dataclasses as dicts, arrays as lists, floats rounded to DECIMALS.

    Refuses NaN and infinity, which JSON cannot hold.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written as JSON")
        r = round(float(value), DECIMALS)
        return 0.0 if r == 0 else r  # no "-0.0" in files
    return value


def to_json(record: Record) -> str:
    """The record as deterministic JSON text (format version first, sorted keys, rounded floats, final newline).

    JSON has no NaN or infinity: a record holding one is refused with a :class:`NetcoreError`.
    """
    try:
        return json.dumps({"format": FORMAT_VERSION, **plain(record)}, sort_keys=True, indent=1, allow_nan=False) + "\n"
    except ValueError as exc:
        raise NetcoreError(f"scene data of {record.header.beat} cannot be exported as JSON: {exc}") from None
