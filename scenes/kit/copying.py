"""Cheaper copies of text and formulas: their glyphs share the parsed SVG path instead of copying it.

Every glyph of a ``Text``, ``MathTex`` or ``Brace`` is a ``VMobjectFromSVGPath``
that keeps the ``svgelements`` path it was built from. Manim reads that path
once, in ``generate_points`` when the glyph is made, and never again, but
``Mobject.copy`` (a ``deepcopy``) copies its whole tree of segment objects
with every glyph: 0.8 ms a glyph against 0.014 ms for the same points in a
plain ``VMobject``. Animations copy their mobjects (``FadeIn``, ``FadeTransform``,
``.animate``), so in the matrix beat, whose matrices hold hundreds of glyphs,
copying took half the render. Sharing the path changes no point and no pixel.
"""

from __future__ import annotations

from manim import VMobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["deepcopy_sharing_path"]


def deepcopy_sharing_path(glyph: VMobjectFromSVGPath, memo: dict[int, object]) -> VMobjectFromSVGPath:
    """``VMobjectFromSVGPath.__deepcopy__`` as :mod:`kit.patches` installs it: ``VMobject``'s, sharing the parsed path."""
    memo.setdefault(id(glyph.path_obj), glyph.path_obj)  # deepcopy reuses what the memo holds
    return VMobject.__deepcopy__(glyph, memo)
