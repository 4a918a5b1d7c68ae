"""The inputs that made a render, recorded in its index, so nothing made from it can disagree with it.

A chapter's index (``Chapter.json``) and a lesson's copy of it
(``sections.json``) hold an ``inputs`` object: the weights file's SHA-256, the
digit (its index in the shipped sample, or the SHA-256 of the user's image
file), the neuron chosen (null: the default rule), the theme, the voice and
the code version. A lesson made from a render compares them with its own
choices and refuses any difference with one line.
"""

from __future__ import annotations

import hashlib
from typing import Any

from netcore.choices import Choices
from netcore.errors import NetcoreError, one_line
from netcore.inputs import SceneInputs
from studio.version import code_version

__all__ = ["INPUT_KEYS", "check_same_inputs", "inputs_record"]

INPUT_KEYS = ("weights_sha256", "digit", "neuron", "theme", "voice", "code_version")


def _image_sha256(inputs: SceneInputs) -> str:
    try:
        with open(inputs.digit.image, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError as exc:
        raise NetcoreError(f"{inputs.digit.image}: cannot read ({exc.strerror or exc})") from None


def inputs_record(choices: Choices, inputs: SceneInputs) -> dict[str, Any]:
    """What identifies the render of ``choices`` (already loaded as ``inputs``), as JSON-ready values."""
    digit = inputs.digit
    return {
        "weights_sha256": inputs.weights_sha256,
        "digit": {"image_sha256": _image_sha256(inputs)} if digit.is_user_image else {"sample_index": digit.sample_index},
        "neuron": inputs.neuron,
        "theme": inputs.theme,
        "voice": choices.voice,
        "code_version": code_version(),
    }


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key} {_shown(item)}" for key, item in value.items())
    text = "none (the default)" if value is None else str(value)
    return text if len(text) <= 24 else text[:12] + "..."


def check_same_inputs(recorded: dict[str, Any], current: dict[str, Any], what: str) -> None:
    """Refuse with one line if ``what`` was made from other inputs than ``current``."""
    for key in INPUT_KEYS:
        if recorded[key] != current[key]:
            raise NetcoreError(one_line(
                f"{what} was made with {key} {_shown(recorded[key])}, but these choices give {_shown(current[key])}: "
                "set the same NN_* choices as its render, or render the chapter again"
            ))
