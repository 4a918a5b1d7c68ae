"""Read and write IDX files, the format MNIST is distributed in (gzip or raw).

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian uint32 per dimension, then the data.
MNIST images have magic 2051 (uint8, 3 dimensions), labels 2049 (uint8, 1).
"""

from __future__ import annotations

import gzip
import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from netcore.errors import NetcoreError
from netcore.files import write_atomically

__all__ = ["IMAGES_MAGIC", "LABELS_MAGIC", "read_idx", "read_images", "read_labels", "write_idx"]

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

# IDX type codes and the big-endian NumPy dtypes they stand for.
_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _DTYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NetcoreError(f"{path}: file not found") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot read ({exc.strerror})") from None
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise NetcoreError(f"{path}: corrupt gzip data ({exc})") from None


def read_idx(path: str | os.PathLike[str], expected_magic: int | None = None) -> np.ndarray:
    """Return the array stored in the IDX file at ``path`` (gzip or raw).

    ``expected_magic`` (say 2051 for images) rejects a file of another kind.
    Any fault raises :class:`NetcoreError` naming the file and the fault.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise NetcoreError(f"{path}: not an IDX file (only {len(data)} bytes)")
    zero, type_code, ndim = struct.unpack(">HBB", data[:4])
    magic = (type_code << 8) | ndim
    if zero != 0 or type_code not in _DTYPES or ndim == 0:
        raise NetcoreError(f"{path}: not an IDX file (magic number {int.from_bytes(data[:4], 'big')})")
    if expected_magic is not None and magic != expected_magic:
        raise NetcoreError(f"{path}: wrong magic number {magic}, expected {expected_magic}")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise NetcoreError(f"{path}: truncated IDX header")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    dtype = np.dtype(_DTYPES[type_code])
    expected = math.prod(shape) * dtype.itemsize  # Python ints: no 64-bit wrap-around
    found = len(data) - header
    if found != expected:
        fault = "truncated" if found < expected else "too long"
        raise NetcoreError(
            f"{path}: {fault}: dimensions {'x'.join(map(str, shape))} need {expected} bytes of data, found {found}"
        )
    return np.frombuffer(data, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def read_images(path: str | os.PathLike[str]) -> np.ndarray:
    """Return MNIST images, uint8 of shape (n, rows, cols), from an IDX file."""
    return read_idx(path, IMAGES_MAGIC)


def read_labels(path: str | os.PathLike[str]) -> np.ndarray:
    """Return MNIST labels, uint8 of shape (n,), from an IDX file."""
    return read_idx(path, LABELS_MAGIC)


def write_idx(path: str | os.PathLike[str], array: np.ndarray, compress: bool | None = None) -> None:
    """Write ``array`` as an IDX file; gzip it when ``compress`` (default: name ends in .gz).

    The file appears whole or not at all: it is written beside its target and renamed.
    """
    path = Path(path)
    array = np.asarray(array)
    code = _CODES.get(array.dtype.newbyteorder("="))
    if code is None:
        raise NetcoreError(f"{path}: IDX cannot store dtype {array.dtype}")
    body = struct.pack(f">HBB{array.ndim}I", 0, code, array.ndim, *array.shape)
    body += array.astype(_DTYPES[code]).tobytes()
    if compress if compress is not None else path.suffix == ".gz":
        body = gzip.compress(body, mtime=0)
    write_atomically(path, body)

