"""The output folder of a class batch: each student's files, and which clips are already made.

Layout: ``clips/<slug>.mp4`` (the clip), ``clips/<slug>.png`` (its poster,
the last frame), ``clips/<slug>.seen.png`` (the 28x28 input the network saw,
enlarged), ``clips/<slug>.photo.png`` (the student's image, reduced) and
``clips/<slug>.json`` (what the gallery and report say about the clip, with
its content key). Every file is written to a temporary name and renamed, and
the ``.json`` last: a clip counts as made only when its ``.json`` names the
same content key and every file it lists is there, so an interrupted run is
simply resumed. That ``.json`` is checked field by field, since anyone may
have edited it. The folder's marker (:mod:`studio.folders`) lists every file
the batch may write; a file of someone else's where one would go stops the
batch before it starts.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from netcore.errors import NetcoreError
from netcore.files import read_regular_file, write_atomically
from studio.folders import Marker, claim_files, write_marker
from studio.clip import ClipResult
from studio.roster import Student
from studio.schemas import ClipEntry

__all__ = ["FILES", "MAX_IMAGE_BYTES", "ClassFolder", "content_key", "read_image"]

FILES = {"clip": ".mp4", "poster": ".png", "seen": ".seen.png", "photo": ".photo.png"}
# A phone photo is a few MB; a file this large is refused before it is hashed or sent to a worker.
MAX_IMAGE_BYTES = 64 * 1024 * 1024


def read_image(student: Student) -> bytes:
    """The bytes of a student's image file, or a one-line error naming it (a FIFO or device never blocks)."""
    return read_regular_file(student.image, MAX_IMAGE_BYTES)


def content_key(image: bytes, beats: tuple[str, ...], quality: str, theme: str, code_version: str) -> str:
    """What identifies a clip: the image's bytes, the chosen beats, quality and theme, and the code."""
    digest = hashlib.sha256(image)
    digest.update(json.dumps([list(beats), quality, theme, code_version]).encode())
    return digest.hexdigest()[:24]


MAX_ENTRY_BYTES = 64 * 1024  # a clip's .json is a few hundred bytes


def _checked_entry(text: bytes, slug: str, key: str, root: Path) -> dict[str, Any]:
    """A fresh copy of a saved clip entry's fields, if it is what :meth:`ClassFolder.save` writes; else ValueError."""
    entry = ClipEntry.model_validate_json(text).model_dump()  # strict types; other fields dropped
    if entry["key"] != key:
        raise ValueError("another clip")
    for name, suffix in FILES.items():
        path = f"clips/{slug}{suffix}"
        if entry[name] != path or not stat.S_ISREG(os.lstat(root / path).st_mode):  # no link, no other path
            raise ValueError(f"{name} is not {path}")
    return entry


class ClassFolder:
    """The batch's output folder."""

    def __init__(self, root: Path) -> None:
        if root.exists() and not root.is_dir():
            raise NetcoreError(f"{root}: exists and is not a folder")
        self.root = root
        self.clips = root / "clips"  # made by the first file written into it
        self._claim: Marker | None = None  # the marker to write before the first file

    def claim(self, students: list[Student]) -> None:
        """Refuse, before any work, a folder where a file this batch writes exists but was not written by a batch."""
        names = ["index.html", "report.json"]
        for student in students:
            names += [f"clips/{student.slug}{suffix}" for suffix in (*FILES.values(), ".json")]
        self._claim = claim_files(self.root, "batch", names)

    def write(self, name: str, body: bytes) -> None:
        """Write the file ``name`` (relative) of the folder, whole or not at all; the folder's marker first."""
        if self._claim is not None:
            write_marker(self.root, self._claim)
            self._claim = None
        write_atomically(self.root / name, body)

    def finished(self, student: Student, key: str) -> dict[str, Any] | None:
        """The saved entry of this student's clip if it was made from the same inputs and code, else None.

        The ``.json`` is not trusted (it may be damaged or edited by hand): it
        counts only if it is exactly what :meth:`save` writes (the same file
        names, fields of the right types, every file a regular one), and only
        those fields are kept. Anything else means the clip is made again.
        """
        try:
            text = read_regular_file(self.clips / f"{student.slug}.json", MAX_ENTRY_BYTES)
            return _checked_entry(text, student.slug, key, self.root)
        except (NetcoreError, OSError, ValueError):  # pydantic's ValidationError is a ValueError
            return None

    def save(self, student: Student, key: str, result: ClipResult) -> dict[str, Any]:
        """Write a made clip's files, the ``.json`` last; return its entry."""
        entry: dict[str, Any] = {}
        for name, suffix in FILES.items():
            entry[name] = f"clips/{student.slug}{suffix}"
            self.write(entry[name], getattr(result, name))
        entry |= {
            "key": key,
            "prediction": result.prediction,
            "confidence": round(result.confidence or 0.0, 4),
            "frames": result.frames,
            "seconds": round(result.seconds, 3),
            "render_seconds": round(result.render_seconds, 3),
            "work_seconds": round(result.work_seconds, 3),
            "worker": result.worker,
        }
        self.write(f"clips/{student.slug}.json", (json.dumps(entry, indent=1) + "\n").encode("utf-8"))
        return entry
