"""A class's students, read from a folder of images or a CSV file.

A folder: every image file in it (by extension, sorted by name) is one
student, named after the file. A CSV file: a header row with ``path`` and
optionally ``name`` and ``label`` columns; relative paths are relative to the
CSV's folder. Each student gets a ``slug``, a file-name-safe identifier unique
in the class, which names their files in the output folder.

A roster that cannot be read (no such folder, no image in it, a CSV without a
``path`` column, a label that is not a digit) is one :class:`NetcoreError`:
nothing is rendered. A student whose image is missing or bad is not a roster
error; that student's clip fails alone.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from netcore.errors import NetcoreError
from netcore.files import read_regular_file

__all__ = ["IMAGE_SUFFIXES", "Student", "read_roster"]

# The suffixes of the still formats netcore.preprocess reads; other files in a folder are ignored.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
MAX_ROSTER_BYTES = 16 * 2**20  # a roster of 100,000 students is a few MB


@dataclass(frozen=True)
class Student:
    """One student: their image, the name shown in the gallery, the true digit if known."""

    slug: str
    name: str
    image: Path
    label: int | None = None


def read_roster(source: Path) -> list[Student]:
    """The students listed by a folder of images or a CSV file, in order."""
    if source.is_dir():
        rows = [(path, path.stem, None) for path in sorted(source.iterdir()) if _is_image_file(path)]
        if not rows:
            raise NetcoreError(f"{source}: no image files in this folder ({', '.join(IMAGE_SUFFIXES)})")
    elif os.path.lexists(source):
        rows = _csv_rows(source)
    else:
        raise NetcoreError(f"{source}: no such folder or CSV file")
    slugs = _unique_slugs([_slug(name) for _, name, _ in rows])
    return [Student(slug, name, image, label) for slug, (image, name, label) in zip(slugs, rows)]


def _is_image_file(path: Path) -> bool:
    # Regular files only (links to them too): a FIFO or device named *.png is never opened.
    return path.suffix.lower() in IMAGE_SUFFIXES and not path.name.startswith(".") and path.is_file()


def _csv_rows(source: Path) -> list[tuple[Path, str, int | None]]:
    try:
        text = read_regular_file(source, MAX_ROSTER_BYTES).decode("utf-8-sig")  # -sig: spreadsheets write a BOM
        if "\0" in text:
            line = text.count("\n", 0, text.index("\0")) + 1
            raise NetcoreError(f"{source}, line {line}: holds a NUL byte, which no file name can")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "path" not in fields:
            raise NetcoreError(f"{source}: a roster CSV needs a header row with a 'path' column (and optionally 'name', 'label')")
        rows = []
        for line, row in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if isinstance(v, str) or v is None}
            if not row.get("path"):
                raise NetcoreError(f"{source}, line {line}: the 'path' column is empty")
            image = Path(row["path"]).expanduser()
            image = image if image.is_absolute() else source.parent / image
            rows.append((image, row.get("name") or image.stem, _label(row.get("label", ""), source, line)))
    except UnicodeDecodeError:
        raise NetcoreError(f"{source}: not a UTF-8 text file; give a folder of images or a CSV roster") from None
    except csv.Error as exc:
        raise NetcoreError(f"{source}: cannot read as CSV ({exc})") from None
    if not rows:
        raise NetcoreError(f"{source}: the roster lists no students")
    return rows


def _label(text: str, source: Path, line: int) -> int | None:
    if not text:
        return None
    if text not in tuple("0123456789"):
        raise NetcoreError(f"{source}, line {line}: label must be one digit 0-9 or empty, not {text!r}")
    return int(text)


def _slug(name: str) -> str:
    """A file-name-safe form of ``name``: letters, digits, '-' and '_' only."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    return slug[:60] or "student"


def _unique_slugs(slugs: list[str]) -> list[str]:
    """``slugs`` made unique, case-insensitively (such file systems exist): a repeat gets -2, -3, ...

    Linear in the number of names: each base remembers the last number it
    gave, so 10,000 equal names do not each search from -2 again.
    """
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    unique = []
    for slug in slugs:
        candidate, base = slug, slug.lower()
        if base in taken:
            n = next_number.get(base, 2)
            while f"{base}-{n}" in taken:
                n += 1
            next_number[base] = n + 1
            candidate = f"{slug}-{n}"
        taken.add(candidate.lower())
        unique.append(candidate)
    return unique
