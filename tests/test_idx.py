"""IDX parsing: round trips, every kind of broken file, and the real shared MNIST files."""

from __future__ import annotations

import gzip
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from netcore.errors import NetcoreError
from netcore.idx import IMAGES_MAGIC, LABELS_MAGIC, read_idx, read_images, read_labels, write_idx
from netcore.mnist import SHARED_DIR, SPLITS


@pytest.fixture(scope="module")
def shared() -> Path:
    names = (SPLITS["t10k"].images, SPLITS["t10k"].labels, SPLITS["train10k"].images, SPLITS["train10k"].labels)
    missing = [name for name in names if not (SHARED_DIR / name).is_file()]
    if missing:
        pytest.skip(f"shared MNIST data absent: {SHARED_DIR} lacks {', '.join(missing)}")
    return SHARED_DIR


def _images(n: int = 3) -> np.ndarray:
    return (np.arange(n * 28 * 28) % 256).astype(np.uint8).reshape(n, 28, 28)


def _raises_naming(path: Path, pattern: str):
    """pytest.raises for a NetcoreError whose one-line message starts with the path and matches pattern."""
    return pytest.raises(NetcoreError, match=rf"^{re.escape(str(path))}: .*{pattern}")


@pytest.mark.parametrize("name", ["digits-idx3-ubyte", "digits-idx3-ubyte.gz"])
def test_round_trip_images(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    images = _images()
    write_idx(path, images)
    raw = path.read_bytes()
    assert (raw[:2] == b"\x1f\x8b") == name.endswith(".gz")
    body = gzip.decompress(raw) if name.endswith(".gz") else raw
    assert body[:16] == struct.pack(">HBBIII", 0, 0x08, 3, 3, 28, 28)
    assert len(body) == 16 + 3 * 28 * 28
    back = read_images(path)
    assert back.dtype == np.uint8 and back.shape == (3, 28, 28)
    np.testing.assert_array_equal(back, images)
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left


def test_round_trip_labels_and_other_dtypes(tmp_path: Path) -> None:
    labels = np.array([7, 2, 1, 0, 4, 1, 4, 9, 5, 9], dtype=np.uint8)
    write_idx(tmp_path / "labels.gz", labels)
    np.testing.assert_array_equal(read_labels(tmp_path / "labels.gz"), labels)
    for array in (
        np.array([[-1.5, 2.25], [3.0, 1e-3]], dtype=np.float32),
        np.array([-3, 0, 32767], dtype=np.int16),
        np.array([[-(2**31), 2**31 - 1]], dtype=">i4"),
        np.array([0.1, -2.5], dtype=np.float64),
    ):
        path = tmp_path / f"a-{array.dtype.str[1:]}.idx"
        write_idx(path, array, compress=False)
        back = read_idx(path)
        assert back.dtype == array.dtype.newbyteorder("=") and back.shape == array.shape
        np.testing.assert_array_equal(back, array)


def test_unsupported_dtype_is_refused(tmp_path: Path) -> None:
    with _raises_naming(tmp_path / "x.idx", "IDX cannot store dtype int64"):
        write_idx(tmp_path / "x.idx", np.zeros(3, dtype=np.int64))
    assert not (tmp_path / "x.idx").exists()


@pytest.mark.parametrize("compress", [False, True])
def test_truncated_file(tmp_path: Path, compress: bool) -> None:
    body = struct.pack(">HBBIII", 0, 8, 3, 2, 28, 28) + bytes(2 * 28 * 28 - 5)
    path = tmp_path / "short-idx3-ubyte"
    path.write_bytes(gzip.compress(body) if compress else body)
    with _raises_naming(path, "truncated: dimensions 2x28x28 need 1568 bytes of data, found 1563"):
        read_images(path)


def test_too_long_file(tmp_path: Path) -> None:
    path = tmp_path / "long-idx1-ubyte"
    path.write_bytes(struct.pack(">HBBI", 0, 8, 1, 4) + bytes(5))
    with _raises_naming(path, "too long: dimensions 4 need 4 bytes of data, found 5"):
        read_labels(path)


def test_truncated_header(tmp_path: Path) -> None:
    path = tmp_path / "header-idx3-ubyte"
    path.write_bytes(struct.pack(">HBBII", 0, 8, 3, 1, 28))  # third dimension missing
    with _raises_naming(path, "truncated IDX header"):
        read_images(path)


def test_images_read_as_labels_and_vice_versa(tmp_path: Path) -> None:
    write_idx(tmp_path / "images.gz", _images(1))
    write_idx(tmp_path / "labels.gz", np.array([3, 1], dtype=np.uint8))
    with _raises_naming(tmp_path / "images.gz", f"wrong magic number {IMAGES_MAGIC}, expected {LABELS_MAGIC}"):
        read_labels(tmp_path / "images.gz")
    with _raises_naming(tmp_path / "labels.gz", f"wrong magic number {LABELS_MAGIC}, expected {IMAGES_MAGIC}"):
        read_images(tmp_path / "labels.gz")


@pytest.mark.parametrize(
    ("content", "fault"),
    [
        (b"", r"not an IDX file \(only 0 bytes\)"),
        (b"\x00\x00\x08", r"not an IDX file \(only 3 bytes\)"),
        (b"PK\x03\x04" + bytes(20), r"not an IDX file \(magic number 1347093252\)"),  # a zip file
        (struct.pack(">HBBI", 1, 8, 1, 0), r"not an IDX file \(magic number 67585\)"),  # nonzero lead bytes
        (struct.pack(">HBBI", 0, 0x07, 1, 0), r"not an IDX file \(magic number 1793\)"),  # unknown type code
        (struct.pack(">HBB", 0, 8, 0), r"not an IDX file \(magic number 2048\)"),  # no dimensions
    ],
)
def test_bad_header(tmp_path: Path, content: bytes, fault: str) -> None:
    path = tmp_path / "bad.idx"
    path.write_bytes(content)
    with _raises_naming(path, fault):
        read_idx(path)


def test_dimensions_whose_product_overflows_are_rejected(tmp_path: Path) -> None:
    # 65536**4 == 2**64: a 64-bit product would wrap to 0 and match an empty body.
    path = tmp_path / "huge-idx3-ubyte"
    path.write_bytes(struct.pack(">HBB4I", 0, 8, 4, 65536, 65536, 65536, 65536))
    with _raises_naming(path, "dimensions 65536x65536x65536x65536 need 18446744073709551616 bytes of data, over the limit"):
        read_idx(path)


def test_corrupt_gzip(tmp_path: Path) -> None:
    write_idx(tmp_path / "ok.gz", _images(2))
    raw = (tmp_path / "ok.gz").read_bytes()
    cut = tmp_path / "cut.gz"
    cut.write_bytes(raw[: len(raw) // 2])
    with _raises_naming(cut, r"corrupt gzip data \("):
        read_images(cut)
    flipped = tmp_path / "crc.gz"
    flipped.write_bytes(raw[:-8] + bytes([raw[-8] ^ 0xFF]) + raw[-7:])  # damage the stored CRC-32
    with _raises_naming(flipped, r"corrupt gzip data \(CRC check failed"):
        read_images(flipped)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with _raises_naming(tmp_path / "nothing.gz", "file not found$"):
        read_images(tmp_path / "nothing.gz")
    with _raises_naming(tmp_path, r"cannot read \("):
        read_images(tmp_path)


def test_real_shared_files(shared: Path) -> None:
    for split in ("t10k", "train10k"):
        images = read_images(shared / SPLITS[split].images)
        labels = read_labels(shared / SPLITS[split].labels)
        assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
        assert labels.shape == (10_000,) and labels.dtype == np.uint8
        assert set(np.unique(labels)) == set(range(10))
        assert images.min() == 0 and images.max() == 255
    # The official test set starts 7, 2, 1, 0, 4 and its first digit has ink in the middle only.
    labels = read_labels(shared / SPLITS["t10k"].labels)
    assert labels[:5].tolist() == [7, 2, 1, 0, 4]
    first = read_images(shared / SPLITS["t10k"].images)[0]
    assert first[:4].max() == 0 and first[:, :4].max() == 0 and first.max() == 255
    # The training set starts 5, 0, 4, 1, 9.
    assert read_labels(shared / SPLITS["train10k"].labels)[:5].tolist() == [5, 0, 4, 1, 9]
