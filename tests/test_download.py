"""The MNIST downloader against a real HTTP server on 127.0.0.1 serving the shared files."""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from netcore.download import CHECKSUMS, MIRRORS, Checksum, download_file, download_split, verify
from netcore.errors import NetcoreError
from netcore.idx import read_images, read_labels
from netcore.mnist import SHARED_DIR, SPLITS, load_split

T10K_IMAGES, T10K_LABELS = SPLITS["t10k"].images, SPLITS["t10k"].labels
TRAIN10K_IMAGES, TRAIN10K_LABELS = SPLITS["train10k"].images, SPLITS["train10k"].labels
SHARED_NAMES = (T10K_IMAGES, T10K_LABELS, TRAIN10K_IMAGES, TRAIN10K_LABELS)

# The shared files are re-compressed, so only the SHA-256 of their decompressed bytes
# (quoted in mnist.SPLITS) describes them; the published MD5s do not.
LOCAL = {
    name: Checksum(sha256=sha)
    for files in (SPLITS["t10k"], SPLITS["train10k"])
    for name, sha in ((files.images, files.images_sha256), (files.labels, files.labels_sha256))
}


@pytest.fixture(scope="module")
def shared() -> Path:
    missing = [name for name in SHARED_NAMES if not (SHARED_DIR / name).is_file()]
    if missing:
        pytest.skip(f"shared MNIST data absent: {SHARED_DIR} lacks {', '.join(missing)}")
    return SHARED_DIR


