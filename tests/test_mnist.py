"""Finding, verifying and loading MNIST: directory resolution, checksums, tampered copies."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from netcore.errors import NetcoreError
from netcore.idx import read_images, write_idx
from netcore.mnist import ENV_VAR, SHARED_DIR, SPLITS, data_dir, load_split, sha256_of_idx

T10K = SPLITS["t10k"]


@pytest.fixture(scope="module")
def shared() -> Path:
    names = (T10K.images, T10K.labels, SPLITS["train10k"].images, SPLITS["train10k"].labels)
    missing = [name for name in names if not (SHARED_DIR / name).is_file()]
    if missing:
        pytest.skip(f"shared MNIST data absent: {SHARED_DIR} lacks {', '.join(missing)}")
    return SHARED_DIR


@pytest.fixture
def t10k_copy(shared: Path, tmp_path: Path) -> Path:
    """A writable copy of the t10k split."""
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in (T10K.images, T10K.labels):
        shutil.copy(shared / name, folder / name)
    return folder


def test_data_dir_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert data_dir() == SHARED_DIR
    assert SHARED_DIR == Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "mnist"
    monkeypatch.setenv(ENV_VAR, "")
    assert data_dir() == SHARED_DIR  # an empty variable counts as unset
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert data_dir() == tmp_path / "from-env"
    assert data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert data_dir(str(tmp_path / "explicit")) == tmp_path / "explicit"


def test_load_split_on_real_data(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    for split in ("t10k", "train10k"):
        digits = load_split(split)  # from the shared folder
        files = SPLITS[split]
        assert digits.sha256 == {files.images: files.images_sha256, files.labels: files.labels_sha256}
        assert digits.images.shape == (10_000, 28, 28) and digits.images.dtype == np.uint8
        assert digits.labels.shape == (10_000,) and set(np.unique(digits.labels)) == set(range(10))
    inputs = digits.inputs()
    assert inputs.shape == (10_000, 784) and inputs.dtype == np.float64
    assert inputs.min() == 0.0 and inputs.max() == 1.0
    np.testing.assert_array_equal(inputs[0], digits.images[0].reshape(784) / 255.0)


def test_load_split_follows_env_and_explicit(t10k_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(t10k_copy))
    assert load_split("t10k").labels[:5].tolist() == [7, 2, 1, 0, 4]
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(NetcoreError, match=rf"^{re.escape(str(tmp_path / 'nowhere'))}: MNIST directory not found"):
        load_split("t10k")
    assert load_split("t10k", t10k_copy).images.shape == (10_000, 28, 28)  # explicit wins over the env


def test_uncompressed_copy_has_the_same_checksum(t10k_copy: Path) -> None:
    path = t10k_copy / T10K.labels
    path.write_bytes(gzip.decompress(path.read_bytes()))  # same name, raw IDX bytes
    assert sha256_of_idx(path) == T10K.labels_sha256
    assert load_split("t10k", t10k_copy).labels.shape == (10_000,)


@pytest.mark.parametrize("which", ["images", "labels"])
def test_tampered_copy_is_rejected_by_checksum(t10k_copy: Path, which: str) -> None:
    name, expected = (T10K.images, T10K.images_sha256) if which == "images" else (T10K.labels, T10K.labels_sha256)
    path = t10k_copy / name
    data = bytearray(gzip.decompress(path.read_bytes()))
    data[len(data) // 2] ^= 0x01  # one byte of one digit (or label) changed, still a well-formed IDX file
    path.write_bytes(gzip.compress(bytes(data), compresslevel=1))
    with pytest.raises(NetcoreError) as err:
        load_split("t10k", t10k_copy)
    message = str(err.value)
    assert message.startswith(f"{path}: checksum ")
    assert message.endswith(f"does not match MNIST's {expected[:12]}...")
    assert "\n" not in message


def test_one_byte_changed_in_the_gzip_file_is_rejected(t10k_copy: Path) -> None:
    path = t10k_copy / T10K.images
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(NetcoreError, match=rf"^{re.escape(str(path))}: corrupt gzip data \("):
        load_split("t10k", t10k_copy)


def test_missing_file_is_named(t10k_copy: Path) -> None:
    (t10k_copy / T10K.labels).unlink()
    with pytest.raises(NetcoreError, match=rf"^{re.escape(str(t10k_copy / T10K.labels))}: MNIST file not found$"):
        load_split("t10k", t10k_copy)


def test_unknown_split_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(NetcoreError, match=r"^unknown MNIST split 'test' \(choose from train10k, t10k, train\)$"):
        load_split("test", tmp_path)


def test_unchecked_split_still_needs_matching_counts(tmp_path: Path) -> None:
    train = SPLITS["train"]
    assert train.images_sha256 is None and train.labels_sha256 is None
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    write_idx(tmp_path / train.images, images)
    write_idx(tmp_path / train.labels, np.array([1, 2], dtype=np.uint8))
    with pytest.raises(NetcoreError, match=r"3 images but 2 labels in split train"):
        load_split("train", tmp_path)
    write_idx(tmp_path / train.labels, np.array([1, 2, 3], dtype=np.uint8))
    digits = load_split("train", tmp_path)
    assert digits.labels.tolist() == [1, 2, 3]
    np.testing.assert_array_equal(digits.images, read_images(tmp_path / train.images))
