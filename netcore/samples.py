"""The small sample of real digits the project ships, and the default digit.

The sample is the last 500 digits of ``train10k`` (indices 9500-9999), which
training never sees; digits 8500-9499 are held out for validation. Scenes
open on ``DEFAULT_DIGIT``, a 3, as the chapter does.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.paths import SAMPLE_FILE

__all__ = ["DEFAULT_DIGIT", "SAMPLE_RANGE", "TRAIN_RANGE", "VALIDATION_RANGE", "Sample", "load_sample", "make_sample"]

TRAIN_RANGE = range(0, 8500)
VALIDATION_RANGE = range(8500, 9500)
SAMPLE_RANGE = range(9500, 10000)

# The digit every scene opens on: index into the shipped sample (a clearly written 3).
DEFAULT_DIGIT = 11


@dataclass(frozen=True)
class Sample:
    """Shipped digits: uint8 images (n, 28, 28), labels, and their indices in train10k."""

    images: np.ndarray
    labels: np.ndarray
    source_indices: np.ndarray

    def __len__(self) -> int:
        return len(self.labels)

    def check_index(self, index: int) -> int:
        """Return ``index`` if it names a digit of the sample, else raise a one-line error."""
        if not 0 <= index < len(self):
            raise NetcoreError(f"digit {index} is out of range: the sample has digits 0 to {len(self) - 1}")
        return index

    def first_with_label(self, label: int) -> int:
        """The index of the first digit whose label is ``label``."""
        matches = np.flatnonzero(self.labels == label)
        if not 0 <= label <= 9 or len(matches) == 0:
            raise NetcoreError(f"no digit with label {label} in the sample (labels are 0 to 9)")
        return int(matches[0])


def make_sample(images: np.ndarray, labels: np.ndarray, path: str | os.PathLike[str] = SAMPLE_FILE) -> Sample:
    """Write the sample (digits SAMPLE_RANGE of train10k) to ``path`` and return it."""
    indices = np.arange(SAMPLE_RANGE.start, SAMPLE_RANGE.stop, dtype=np.int32)
    sample = Sample(images[indices].astype(np.uint8), labels[indices].astype(np.uint8), indices)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, images=sample.images, labels=sample.labels, source_indices=sample.source_indices)
    write_atomically(Path(path), buffer.getvalue())
    return sample


def load_sample(path: str | os.PathLike[str] = SAMPLE_FILE) -> Sample:
    """Read the shipped sample, rejecting a missing or malformed file with a one-line error."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            images, labels, indices = npz["images"], npz["labels"], npz["source_indices"]
    except FileNotFoundError:
        raise NetcoreError(f"{path}: digit sample not found") from None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise NetcoreError(f"{path}: not a readable digit sample ({exc})") from None
    if images.ndim != 3 or images.shape[1:] != (28, 28) or not len(images) == len(labels) == len(indices):
        raise NetcoreError(f"{path}: expected images (n, 28, 28) with n labels and indices")
    return Sample(images, labels, indices)
