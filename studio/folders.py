"""Output folders that a command replaces or writes into only where it provably wrote before.

Every command with an output folder leaves a marker file in it,
``.made-by-studio.json``: the command, the code version and the list of
files it wrote (with their SHA-256 when the folder was written whole). The
marker is the proof: a command

- replaces a whole folder (``lesson``, ``slides``: :func:`folder_made_atomically`)
  only when the folder is new or empty, or when its marker names the same
  command and lists every file in it, unchanged;
- writes files into a folder (``chapter``, ``batch``: :func:`claim_files`) only
  where no file exists yet, or where its marker lists the file as its own.

Anything else is refused with one line (:class:`NetcoreError`) before any
work starts; no file the command did not write is ever removed or replaced.

Work folders (:func:`work_folder`) are hidden folders beside the result that
record the process that made them: a run killed by SIGKILL leaves one behind,
and the next run in the same place removes it once that process is gone.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from netcore.errors import NetcoreError
from netcore.files import read_regular_file, write_atomically
from netcore.processes import has_ended
from studio.schemas import MarkerFile, first_fault
from studio.version import code_version

__all__ = ["MARKER", "Marker", "check_replaceable", "claim_files", "folder_made_atomically", "read_marker", "work_folder", "write_marker"]

MARKER = ".made-by-studio.json"
MAX_MARKER_BYTES = 64 * 1024 * 1024  # a content list of a million files
_OWNER = ".studio-work"  # inside a work folder: "host pid" of the process that made it


@dataclass
class Marker:
    """What a command wrote into a folder: relative path -> SHA-256 (None: listed, not hashed)."""

    command: str
    version: str = field(default_factory=code_version)
    files: dict[str, str | None] = field(default_factory=dict)

    def to_json(self) -> bytes:
        body = {"command": self.command, "version": self.version, "files": dict(sorted(self.files.items()))}
        return (json.dumps(body, indent=1) + "\n").encode("utf-8")


def read_marker(folder: Path) -> Marker | None:
    """The folder's marker, None if it has none; a damaged marker proves nothing and is refused."""
    path = folder / MARKER
    if not os.path.lexists(path):
        return None
    try:
        data = MarkerFile.model_validate_json(read_regular_file(path, MAX_MARKER_BYTES))
    except ValidationError as exc:
        raise NetcoreError(f"{path}: damaged ({first_fault(exc)}), so what is in {folder} cannot be told apart: "
                           "choose another --out") from None
    return Marker(data.command, data.version, dict(data.files))


def _files_in(folder: Path) -> list[str]:
    """Every entry that is not a folder (files, links, FIFOs ...), relative, the marker left out."""
    return [name for name in _entries_in(folder) if not name.endswith("/")]


def _entries_in(folder: Path) -> list[str]:
    """Every entry under ``folder``, relative; folders end with '/', the marker is left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        # A link to a folder is an entry of its own: listed, never followed.
        links = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        found += [Path(root, name).relative_to(folder).as_posix() for name in files + links]
        found += [Path(root, name).relative_to(folder).as_posix() + "/" for name in dirs if name not in links]
    return sorted(set(found) - {MARKER})


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _refuse(folder: Path, why: str) -> NetcoreError:
    return NetcoreError(f"{folder}: {why}; refusing to touch it: choose another --out")


def check_replaceable(out: Path, command: str) -> None:
    """Refuse, with one line, an ``out`` that ``command`` may not replace as a whole."""
    if out.is_symlink():
        raise _refuse(out, "is a symbolic link")
    if not out.exists():
        return
    if not out.is_dir():
        raise _refuse(out, "exists and is not a folder")
    present = _entries_in(out)
    marker = read_marker(out)
    if marker is None:
        if present:
            raise _refuse(out, f"holds files that studio {command} did not write (e.g. {present[0]})")
        return
    if marker.command != command:
        raise _refuse(out, f"was written by studio {marker.command}, not studio {command}")
    made_folders = {parent.as_posix() + "/" for name in marker.files for parent in Path(name).parents if parent != Path(".")}
    foreign = [name for name in present if name not in marker.files and name not in made_folders]
    present = [name for name in present if not name.endswith("/")]
    if foreign:
        raise _refuse(out, f"holds {len(foreign)} file(s) or folder(s) that studio {command} did not write (e.g. {foreign[0]})")
    for name in present:
        expected = marker.files[name]
        if expected is not None and (not (out / name).is_file() or (out / name).is_symlink() or _sha256(out / name) != expected):
            raise _refuse(out, f"{name} was changed after studio {command} wrote it")


@contextmanager
def folder_made_atomically(out: Path, command: str) -> Iterator[Path]:
    """Yield an empty work folder beside ``out``; when the block succeeds, it becomes ``out``.

    ``out`` is checked first (:func:`check_replaceable`), and again just
    before the rename, since files may appear during minutes of work. The
    finished folder gets its marker, every file listed with its SHA-256. On
    failure the work folder is removed and ``out`` is untouched.
    """
    check_replaceable(out, command)
    with work_folder(out.parent, f".{out.name}-") as work:
        finished = work / "finished"
        finished.mkdir()
        yield finished
        marker = Marker(command, files={name: _sha256(finished / name) for name in _files_in(finished)})
        write_marker(finished, marker)
        check_replaceable(out, command)
        if out.exists():
            os.replace(out, work / "previous")  # set aside, removed with the work folder
        os.replace(finished, out)


def claim_files(folder: Path, command: str, names: Iterable[str]) -> Marker:
    """Check that ``command`` may write ``names`` (relative paths) into ``folder``, or refuse with one line.

    A name may be written if nothing is there yet, or if the folder's marker
    (of the same command) lists it. Returns the marker that lists ``names``
    besides what it listed before: write it (:func:`write_marker`) before
    the first of them, once the work is done.
    """
    if folder.is_symlink() and not folder.is_dir():
        raise _refuse(folder, "is a symbolic link to no folder")
    if folder.exists() and not folder.is_dir():
        raise _refuse(folder, "exists and is not a folder")
    marker = read_marker(folder) if folder.exists() else None
    if marker is not None and marker.command != command:
        raise _refuse(folder, f"was written by studio {marker.command}, not studio {command}")
    listed = marker.files if marker is not None else {}
    names = list(names)
    for name in names:
        if name not in listed and os.path.lexists(folder / name):
            raise _refuse(folder, f"{name} exists and was not written by studio {command}")
    return Marker(command, files=listed | {name: None for name in names if name not in listed})


def write_marker(folder: Path, marker: Marker) -> None:
    """Write ``marker`` into ``folder`` (whole or not at all)."""
    write_atomically(folder / MARKER, marker.to_json())


def _owner_gone(work: Path) -> bool:
    """True when ``work`` is a work folder of ours whose process no longer runs on this machine."""
    try:
        host, pid = (work / _OWNER).read_text(encoding="ascii").split()
        return has_ended(host, int(pid))
    except (OSError, ValueError):
        return False  # not ours


@contextmanager
def work_folder(parent: Path, prefix: str) -> Iterator[Path]:
    """A new hidden folder ``parent/prefix*`` for work in progress, removed afterwards, whatever happens.

    It records this process; left-overs of killed runs (same prefix, their
    process gone) are removed first.
    """
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f"{prefix}*"):
        if stale.is_dir() and not stale.is_symlink() and _owner_gone(stale):
            shutil.rmtree(stale, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        (work / _OWNER).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="ascii")
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)
