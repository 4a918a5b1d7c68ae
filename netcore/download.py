"""Download the MNIST gzip files from MNIST's public mirrors, verified before use.

Each file is fetched into a temporary ``.part`` file beside its target, checked
against a table of known checksums (size and MD5 of the gzip file as published,
SHA-256 of the decompressed bytes as quoted in :data:`netcore.mnist.SPLITS`) and
only then renamed into place, so the target directory never holds a partial or
unverified file. A failing mirror (HTTP error, refused connection, timeout,
truncated body, wrong checksum) is skipped for the next one; when all fail, a
one-line :class:`NetcoreError` names the file and each mirror's fault.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from netcore.errors import NetcoreError, one_line
from netcore.files import move_into_place
from netcore.mnist import SPLITS

__all__ = ["MIRRORS", "CHECKSUMS", "Checksum", "download_file", "download_split", "verify"]

MIRRORS: tuple[str, ...] = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

_CHUNK = 1 << 16
_USER_AGENT = "nn-explainer-mnist-downloader/0.1"


@dataclass(frozen=True)
class Checksum:
    """What a correct file must match; ``None`` fields are not checked.

    ``size`` and ``md5`` describe the gzip file as published, ``sha256`` its
    decompressed bytes (which survive a mirror re-compressing the file).
    """

    size: int | None = None
    md5: str | None = None
    sha256: str | None = None

    def is_empty(self) -> bool:
        """True when nothing would be checked."""
        return self.size is None and self.md5 is None and self.sha256 is None


# The official gzip files as published by MNIST's mirrors.
_OFFICIAL: dict[str, Checksum] = {
    "train-images-idx3-ubyte.gz": Checksum(9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
    "train-labels-idx1-ubyte.gz": Checksum(28_881, "d53e105ee54ea40749a09fcbcd1e9432"),
    "t10k-images-idx3-ubyte.gz": Checksum(1_648_877, "9fb629c4189551a2d022fa330f9573f3"),
    "t10k-labels-idx1-ubyte.gz": Checksum(4_542, "ec29112dd5afa0611ce80d1b7f02629c"),
}


def _table() -> dict[str, Checksum]:
    table = dict(_OFFICIAL)
    for files in SPLITS.values():
        for name, sha in ((files.images, files.images_sha256), (files.labels, files.labels_sha256)):
            known = table.get(name, Checksum())
            table[name] = Checksum(known.size, known.md5, sha or known.sha256)
    return table


#: Every file name of :data:`netcore.mnist.SPLITS` with what is known about it.
CHECKSUMS: dict[str, Checksum] = _table()


class _MirrorFault(Exception):
    """One mirror failed to deliver a correct file; the next one may."""


def verify(path: Path, checksum: Checksum) -> str | None:
    """Check the file at ``path`` against ``checksum``; return the fault, or None if it matches."""
    if checksum.is_empty():
        return "no checksum known"
    try:
        size = path.stat().st_size
        if checksum.size is not None and size != checksum.size:
            return f"size {size} bytes, expected {checksum.size}"
        if checksum.md5 is not None:
            md5 = hashlib.md5(usedforsecurity=False)
            with path.open("rb") as src:
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    md5.update(chunk)
            if md5.hexdigest() != checksum.md5.lower():
                return f"MD5 {md5.hexdigest()} does not match expected {checksum.md5.lower()}"
        if checksum.sha256 is not None:
            sha = hashlib.sha256()
            with gzip.open(path, "rb") as src:
                for chunk in iter(lambda: src.read(_CHUNK), b""):
                    sha.update(chunk)
            if sha.hexdigest() != checksum.sha256.lower():
                return f"SHA-256 of decompressed data {sha.hexdigest()[:12]}... does not match expected {checksum.sha256.lower()[:12]}..."
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return f"corrupt gzip data ({one_line(exc)})"
    except OSError as exc:
        return f"cannot read ({one_line(exc.strerror or exc)})"
    return None


def _fetch(url: str, out, target: Path, limit: int | None, timeout: float) -> None:
    """Stream ``url`` into the open file ``out`` (to become ``target``); raise _MirrorFault on any network fault."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if limit is not None and length is not None and length.isdigit() and int(length) != limit:
                raise _MirrorFault(f"size {length} bytes, expected {limit}")
            received = 0
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if limit is not None and received > limit:
                    raise _MirrorFault(f"more than the expected {limit} bytes")
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise NetcoreError(f"{target}: cannot write ({one_line(exc.strerror or exc)})") from None
            # http.client ends a short body silently on read(amt); a premature close is a fault.
            if length is not None and length.isdigit() and received != int(length):
                raise _MirrorFault(f"connection closed after {received} of {length} bytes")
    except urllib.error.HTTPError as exc:
        exc.close()
        raise _MirrorFault(f"HTTP {exc.code} {one_line(exc.reason)}") from None
    except urllib.error.URLError as exc:
        raise _MirrorFault(one_line(getattr(exc.reason, "strerror", None) or exc.reason)) from None
    except TimeoutError:
        raise _MirrorFault(f"timed out after {timeout:g} s") from None
    except http.client.IncompleteRead as exc:
        raise _MirrorFault(f"connection closed after {len(exc.partial)} bytes") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise _MirrorFault(one_line(f"{type(exc).__name__}: {exc}")) from None