class _Handler(SimpleHTTPRequestHandler):
    """Serves the folder; /truncate/NAME sends half of good/NAME under the full Content-Length."""

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        if self.path.startswith("/truncate/"):
            body = (Path(self.directory) / "good" / self.path.removeprefix("/truncate/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        super().do_GET()


class Server:
    """A running local mirror; ``url(folder)`` is a base URL for one of its folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
        self.httpd.requests = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests  # type: ignore[attr-defined]

    def url(self, folder: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{folder}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _flip_middle_byte(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :]


def _regzip_with_one_changed_byte(raw: bytes) -> bytes:
    data = bytearray(gzip.decompress(raw))
    data[-1] = (data[-1] + 1) % 10  # still a valid label or pixel, but not MNIST's
    return gzip.compress(bytes(data), compresslevel=1, mtime=0)


@pytest.fixture(scope="module")
def server(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    """good/: copies of the shared files; bad/: one byte flipped in each gzip file;
    regz/: one data byte changed and validly re-compressed; empty/: nothing (404)."""
    root = tmp_path_factory.mktemp("mirror")
    for folder in ("good", "bad", "regz", "empty"):
        (root / folder).mkdir()
    for name in SHARED_NAMES:
        raw = (shared / name).read_bytes()
        (root / "good" / name).write_bytes(raw)
        (root / "bad" / name).write_bytes(_flip_middle_byte(raw))
        (root / "regz" / name).write_bytes(_regzip_with_one_changed_byte(raw))
    srv = Server(root)
    yield srv
    srv.close()


@pytest.fixture
def requests(server: Server) -> list[str]:
    server.requests.clear()
    return server.requests


@pytest.fixture
def refused_url() -> str:
    """A base URL on a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_default_table_holds_the_published_checksums() -> None:
    assert MIRRORS[0] == "https://ossci-datasets.s3.amazonaws.com/mnist/"
    assert CHECKSUMS["train-images-idx3-ubyte.gz"] == Checksum(9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873")
    assert CHECKSUMS["train-labels-idx1-ubyte.gz"] == Checksum(28_881, "d53e105ee54ea40749a09fcbcd1e9432")
    assert CHECKSUMS["t10k-images-idx3-ubyte.gz"] == Checksum(
        1_648_877,
        "9fb629c4189551a2d022fa330f9573f3",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    )
    assert CHECKSUMS["t10k-labels-idx1-ubyte.gz"] == Checksum(
        4_542,
        "ec29112dd5afa0611ce80d1b7f02629c",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    )
    assert CHECKSUMS[TRAIN10K_IMAGES] == Checksum(sha256=SPLITS["train10k"].images_sha256)


def test_download_split_fetches_and_verifies(server: Server, shared: Path, requests: list[str], tmp_path: Path) -> None:
    target = tmp_path / "new" / "mnist"  # created on demand
    paths = download_split("t10k", target, mirrors=[server.url("good")], checksums=LOCAL)

    assert paths == [target / T10K_IMAGES, target / T10K_LABELS]
    assert _listing(target) == sorted([T10K_IMAGES, T10K_LABELS])
    for path in paths:
        assert path.read_bytes() == (shared / path.name).read_bytes()
    assert requests == [f"/good/{T10K_IMAGES}", f"/good/{T10K_LABELS}"]
    images, labels = read_images(paths[0]), read_labels(paths[1])
    assert images.shape == (10_000, 28, 28) and labels.shape == (10_000,)
    digits = load_split("t10k", target)  # checks the SHA-256 again, independently
    assert digits.sha256[T10K_IMAGES] == SPLITS["t10k"].images_sha256


def test_train10k_is_verified_by_the_default_table(server: Server, tmp_path: Path) -> None:
    paths = download_split("train10k", tmp_path, mirrors=[server.url("good")])
    assert [p.name for p in paths] == [TRAIN10K_IMAGES, TRAIN10K_LABELS]
    assert np.array_equal(read_labels(paths[1]), load_split("train10k").labels)


def test_default_table_rejects_a_rewrapped_gzip_by_md5(server: Server, shared: Path, tmp_path: Path) -> None:
    # The shared t10k file holds the official bytes, but its gzip wrapper is not the published one.
    served_md5 = hashlib.md5((shared / T10K_LABELS).read_bytes()).hexdigest()
    with pytest.raises(NetcoreError) as err:
        download_file(T10K_LABELS, tmp_path, mirrors=[server.url("good")])
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / T10K_LABELS}: ")
    assert f"MD5 {served_md5} does not match expected ec29112dd5afa0611ce80d1b7f02629c" in message
    assert _listing(tmp_path) == []


def test_404_on_first_mirror_then_second_works(server: Server, requests: list[str], tmp_path: Path) -> None:
    paths = download_split("t10k", tmp_path, mirrors=[server.url("empty"), server.url("good")], checksums=LOCAL)
    assert verify(paths[0], LOCAL[T10K_IMAGES]) is None and verify(paths[1], LOCAL[T10K_LABELS]) is None
    assert requests == [f"/empty/{T10K_IMAGES}", f"/good/{T10K_IMAGES}", f"/empty/{T10K_LABELS}", f"/good/{T10K_LABELS}"]
    assert _listing(tmp_path) == sorted([T10K_IMAGES, T10K_LABELS])


def test_refused_connection_then_second_mirror_works(server: Server, refused_url: str, tmp_path: Path) -> None:
    (path,) = [download_file(T10K_LABELS, tmp_path, mirrors=[refused_url, server.url("good")], checksums=LOCAL)]
    assert read_labels(path).shape == (10_000,)
    assert _listing(tmp_path) == [T10K_LABELS]


def test_truncated_body_then_second_mirror_works(server: Server, requests: list[str], tmp_path: Path) -> None:
    path = download_file(T10K_IMAGES, tmp_path, mirrors=[server.url("truncate"), server.url("good")], checksums=LOCAL)
    assert requests == [f"/truncate/{T10K_IMAGES}", f"/good/{T10K_IMAGES}"]
    assert verify(path, LOCAL[T10K_IMAGES]) is None


@pytest.mark.parametrize(
    ("folder", "fault"),
    [
        ("bad", "corrupt gzip data"),  # a flipped byte breaks the deflate stream or its CRC
        ("regz", "SHA-256 of decompressed data"),  # a valid gzip of the wrong bytes
        ("truncate", "connection closed after"),
    ],
)
def test_corrupted_file_is_rejected_and_nothing_is_left(
    server: Server, tmp_path: Path, folder: str, fault: str
) -> None:
    with pytest.raises(NetcoreError) as err:
        download_split("t10k", tmp_path, mirrors=[server.url(folder)], checksums=LOCAL)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / T10K_IMAGES}: download failed from every mirror: ")
    assert f"{server.url(folder)}{T10K_IMAGES}: {fault}" in message
    assert _listing(tmp_path) == []  # no file, no .part file


def test_corrupted_on_first_mirror_then_good_one_is_used(server: Server, shared: Path, tmp_path: Path) -> None:
    path = download_file(T10K_LABELS, tmp_path, mirrors=[server.url("bad"), server.url("good")], checksums=LOCAL)
    assert path.read_bytes() == (shared / T10K_LABELS).read_bytes()
    assert _listing(tmp_path) == [T10K_LABELS]


def test_size_limit_rejects_a_larger_file(server: Server, tmp_path: Path) -> None:
    small = {T10K_LABELS: Checksum(size=100, sha256=SPLITS["t10k"].labels_sha256)}
    with pytest.raises(NetcoreError, match=r"size \d+ bytes, expected 100"):
        download_file(T10K_LABELS, tmp_path, mirrors=[server.url("good")], checksums=small)
    assert _listing(tmp_path) == []


def test_present_valid_files_are_not_downloaded_again(
    server: Server, requests: list[str], refused_url: str, tmp_path: Path
) -> None:
    first = download_split("t10k", tmp_path, mirrors=[server.url("good")], checksums=LOCAL)
    stamps = [p.stat().st_mtime_ns for p in first]
    inodes = [p.stat().st_ino for p in first]
    requests.clear()

    again = download_split("t10k", tmp_path, mirrors=[refused_url], checksums=LOCAL)  # no mirror would work
    assert again == first
    assert requests == []
    assert [p.stat().st_mtime_ns for p in again] == stamps
    assert [p.stat().st_ino for p in again] == inodes


def test_present_invalid_file_is_replaced(server: Server, shared: Path, requests: list[str], tmp_path: Path) -> None:
    (tmp_path / T10K_LABELS).write_bytes(_regzip_with_one_changed_byte((shared / T10K_LABELS).read_bytes()))
    path = download_file(T10K_LABELS, tmp_path, mirrors=[server.url("good")], checksums=LOCAL)
    assert requests == [f"/good/{T10K_LABELS}"]
    assert path.read_bytes() == (shared / T10K_LABELS).read_bytes()


def test_all_mirrors_failing_gives_one_line_naming_file_and_faults(
    server: Server, refused_url: str, tmp_path: Path
) -> None:
    with pytest.raises(NetcoreError) as err:
        download_split("t10k", tmp_path, mirrors=[server.url("empty"), refused_url], checksums=LOCAL)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / T10K_IMAGES}: download failed from every mirror: ")
    assert f"{server.url('empty')}{T10K_IMAGES}: HTTP 404" in message
    assert f"{refused_url}{T10K_IMAGES}: " in message
    assert "refused" in message.lower()
    assert _listing(tmp_path) == []


