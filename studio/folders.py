"""Whole output folders written so that a failure never leaves a half-made one behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from netcore.errors import NetcoreError

__all__ = ["folder_made_atomically"]


@contextmanager
def folder_made_atomically(out: Path, marker: str) -> Iterator[Path]:
    """Yield an empty work folder beside ``out``; when the block succeeds, it becomes ``out``.

    The work folder sits in ``out``'s parent, so the final step is a rename.
    An existing ``out`` is replaced only if it is empty or was made by the
    same command (it holds ``marker``), so a mistyped ``--out`` never deletes
    someone's files. On failure the work folder is removed and ``out`` is untouched.
    """
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / marker).exists())):
        raise NetcoreError(f"{out} exists and is not a folder made by this command: choose another --out")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        finished = work / "finished"
        finished.mkdir()
        yield finished
        if out.exists():
            os.replace(out, work / "previous")  # set aside, removed with the work folder
        os.replace(finished, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
