"""Read the arrays of a weights file (``.npz``) safely: headers first, sizes bounded, no pickles.

``numpy.load`` would inflate whatever a member declares (a few MB on disk can
declare gigabytes) and gives confusing messages for files that are not
``.npz`` at all. Here the file's kind is checked from its first bytes, and
each member's ``.npy`` header (shape and dtype) is read and checked before
its data is, so that nothing larger than :data:`MAX_WEIGHTS_BYTES` is ever
decompressed and no pickled object is ever loaded.
"""

from __future__ import annotations

import math
import stat
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.lib import format as npy

from netcore.errors import NetcoreError

__all__ = ["MAX_WEIGHTS_BYTES", "read_weight_arrays"]

# 13 million float64 parameters, a thousand times the chapter's 13,002: far beyond any
# network this project can draw, far below what would strain the machine.
MAX_WEIGHTS_BYTES = 100 * 2**20

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip file with members, an empty zip file
_NPY_MAGIC = b"\x93NUMPY"
_HEADER_READERS = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}


def _is_wanted(name: str) -> bool:
    """The arrays a network is made of: W1, b1, W2, ... and metadata."""
    return name == "metadata" or (name[:1] in "Wb" and name[1:].isdigit())


def _check_kind(path: Path) -> None:
    """Refuse anything that is not a regular file starting like a zip file, with what it is."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise NetcoreError(f"{path}: is {kind}, not an .npz weights file")
        with path.open("rb") as head:
            magic = head.read(len(_NPY_MAGIC))
    except FileNotFoundError:
        raise NetcoreError(f"{path}: weights file not found") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if magic.startswith(_NPY_MAGIC):
        raise NetcoreError(f"{path}: a single NumPy array (.npy), not an .npz weights file (save with numpy.savez)")
    if not magic.startswith(_ZIP_MAGICS):
        shown = f"{len(magic)} bytes only" if len(magic) < 4 else f"it starts with {magic[:4]!r}"
        raise NetcoreError(f"{path}: not an .npz weights file ({shown})")


def _header(member: BinaryIO) -> tuple[tuple[int, ...], np.dtype]:
    """The shape and dtype from a ``.npy`` member's header, reading nothing else."""
    version = npy.read_magic(member)
    if version not in _HEADER_READERS:
        raise ValueError(f".npy format version {version[0]}.{version[1]} is not supported")
    shape, _fortran_order, dtype = _HEADER_READERS[version](member)
    return shape, dtype


def _check_header(path: Path, name: str, shape: tuple[int, ...], dtype: np.dtype) -> int:
    """Refuse pickles and arrays of the wrong kind; return the array's size in bytes."""
    if dtype.hasobject:
        raise NetcoreError(f"{path}: {name} holds pickled Python objects, which are never loaded")
    if name == "metadata":
        if dtype.kind not in "US" or shape != ():
            raise NetcoreError(f"{path}: metadata is not a single string")
    elif dtype.kind not in "biuf":
        raise NetcoreError(f"{path}: {name} holds {dtype} values, not real numbers")
    elif len(shape) != (2 if name[0] == "W" else 1):
        raise NetcoreError(f"{path}: {name} has {len(shape)} dimensions, expected {2 if name[0] == 'W' else 1}")
    return math.prod(shape) * dtype.itemsize


def read_weight_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays W1, b1, ... and metadata of the ``.npz`` file at ``path`` (other members are ignored).

    Every fault raises :class:`NetcoreError` naming the file.
    """
    _check_kind(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = {name[: -len(".npy")]: name for name in archive.namelist() if name.endswith(".npy")}
            members = {name: member for name, member in members.items() if _is_wanted(name)}
            total = 0
            for name, member in members.items():
                with archive.open(member) as data:
                    total += _check_header(path, name, *_header(data))
            if total > MAX_WEIGHTS_BYTES:
                raise NetcoreError(
                    f"{path}: its arrays declare {total:,} bytes, more than the {MAX_WEIGHTS_BYTES:,} a weights file may hold"
                )
            arrays = {}
            for name, member in members.items():
                with archive.open(member) as data:
                    arrays[name] = npy.read_array(data, allow_pickle=False)
    except (OSError, ValueError, EOFError, zlib.error, zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        raise NetcoreError(f"{path}: not a readable weights file ({' '.join(str(exc).split())})") from None
    return arrays