def test_silent_server_times_out(tmp_path: Path) -> None:
    with socket.socket() as sock:  # accepts connections (backlog) but never answers
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        with pytest.raises(NetcoreError, match=r"timed out") as err:
            download_file(T10K_LABELS, tmp_path, mirrors=[url], timeout=0.5, checksums=LOCAL)
    assert T10K_LABELS in str(err.value)
    assert _listing(tmp_path) == []


def test_no_checksum_means_no_download(server: Server, requests: list[str], tmp_path: Path) -> None:
    with pytest.raises(NetcoreError, match=r"no checksum known for t10k-labels-idx1-ubyte.gz"):
        download_file(T10K_LABELS, tmp_path, mirrors=[server.url("good")], checksums={})
    assert requests == []
    assert _listing(tmp_path) == []


def test_no_mirrors_and_unknown_split_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(NetcoreError, match=r"no mirrors"):
        download_file(T10K_LABELS, tmp_path, mirrors=[], checksums=LOCAL)
    with pytest.raises(NetcoreError, match=r"unknown MNIST split 'mnist'"):
        download_split("mnist", tmp_path)


def test_present_file_is_reused_when_copied_into_place(shared: Path, tmp_path: Path) -> None:
    shutil.copy(shared / T10K_LABELS, tmp_path / T10K_LABELS)
    assert download_file(T10K_LABELS, tmp_path, mirrors=[], checksums=LOCAL) == tmp_path / T10K_LABELS


def test_a_fifo_in_place_of_the_file_is_refused_not_replaced(server: Server, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / T10K_LABELS)
    with pytest.raises(NetcoreError, match=rf"^{tmp_path / T10K_LABELS}: is a FIFO, not a regular file; refusing to replace it$"):
        download_file(T10K_LABELS, tmp_path, mirrors=[server.url("good")], checksums=LOCAL)
    assert (tmp_path / T10K_LABELS).is_fifo() and _listing(tmp_path) == [T10K_LABELS]


def test_a_link_in_place_of_the_file_is_written_through(server: Server, shared: Path, tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "mnist").mkdir()
    (tmp_path / "mnist" / T10K_LABELS).symlink_to(tmp_path / "store" / T10K_LABELS)
    download_file(T10K_LABELS, tmp_path / "mnist", mirrors=[server.url("good")], checksums=LOCAL)
    assert (tmp_path / "mnist" / T10K_LABELS).is_symlink()
    assert (tmp_path / "store" / T10K_LABELS).read_bytes() == (shared / T10K_LABELS).read_bytes()
