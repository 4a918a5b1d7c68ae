"""Layout and pacing constants every scene shares, in scene units and seconds."""

from __future__ import annotations

from collections.abc import Iterable

from manim import Code, Mobject, Paragraph, SingleStringMathTex, Text, config

__all__ = ["CORNER_BUFF", "MARGIN", "RIGHT_EDGE", "LEFT_EDGE", "TOP_EDGE", "BOTTOM_EDGE", "fits", "text_problems", "texts_in"]

# Nothing is drawn closer than this to the frame's edge (about 34 px at 480p).
MARGIN = 0.5
# Small tags in a corner (the "Your own digit" note) may sit closer.
CORNER_BUFF = 0.15
RIGHT_EDGE = config.frame_x_radius - MARGIN
LEFT_EDGE = -RIGHT_EDGE
TOP_EDGE = config.frame_y_radius - MARGIN
BOTTOM_EDGE = -TOP_EDGE


def fits(mobject) -> bool:
    """True when ``mobject`` lies inside the margins."""
    return (
        mobject.get_left()[0] >= LEFT_EDGE - 1e-6
        and mobject.get_right()[0] <= RIGHT_EDGE + 1e-6
        and mobject.get_bottom()[1] >= BOTTOM_EDGE - 1e-6
        and mobject.get_top()[1] <= TOP_EDGE + 1e-6
    )


# What a viewer reads: a text, a formula (its pieces together) or a code listing.
_TEXTS = (Text, SingleStringMathTex, Paragraph, Code)
# Overlaps smaller than this (scene units, under a pixel at 480p) are glyphs' edges touching.
_TOUCH = 0.01


def _visible(mobject: Mobject) -> bool:
    return any(m.get_fill_opacity() > 0.05 or m.get_stroke_opacity() > 0.05 for m in mobject.family_members_with_points())


def texts_in(mobjects: Iterable[Mobject]) -> list[Mobject]:
    """The visible texts, formulas and code listings among ``mobjects`` and their parts (a formula counts once)."""
    found: list[Mobject] = []

    def walk(mobject: Mobject) -> None:
        if isinstance(mobject, _TEXTS):
            if mobject.family_members_with_points() and _visible(mobject):
                found.append(mobject)
            return
        for part in mobject.submobjects:
            walk(part)

    for mobject in mobjects:
        walk(mobject)
    return found


def _name(mobject: Mobject) -> str:
    text = getattr(mobject, "text", None) or getattr(mobject, "tex_string", None) or type(mobject).__name__
    return repr(text[:40])


def _overlap(a: Mobject, b: Mobject) -> bool:
    return (
        a.get_left()[0] < b.get_right()[0] - _TOUCH
        and b.get_left()[0] < a.get_right()[0] - _TOUCH
        and a.get_bottom()[1] < b.get_top()[1] - _TOUCH
        and b.get_bottom()[1] < a.get_top()[1] - _TOUCH
    )


def text_problems(mobjects: Iterable[Mobject]) -> list[str]:
    """What is wrong with the layout of the texts among ``mobjects``: each text outside the margins
    (the corner tag "Your own digit" may sit in the corner, closer), each pair of overlapping texts."""
    texts = texts_in(mobjects)
    problems = []
    for text in texts:
        corner_tag = getattr(text, "text", "") == "Yourowndigit"  # Text keeps its text without spaces
        if not corner_tag and not fits(text):
            problems.append(f"{_name(text)} lies outside the margin")
    for i, a in enumerate(texts):
        problems += [f"{_name(a)} overlaps {_name(b)}" for b in texts[i + 1 :] if _overlap(a, b)]
    return problems
