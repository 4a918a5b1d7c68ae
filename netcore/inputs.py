"""Turn the user's choices into what a scene needs: a network and a digit.

Everything is loaded and checked here, before any rendering starts, so a bad
choice stops with one line instead of a half-rendered clip.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netcore.choices import Choices
from netcore.errors import NetcoreError
from netcore.network import Network, load_network
from netcore.preprocess import Prepared, prepare_photo
from netcore.samples import DEFAULT_DIGIT, Sample, load_sample

__all__ = ["Digit", "SceneInputs", "digit_from_sample", "load_inputs"]


@dataclass(frozen=True)
class Digit:
    """One input digit: 28x28 grey levels in [0, 1] (1 = ink) and where it came from."""

    pixels: np.ndarray
    label: int | None
    origin: str  # short, for the screen: "MNIST training digit 9511" or "your image 7.png"
    sample_index: int | None = None
    image: Path | None = None
    prepared: Prepared | None = None  # for a user's image: how it was prepared, and a small grey copy of it

    @property
    def description(self) -> str:
        """One line for people: where the digit comes from and what it is."""
        if self.sample_index is None:
            return self.origin
        return f"sample digit {self.sample_index} ({self.origin}), a {self.label}"

    @property
    def is_user_image(self) -> bool:
        """True when the digit is a user's own image rather than an MNIST digit."""
        return self.image is not None


@dataclass(frozen=True)
class SceneInputs:
    """A checked network and digit, with what identifies them in exported scene data."""

    network: Network
    weights_file: Path
    weights_sha256: str
    digit: Digit
    neuron: int | None
    theme: str


def digit_from_sample(sample: Sample, index: int) -> Digit:
    """Digit ``index`` of the shipped sample, as an input."""
    sample.check_index(index)
    label = int(sample.labels[index])
    return Digit(
        pixels=sample.images[index].astype(np.float64) / 255.0,
        label=label,
        origin=f"MNIST training digit {int(sample.source_indices[index])}",
        sample_index=index,
    )


def _digit(choices: Choices, sample: Sample | None) -> Digit:
    if choices.image is not None:
        prepared = prepare_photo(choices.image)
        return Digit(prepared.pixels, None, f"your image {choices.image.name}", image=choices.image, prepared=prepared)
    sample = sample if sample is not None else load_sample()
    if choices.label is not None:
        return digit_from_sample(sample, sample.first_with_label(choices.label))
    return digit_from_sample(sample, DEFAULT_DIGIT if choices.digit is None else choices.digit)


def _sha256_of(path: Path) -> str:
    try:
        with path.open("rb") as weights:
            return hashlib.file_digest(weights, "sha256").hexdigest()
    except OSError as exc:  # replaced or removed since it was loaded
        raise NetcoreError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_inputs(choices: Choices, sample: Sample | None = None) -> SceneInputs:
    """Load and check the network, the digit and the neuron the choices name."""
    network = load_network(choices.weights)
    hidden = network.sizes[1]
    if choices.neuron is not None and not 0 <= choices.neuron < hidden:
        raise NetcoreError(f"neuron {choices.neuron} is out of range: the first hidden layer has neurons 0 to {hidden - 1}")
    return SceneInputs(
        network=network,
        weights_file=choices.weights,
        weights_sha256=_sha256_of(choices.weights),
        digit=_digit(choices, sample),
        neuron=choices.neuron,
        theme=choices.theme,
    )
