"""A private copy of Manim's text and TeX caches for each render, so that renders can share a media folder.

Manim caches the SVG files Pango and LaTeX make (``<media>/texts``,
``<media>/Tex``) under a hash of their content, but it writes them in place,
and after each LaTeX run it deletes every file of the folder but the ``.svg``
and ``.tex`` ones. Two renders into one media folder with a cold cache
therefore read each other's half-written files or lose their ``.dvi`` files
midway (Manim's FileNotFoundError on ``texts/….svg``).

So each render works in private folders of its own beside the shared ones
(``<media>/.cache-Tex-…``; not inside them, where Manim's clean-up would try
to delete a folder as a file), seeded with hard links to the shared SVGs (no
copying: 1,100 links take 25 ms), and, when its scene has been built,
publishes the SVGs it made by renaming them into the shared folders. A
rename is atomic and two renders making the same file make the same bytes,
so whichever lands last is right. A render that fails publishes nothing: a
file it was writing may be half made.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import tempfile
from pathlib import Path

from manim import config

from netcore.processes import has_ended

__all__ = ["CACHE_KEYS", "publish_private_caches", "use_private_caches"]

CACHE_KEYS = ("text_dir", "tex_dir")
_PREFIX = ".cache-"
_OWNER = re.compile(r"\.cache-[^-]+-(?P<pid>\d+)@(?P<host>.+)-[^-]+")  # .cache-Tex-<pid>@<host>-<random>
# Private folder -> the shared folder it stands in for, for every private folder this process made.
_PRIVATE: dict[Path, Path] = {}


def _owner_gone(folder: Path) -> bool:
    """True for a private folder whose render (named in the folder's name) no longer runs on this machine."""
    owner = _OWNER.fullmatch(folder.name)
    return owner is not None and has_ended(owner["host"], int(owner["pid"]))


def _seeded_private_folder(shared: Path) -> Path:
    shared.mkdir(parents=True, exist_ok=True)
    # A render killed outright (SIGKILL) could not remove its folders: the next render does.
    for stale in shared.parent.glob(f"{_PREFIX}{shared.name}-*"):
        if stale.is_dir() and not stale.is_symlink() and _owner_gone(stale):
            shutil.rmtree(stale, ignore_errors=True)
    # The owner goes in the name: Manim's clean-up after LaTeX deletes any other file in the folder.
    owner = f"{os.getpid()}@{socket.gethostname()}-"
    private = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{shared.name}-{owner}", dir=shared.parent))
    for svg in shared.glob("*.svg"):
        try:
            os.link(svg, private / svg.name)
        except OSError:  # removed meanwhile, or links unsupported: Manim will make it again
            pass
    return private


def use_private_caches() -> None:
    """Point Manim's text and TeX caches at private folders seeded from the shared ones.

    Manim restores its configuration after each scene, so each scene of a
    render calls this again; a cache already private is left as it is.
    """
    for key in CACHE_KEYS:
        current = config.get_dir(key)
        if current in _PRIVATE:
            continue
        private = _seeded_private_folder(current)
        _PRIVATE[private] = current
        setattr(config, key, str(private))


def publish_private_caches() -> None:
    """Move the SVGs this render made into the shared caches and remove the private folders."""
    for private, shared in list(_PRIVATE.items()):
        for svg in private.glob("*.svg"):
            if not (shared / svg.name).exists():
                os.replace(svg, shared / svg.name)
        _remove(private)


def _remove(private: Path) -> None:
    shutil.rmtree(private, ignore_errors=True)
    _PRIVATE.pop(private, None)


@atexit.register
def _remove_unpublished() -> None:
    for private in list(_PRIVATE):
        _remove(private)
