"""Every change this project makes to Manim's internals, in one place, each checked against the Manim it was written for.

=========================== ============================================ ==========================================
patch                       replaces                                     why
=========================== ============================================ ==========================================
``painted-shapes``          ``Camera.display_vectorized``                :class:`kit.painting.Painted` shapes paint
                                                                         themselves (pictures as one image)
``shared-svg-paths``        ``VMobjectFromSVGPath.__deepcopy__``         copies of glyphs share their parsed path
                                                                         (:mod:`kit.copying`)
``frames-converted-once``   ``VideoSegmentEncoder.write_frame``          a held frame is converted to YUV once
                                                                         (:mod:`kit.encoding`)
``default-font``            ``Text.__init__`` (as ``Text.set_default``)   one installed font on every machine
=========================== ============================================ ==========================================

Each patch names the Manim internals its replacement relies on and the
Manim version it was written (and checked) for. :func:`install_patches`
refuses, with one line naming the patch, to install a patch on any other
Manim version, since a private method it calls may have changed meaning;
set ``EXPLAINER_ANY_MANIM=1`` to install them anyway (after checking the
internals each one names). The stock attributes are taken when the patches
are installed, not when this module is imported, and
:func:`uninstall_patches` puts them back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partialmethod
from importlib.metadata import version
from typing import Any

from manim import Text
from manim.camera.camera import Camera
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from kit.copying import deepcopy_sharing_path
from kit.encoding import write_frame_converting_once
from kit.painting import painting_display_vectorized
from kit.theme import FONT
from netcore.errors import NetcoreError, one_line

__all__ = ["ANY_MANIM", "PATCHES", "Patch", "check_manim_version", "install_patches", "install_patches_or_exit", "patches_installed", "uninstall_patches"]

ANY_MANIM = "EXPLAINER_ANY_MANIM"  # set to 1 to install the patches on a Manim they were not written for
_INHERITED = object()  # the owner had no attribute of its own: uninstalling deletes the patch's


@dataclass(frozen=True)
class Patch:
    """One change to a Manim class: ``owner.attribute`` becomes ``make(stock attribute)``."""

    name: str
    owner: type
    attribute: str
    make: Callable[[Any], Any]
    written_for: str  # the Manim version whose internals were read and checked
    relies_on: tuple[str, ...]  # the Manim internals the replacement uses or assumes

    @property
    def target(self) -> str:
        return f"{self.owner.__name__}.{self.attribute}"


PATCHES = (
    Patch("painted-shapes", Camera, "display_vectorized", painting_display_vectorized, "0.22.0",
          ("Camera.display_vectorized(vmobject, ctx) draws one VMobject on a Cairo context in scene units",
           "it fills and strokes with *_preserve, leaving the path set")),
    Patch("shared-svg-paths", VMobjectFromSVGPath, "__deepcopy__", lambda stock: deepcopy_sharing_path, "0.22.0",
          ("VMobjectFromSVGPath.path_obj is read only by generate_points, when the glyph is made",
           "VMobject.__deepcopy__(self, memo) copies through the memo")),
    Patch("frames-converted-once", VideoSegmentEncoder, "write_frame", lambda stock: write_frame_converting_once, "0.22.0",
          ("VideoSegmentEncoder._validate_frame, .spec.frame_rate, ._stream, ._next_pts, ._container, ._operation_error",
           "write_frame(pixels, *, repeat) encodes repeat frames at consecutive PTS")),
    Patch("default-font", Text, "__init__", lambda stock: partialmethod(stock, font=FONT), "0.22.0",
          ("Text.__init__ takes font=", "Mobject.set_default wraps __init__ in a partialmethod, as this does")),
)

_stock: dict[str, Any] = {}  # patch name -> the attribute it replaced, while it is installed


def check_manim_version(manim_version: str | None = None, env: Mapping[str, str] | None = None) -> None:
    """Refuse (one line naming the patch) patches written for another Manim, unless ``EXPLAINER_ANY_MANIM=1``."""
    manim_version = version("manim") if manim_version is None else manim_version
    env = os.environ if env is None else env
    if env.get(ANY_MANIM, "").strip() == "1":
        return
    for patch in PATCHES:
        if patch.written_for != manim_version:
            raise NetcoreError(
                f"the kit patch {patch.name} of Manim's {patch.target} was written for Manim {patch.written_for}, "
                f"not {manim_version}: check what it relies on (scenes/kit/patches.py), then set {ANY_MANIM}=1 to use it"
            )


def install_patches() -> None:
    """Install every patch (after :func:`check_manim_version`); installing twice changes nothing."""
    check_manim_version()
    for patch in PATCHES:
        if patch.name in _stock:
            continue
        stock = patch.owner.__dict__.get(patch.attribute, _INHERITED)
        _stock[patch.name] = stock
        setattr(patch.owner, patch.attribute, patch.make(getattr(patch.owner, patch.attribute)))


def install_patches_or_exit() -> None:
    """:func:`install_patches` for a scene's setup: a refusal is its one line on stderr and exit status 2."""
    try:
        install_patches()
    except NetcoreError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        raise SystemExit(2) from None


def _restore(patch: Patch) -> None:
    stock = _stock.pop(patch.name)
    if stock is _INHERITED:
        delattr(patch.owner, patch.attribute)
    else:
        setattr(patch.owner, patch.attribute, stock)


def uninstall_patches() -> None:
    """Give Manim back every attribute the patches replaced."""
    for patch in PATCHES:
        if patch.name in _stock:
            _restore(patch)


@contextmanager
def patches_installed() -> Iterator[None]:
    """The patches, installed for the block only (for tests); those installed before stay installed."""
    before = set(_stock)
    install_patches()
    try:
        yield
    finally:
        for patch in PATCHES:
            if patch.name in _stock and patch.name not in before:
                _restore(patch)
