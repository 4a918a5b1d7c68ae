"""The output folder of a class batch: each student's files, and which clips are already made.

Layout: ``clips/<slug>.mp4`` (the clip), ``clips/<slug>.png`` (its poster,
the last frame), ``clips/<slug>.seen.png`` (the 28x28 input the network saw,
enlarged), ``clips/<slug>.photo.png`` (the student's image, reduced) and
``clips/<slug>.json`` (what the gallery and report say about the clip, with
its content key). Every file is written to a temporary name and renamed, and
the ``.json`` last: a clip counts as made only when its ``.json`` names the
same content key and every file it lists is there, so an interrupted run is
simply resumed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from studio.clip import ClipResult
from studio.roster import Student

__all__ = ["FILES", "MAX_IMAGE_BYTES", "ClassFolder", "content_key", "read_image"]

FILES = {"clip": ".mp4", "poster": ".png", "seen": ".seen.png", "photo": ".photo.png"}
# A phone photo is a few MB; a file this large is refused before it is hashed or sent to a worker.
MAX_IMAGE_BYTES = 64 * 1024 * 1024


def read_image(student: Student) -> bytes:
    """The bytes of a student's image file, or a one-line error naming it."""
    try:
        size = student.image.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise NetcoreError(f"{student.image}: file is {size / 2**20:.0f} MB, more than {MAX_IMAGE_BYTES // 2**20} MB")
        return student.image.read_bytes()
    except FileNotFoundError:
        raise NetcoreError(f"{student.image}: file not found") from None
    except IsADirectoryError:
        raise NetcoreError(f"{student.image}: is a directory, not an image file") from None
    except OSError as exc:
        raise NetcoreError(f"{student.image}: cannot read ({exc.strerror or exc})") from None


def content_key(image: bytes, beats: tuple[str, ...], quality: str, theme: str, code_version: str, voice: str = "none") -> str:
    """What identifies a clip: the image's bytes, the chosen beats, quality, theme and voice, and the code."""
    digest = hashlib.sha256(image)
    digest.update(json.dumps([list(beats), quality, theme, code_version, voice]).encode())
    return digest.hexdigest()[:24]


class ClassFolder:
    """The batch's output folder."""

    def __init__(self, root: Path) -> None:
        if root.exists() and not root.is_dir():
            raise NetcoreError(f"{root}: exists and is not a folder")
        self.root = root
        self.clips = root / "clips"  # made by the first file written into it

    def finished(self, student: Student, key: str) -> dict[str, Any] | None:
        """The saved entry of this student's clip if it was made from the same inputs and code, else None."""
        try:
            entry = json.loads((self.clips / f"{student.slug}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if not all((self.root / str(entry.get(name, ""))).is_file() for name in FILES):
            return None
        return entry

    def save(self, student: Student, key: str, result: ClipResult) -> dict[str, Any]:
        """Write a made clip's files, the ``.json`` last; return its entry."""
        entry: dict[str, Any] = {}
        for name, suffix in FILES.items():
            path = self.clips / f"{student.slug}{suffix}"
            write_atomically(path, getattr(result, name))
            entry[name] = path.relative_to(self.root).as_posix()
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
        write_atomically(self.clips / f"{student.slug}.json", (json.dumps(entry, indent=1) + "\n").encode("utf-8"))
        return entry
