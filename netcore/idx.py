"""Read and write IDX files, the format MNIST is distributed in (gzip or raw).

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian uint32 per dimension, then the data.
MNIST images have magic 2051 (uint8, 3 dimensions), labels 2049 (uint8, 1).
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np

from netcore.errors import NetcoreError
from netcore.files import write_atomically

__all__ = ["IMAGES_MAGIC", "LABELS_MAGIC", "MAX_DATA_BYTES", "read_idx", "read_verified_idx", "read_images", "read_labels", "write_idx"]

IMAGES_MAGIC = 2051
LABELS_MAGIC = 2049

# IDX type codes and the big-endian NumPy dtypes they stand for.
_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _DTYPES.items()}
_GZIP_MAGIC = b"\x1f\x8b"


# No IDX file this project reads holds more: the full MNIST training images are 47,040,000 bytes.
# A gzip file declaring more (a "bomb" of a few MB inflating to GB) is refused before inflating it.
MAX_DATA_BYTES = 64 * 2**20
# A file longer than its dimensions say is reported with at most this many surplus bytes counted.
_SURPLUS_COUNTED = 2**20


@contextmanager
def _opened(path: Path) -> Iterator[BinaryIO]:
    """The file's decompressed bytes as a stream (gzip or raw); faults become one NetcoreError."""
    try:
        with path.open("rb") as raw:
            if raw.read(2) == _GZIP_MAGIC:
                raw.seek(0)
                with gzip.GzipFile(fileobj=raw) as stream:
                    yield stream
            else:
                raw.seek(0)
                yield raw
    except FileNotFoundError:
        raise NetcoreError(f"{path}: file not found") from None
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise NetcoreError(f"{path}: corrupt gzip data ({exc})") from None
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot read ({exc.strerror or exc})") from None


def _header(path: Path, stream: BinaryIO, expected_magic: int | None) -> tuple[bytes, np.dtype, tuple[int, ...]]:
    """Read and check the magic number and dimensions; return the header bytes, dtype and shape."""
    head = stream.read(4)
    if len(head) < 4:
        raise NetcoreError(f"{path}: not an IDX file (only {len(head)} bytes)")
    zero, type_code, ndim = struct.unpack(">HBB", head)
    magic = (type_code << 8) | ndim
    if zero != 0 or type_code not in _DTYPES or ndim == 0:
        raise NetcoreError(f"{path}: not an IDX file (magic number {int.from_bytes(head, 'big')})")
    if expected_magic is not None and magic != expected_magic:
        raise NetcoreError(f"{path}: wrong magic number {magic}, expected {expected_magic}")
    dims = stream.read(4 * ndim)
    if len(dims) < 4 * ndim:
        raise NetcoreError(f"{path}: truncated IDX header")
    return head + dims, np.dtype(_DTYPES[type_code]), struct.unpack(f">{ndim}I", dims)


def _check_shape(path: Path, shape: tuple[int, ...], item_shape: tuple[int, ...] | None, max_items: int | None) -> None:
    shown = "x".join(map(str, shape))
    if item_shape is not None and shape[1:] != item_shape:
        expected = "x".join(["n", *map(str, item_shape)])
        raise NetcoreError(f"{path}: dimensions {shown}, expected {expected}")
    if max_items is not None and shape[0] > max_items:
        raise NetcoreError(f"{path}: dimensions {shown} declare {shape[0]} items, expected at most {max_items}")


def read_verified_idx(
    path: str | os.PathLike[str],
    expected_magic: int | None = None,
    *,
    item_shape: tuple[int, ...] | None = None,
    max_items: int | None = None,
    sha256: str | None = None,
) -> tuple[np.ndarray, str]:
    """Return the array stored in the IDX file at ``path`` (gzip or raw) and the SHA-256 of its bytes.

    The header is checked before any data is read: ``expected_magic`` (say
    2051 for images) rejects a file of another kind, ``item_shape`` (say
    (28, 28)) and ``max_items`` the dimensions, and the data may not exceed
    :data:`MAX_DATA_BYTES`. Only as much as the dimensions declare is ever
    decompressed. ``sha256``, when given, is checked before the array is made.
    Any fault raises :class:`NetcoreError` naming the file and the fault.
    """
    path = Path(path)
    with _opened(path) as stream:
        header, dtype, shape = _header(path, stream, expected_magic)
        _check_shape(path, shape, item_shape, max_items)
        expected = math.prod(shape) * dtype.itemsize  # Python ints: no 64-bit wrap-around
        shown = "x".join(map(str, shape))
        if expected > MAX_DATA_BYTES:
            raise NetcoreError(f"{path}: dimensions {shown} need {expected} bytes of data, over the limit of {MAX_DATA_BYTES}")
        data = stream.read(expected)
        if len(data) < expected:
            raise NetcoreError(f"{path}: truncated: dimensions {shown} need {expected} bytes of data, found {len(data)}")
        surplus = len(stream.read(_SURPLUS_COUNTED))  # reading on to the end also checks gzip's CRC
    if surplus:
        found = f"more than {expected + surplus}" if surplus == _SURPLUS_COUNTED else str(expected + surplus)
        raise NetcoreError(f"{path}: too long: dimensions {shown} need {expected} bytes of data, found {found}")
    digest = hashlib.sha256(header + data).hexdigest()
    if sha256 is not None and digest != sha256:
        raise NetcoreError(f"{path}: checksum {digest[:12]}... does not match MNIST's {sha256[:12]}...")
    return np.frombuffer(data, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("=")), digest


def read_idx(path: str | os.PathLike[str], expected_magic: int | None = None) -> np.ndarray:
    """Return the array stored in the IDX file at ``path`` (gzip or raw); see :func:`read_verified_idx`."""
    return read_verified_idx(path, expected_magic)[0]


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

