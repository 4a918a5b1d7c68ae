"""Bad input, as a careless user or administrator gives it: one line, exit 2, nothing clobbered (issue 18).

Each command runs in a subprocess under a memory limit, so that a bomb that
gets through fails the test (MemoryError, one traceback) instead of
exhausting the machine. Bombs are built small on disk in ``tmp_path``.
Special files are FIFOs and links in ``tmp_path``; ``/dev/zero`` is only read.
"""

from __future__ import annotations

import gzip
import io
import os
import resource
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from numpy.lib import format as npy
from PIL import Image

from bombs import gzip_bomb, zip_bomb
from netcore.mnist import SPLITS
from netcore.network import Network
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT

# Enough for any command here (they peak near 600 MB of address space), far below a bomb's gigabytes.
MEMORY_LIMIT = 2**30
BOMB_MIB = 1200  # what each bomb inflates to, above the memory limit


def run_limited(*args: str | Path, stdout: int = subprocess.PIPE, choices: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` from the project root under :data:`MEMORY_LIMIT`, with no NN_* or MNIST_DIR choices but ``choices``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_") and k != "MNIST_DIR"} | (choices or {})
    env["OPENBLAS_NUM_THREADS"] = "1"  # each BLAS thread reserves address space of its own

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, *map(str, args)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
    )


@dataclass
class Case:
    """A command given one bad input, what its one line must say, and what must be true afterwards."""

    args: list[str | Path]
    phrases: list[str]
    after: Callable[[], None] = field(default=lambda: None)


def _npy_header(shape: tuple[int, ...], descr: str = "<f8") -> bytes:
    buffer = io.BytesIO()
    npy.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def _idx_header(magic: int, *dims: int) -> bytes:
    return struct.pack(f">HBB{len(dims)}I", 0, magic >> 8, magic & 0xFF, *dims)


def _still_a_fifo(path: Path) -> Callable[[], None]:
    def check() -> None:
        assert path.is_fifo(), f"{path} was replaced"
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]

    return check


def _weights_times(tmp_path: Path, factor: float, name: str = "W1") -> Path:
    network = Network.random([784, 16, 16, 10], seed=1)
    index = int(name[1:]) - 1
    network.weights[index] = np.sign(network.weights[index]) * factor
    path = tmp_path / f"huge-{name}.npz"
    network.save(path)
    return path


def _case(name: str, tmp: Path) -> Case:
    """Build the bad input ``name`` in ``tmp`` and the command that is given it."""
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    weights = ["-m", "netcore", "info", "--weights"]
    if name == "out-onto-a-fifo":
        return Case(["-m", "studio", "scene-data", "forward", "--out", fifo], [str(fifo), "is a FIFO"], _still_a_fifo(fifo))
    if name == "save-prepared-onto-a-fifo":
        args = ["-m", "netcore", "predict", "--digit", "11", "--save-prepared", fifo]
        return Case(args, [str(fifo), "is a FIFO"], _still_a_fifo(fifo))
    if name == "out-through-a-link-to-a-fifo":
        link = tmp / "link"
        link.symlink_to(fifo)
        return Case(["-m", "studio", "scene-data", "forward", "--out", link], [str(link), "is a FIFO"], _still_a_fifo(fifo))
    if name == "train-out-onto-a-fifo":  # refused before training, not after
        args = ["-m", "netcore", "train", "--epochs", "1", "--data", tmp / "no-mnist", "--out", fifo]
        return Case(args, [str(fifo), "is a FIFO"], _still_a_fifo(fifo))
    if name == "chapter-onto-a-fifo":  # refused before rendering, not after
        os.mkfifo(tmp / "Chapter.mp4")
        args = ["-m", "studio", "chapter", "--beats", "parameter-count", "--out", tmp]
        return Case(args, [str(tmp / "Chapter.mp4"), "is a FIFO"], _still_a_fifo(tmp / "Chapter.mp4"))
    if name == "out-under-a-file":
        (tmp / "afile").write_text("a file\n")
        target = tmp / "afile" / "f.json"
        return Case(["-m", "studio", "scene-data", "forward", "--out", target], [str(target), "not a folder"])
    if name == "out-where-no-file-can-be-made":
        return Case(["-m", "studio", "scene-data", "forward", "--out", "/proc/f.json"], ["/proc/f.json: cannot write"])
    if name == "weights-npy":
        np.save(tmp / "w.npy", np.zeros((16, 784)))
        return Case([*weights, tmp / "w.npy"], [str(tmp / "w.npy"), "not an .npz weights file"])
    if name == "weights-text":
        (tmp / "w.npz").write_text("these are not weights\n")
        return Case([*weights, tmp / "w.npz"], [str(tmp / "w.npz"), "not an .npz weights file"])
    if name == "weights-png":
        Image.new("L", (28, 28)).save(tmp / "w.png")
        return Case([*weights, tmp / "w.png"], [str(tmp / "w.png"), "not an .npz weights file"])
    if name == "weights-dev-zero":
        return Case([*weights, "/dev/zero"], ["/dev/zero", "not an .npz weights file"])
    if name == "weights-fifo":
        return Case([*weights, fifo], [str(fifo), "not an .npz weights file"], _still_a_fifo(fifo))
    if name == "weights-header-declares-a-terabyte":
        path = zip_bomb(tmp / "w.npz", "W1.npy", _npy_header((10**6, 10**6)), 0)
        return Case([*weights, path], [str(path), "more than the"])
    if name == "weights-deflate-bomb":
        path = zip_bomb(tmp / "w.npz", "W1.npy", _npy_header((BOMB_MIB * 2**17, 1)), BOMB_MIB)
        return Case([*weights, path], [str(path), "more than the"])
    if name == "weights-that-overflow":
        path = _weights_times(tmp, 1e308)
        return Case(["-m", "studio", "scene-data", "forward", "--weights", path], [str(path), "overflowing"])
    if name == "weights-that-overflow-in-a-sum":
        path = _weights_times(tmp, 2e307, "W2")  # each weight is finite; 16 of them summed are not
        return Case(["-m", "netcore", "predict", "--weights", path], [str(path), "layer 2", "overflowing"])
    if name == "digit-of-5000-characters":
        return Case(["-m", "netcore", "predict", "--digit", "5" * 5000], ["--digit", "characters)"])
    return _mnist_case(name, tmp)


def _mnist_case(name: str, tmp: Path) -> Case:
    evaluate = ["-m", "netcore", "evaluate", "--data", tmp, "--split"]
    train, t10k = SPLITS["train"], SPLITS["t10k"]
    if name == "mnist-gzip-bomb":
        # Plausible dimensions, then far more data than they declare.
        gzip_bomb(tmp / train.images, _idx_header(2051, 60_000, 28, 28), BOMB_MIB)
        (tmp / train.labels).write_bytes(_idx_header(2049, 60_000) + bytes(60_000))
        return Case([*evaluate, "train"], [str(tmp / train.images), "too long"])
    if name == "mnist-declares-millions-of-digits":
        gzip_bomb(tmp / t10k.images, _idx_header(2051, 3_000_000, 28, 28), BOMB_MIB)
        (tmp / t10k.labels).write_bytes(_idx_header(2049, 10_000) + bytes(10_000))
        return Case([*evaluate, "t10k"], [str(tmp / t10k.images), "3000000 items, expected at most 10000"])
    if name == "mnist-checksum-before-use":
        (tmp / t10k.images).write_bytes(gzip.compress(_idx_header(2051, 10_000, 28, 28) + bytes(10_000 * 784)))
        (tmp / t10k.labels).write_bytes(_idx_header(2049, 10_000) + bytes(10_000))  # right sizes, wrong bytes
        return Case([*evaluate, "t10k"], [str(tmp / t10k.images), "checksum", "does not match"])
    if name == "mnist-images-not-28x28":
        (tmp / train.images).write_bytes(_idx_header(2051, 2, 28, 29) + bytes(2 * 28 * 29))
        (tmp / train.labels).write_bytes(_idx_header(2049, 2) + bytes(2))
        return Case([*evaluate, "train"], [str(tmp / train.images), "2x28x29, expected nx28x28"])
    if name == "mnist-labels-of-200":
        (tmp / train.images).write_bytes(_idx_header(2051, 3, 28, 28) + bytes(3 * 784))
        (tmp / train.labels).write_bytes(_idx_header(2049, 3) + bytes([1, 200, 2]))
        return Case([*evaluate, "train"], [str(tmp / train.labels), "labels outside 0-9", "200 at index 1"])
    raise KeyError(name)


CASES = [
    "out-onto-a-fifo",
    "save-prepared-onto-a-fifo",
    "out-through-a-link-to-a-fifo",
    "train-out-onto-a-fifo",
    "chapter-onto-a-fifo",
    "out-under-a-file",
    "out-where-no-file-can-be-made",
    "weights-npy",
    "weights-text",
    "weights-png",
    "weights-dev-zero",
    "weights-fifo",
    "weights-header-declares-a-terabyte",
    "weights-deflate-bomb",
    "weights-that-overflow",
    "weights-that-overflow-in-a-sum",
    "digit-of-5000-characters",
    "mnist-gzip-bomb",
    "mnist-declares-millions-of-digits",
    "mnist-checksum-before-use",
    "mnist-images-not-28x28",
    "mnist-labels-of-200",
]


@pytest.mark.parametrize("name", CASES)
def test_bad_input_gives_one_short_line_and_exit_2(tmp_path: Path, name: str) -> None:
    case = _case(name, tmp_path)
    done = run_limited(*case.args)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr[-2000:]
    assert done.stdout == ""
    assert len(lines[0]) < 400, lines[0]
    assert ".part" not in lines[0], lines[0]  # the target is named, never our temporary file
    for phrase in case.phrases:
        assert phrase in lines[0], lines[0]
    case.after()


def test_a_closed_pipe_ends_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader (say `head`) has already gone
    try:
        done = run_limited("-m", "studio", "scene-data", "forward", stdout=write_end)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 141  # 128 + SIGPIPE, as for a command the pipe's signal ended


def test_the_shipped_weights_pass_the_same_checks() -> None:
    done = run_limited("-m", "netcore", "info", "--weights", DEFAULT_WEIGHTS)
    assert done.returncode == 0 and "13,002 parameters" in done.stdout, done.stderr
