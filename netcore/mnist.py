"""Locate, verify and load MNIST from a data directory.

The directory is, in order: an explicit argument, the ``MNIST_DIR`` environment
variable, then ``../shared/data/mnist`` beside the project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netcore.errors import NetcoreError
from netcore.idx import IMAGES_MAGIC, LABELS_MAGIC, read_verified_idx
from netcore.paths import PROJECT_ROOT

__all__ = ["SPLITS", "Digits", "data_dir", "load_split", "sha256_of_idx", "to_inputs"]

ENV_VAR = "MNIST_DIR"
SHARED_DIR = PROJECT_ROOT.parent / "shared" / "data" / "mnist"


@dataclass(frozen=True)
class SplitFiles:
    """The two files of one MNIST split, its number of digits and the SHA-256 of their decompressed bytes (if known)."""

    images: str
    labels: str
    digits: int
    images_sha256: str | None = None
    labels_sha256: str | None = None


SPLITS: dict[str, SplitFiles] = {
    "train10k": SplitFiles(
        "train10k-images-idx3-ubyte.gz",
        "train10k-labels-idx1-ubyte.gz",
        10_000,
        "2889698e6bc3614913e76901316712919d1998fc2b44512451bfe65bc1e668b1",
        "651e38e2ac0632f5113ec18f1df4977117f953197819034009971a6675a0df78",
    ),
    "t10k": SplitFiles(
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
        10_000,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
    "train": SplitFiles("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 60_000),
}


@dataclass(frozen=True)
class Digits:
    """Images (uint8, (n, 28, 28), 0 = background) with their labels and provenance."""

    images: np.ndarray
    labels: np.ndarray
    sha256: dict[str, str]

    def inputs(self) -> np.ndarray:
        """The images as network inputs: one row of 784 values in [0, 1] per digit."""
        return to_inputs(self.images)


def to_inputs(images: np.ndarray) -> np.ndarray:
    """Flatten uint8 images (n, 28, 28) or one (28, 28) into rows of floats in [0, 1]."""
    images = np.asarray(images)
    return images.reshape(*images.shape[:-2], -1).astype(np.float64) / 255.0


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The MNIST directory to use: ``explicit``, else $MNIST_DIR, else ../shared/data/mnist."""
    if explicit is not None:
        return Path(explicit)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return SHARED_DIR


def sha256_of_idx(path: Path) -> str:
    """The SHA-256 of an IDX file's decompressed bytes (how MNIST checksums are quoted)."""
    return read_verified_idx(path)[1]  # unreadable, corrupt or oversized: NetcoreError


def load_split(split: str, directory: str | os.PathLike[str] | None = None) -> Digits:
    """Load one split ("train10k", "t10k" or "train"), checking it against known checksums.

    Each file's dimensions are checked before its data is read, and its
    checksum before its data is used; labels must be digits 0 to 9.
    """
    if split not in SPLITS:
        raise NetcoreError(f"unknown MNIST split {split!r} (choose from {', '.join(SPLITS)})")
    files = SPLITS[split]
    folder = data_dir(directory)
    if not folder.is_dir():
        raise NetcoreError(f"{folder}: MNIST directory not found (set {ENV_VAR} or pass --data)")
    for name in (files.images, files.labels):
        if not (folder / name).is_file():
            raise NetcoreError(f"{folder / name}: MNIST file not found")
    images, images_sha = read_verified_idx(
        folder / files.images, IMAGES_MAGIC, item_shape=(28, 28), max_items=files.digits, sha256=files.images_sha256
    )
    labels, labels_sha = read_verified_idx(
        folder / files.labels, LABELS_MAGIC, max_items=files.digits, sha256=files.labels_sha256
    )
    if len(images) != len(labels):
        raise NetcoreError(f"{folder}: {len(images)} images but {len(labels)} labels in split {split}")
    wrong = np.flatnonzero(labels > 9)
    if wrong.size:
        raise NetcoreError(
            f"{folder / files.labels}: {wrong.size} labels outside 0-9 (the first: {labels[wrong[0]]} at index {wrong[0]})"
        )
    return Digits(images, labels, {files.images: images_sha, files.labels: labels_sha})
