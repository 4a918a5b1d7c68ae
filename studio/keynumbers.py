"""A beat's key numbers for the lesson page: every single number of its record, named and written out.

The record's numbers are walked field by field (and one level into nested
records such as the prediction or the followed neuron); arrays and lists,
which the page cannot show as one value, are left to the downloadable JSON.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from netcore.scenedata.common import Curve
from storyboard.record import Record
from storyboard.words import numbers_text, thousands

__all__ = ["key_numbers"]

# Axis extents and sampled curves are chosen to draw a plot, not measured: they are no key numbers.
DRAWING_ONLY_SUFFIX = "_limit"
DRAWING_ONLY_TYPES = (Curve,)
FLOAT_DECIMALS = 4


def _written(value: Any) -> str | None:
    """A single value as the page writes it, or None when it is not a single value."""
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return thousands(int(value))
    if isinstance(value, (float, np.floating)):
        return numbers_text(float(value), FLOAT_DECIMALS)
    if isinstance(value, str):
        return value
    return None


def _label(path: tuple[str, ...]) -> str:
    return ": ".join(part.replace("_", " ") for part in path)


def _walk(value: Any, path: tuple[str, ...], depth: int) -> list[tuple[str, str]]:
    rows = []
    for field in dataclasses.fields(value):
        inner = getattr(value, field.name)
        if field.name.endswith(DRAWING_ONLY_SUFFIX) or isinstance(inner, DRAWING_ONLY_TYPES):
            continue
        written = _written(inner)
        if written is not None:
            rows.append((_label((*path, field.name)), written))
        elif depth > 0 and dataclasses.is_dataclass(inner) and not isinstance(inner, type):
            rows.extend(_walk(inner, (*path, field.name), depth - 1))
    return rows


def key_numbers(record: Record, shows_digit: bool) -> list[tuple[str, str]]:
    """(name, value as written) for every single number of the record, after the digit when the beat shows one."""
    rows = [("digit shown", record.header.description)] if shows_digit else []
    return rows + _walk(record.numbers, (), depth=1)