def _url(base: str, name: str) -> str:
    return base.rstrip("/") + "/" + name


def download_file(
    name: str,
    directory: Path,
    mirrors: Sequence[str] = MIRRORS,
    timeout: float = 30,
    checksums: Mapping[str, Checksum] | None = None,
) -> Path:
    """Return ``directory / name``, downloading and verifying it first unless a valid copy is there.

    ``checksums`` replaces the table :data:`CHECKSUMS` (tests serve files whose
    gzip wrapper differs from the published one). A file with no known checksum
    is refused rather than used unverified.
    """
    directory = Path(directory)
    target = directory / name
    checksum = (CHECKSUMS if checksums is None else checksums).get(name, Checksum())
    if checksum.is_empty():
        raise NetcoreError(f"{target}: no checksum known for {name}, refusing to download it unverified")
    if target.is_file() and verify(target, checksum) is None:
        return target
    if not mirrors:
        raise NetcoreError(f"{target}: no mirrors to download from")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NetcoreError(f"{directory}: cannot create directory ({one_line(exc.strerror or exc)})") from None

    faults = []
    for base in mirrors:
        url = _url(base, name)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".part")
        except OSError as exc:
            raise NetcoreError(f"{directory}: cannot write ({one_line(exc.strerror or exc)})") from None
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                _fetch(url, out, target, checksum.size, timeout)
            fault = verify(tmp, checksum)
            if fault is not None:
                raise _MirrorFault(fault)
            move_into_place(tmp, target)  # refuses a device or FIFO there, follows a link
            return target
        except _MirrorFault as exc:
            faults.append(f"{url}: {exc}")
        finally:
            tmp.unlink(missing_ok=True)
    raise NetcoreError(f"{target}: download failed from every mirror: {'; '.join(faults)}")


def download_split(
    split: str,
    directory: Path,
    mirrors: Sequence[str] = MIRRORS,
    timeout: float = 30,
    checksums: Mapping[str, Checksum] | None = None,
) -> list[Path]:
    """Download the images and labels of ``split`` into ``directory``; return their paths.

    The official mirrors publish "train" and "t10k"; "train10k" is this project's
    subset and is only found on a mirror that serves it (such as a test server).
    """
    if split not in SPLITS:
        raise NetcoreError(f"unknown MNIST split {split!r} (choose from {', '.join(SPLITS)})")
    files = SPLITS[split]
    return [download_file(name, directory, mirrors, timeout, checksums) for name in (files.images, files.labels)]
