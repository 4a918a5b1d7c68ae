"""kit.motion's fades and moves, step by step without rendering: Fade, Glide, FadeTransform, SnapshotGlide.

Each animation is driven as Manim's scene drives it (``_setup_scene``,
``begin``, ``interpolate``, ``finish``, ``clean_up_from_scene``) and the
mobjects are read at each step; control frames only show the last picture.
"""

from __future__ import annotations

import manim
import numpy as np
import pytest
from manim import RIGHT, UP, Circle, Scene, Square, VGroup, linear, smooth, tempconfig

from kit.motion import Fade, FadeTransform, Glide, SnapshotGlide
from kit.patches import patches_installed
from kit.snapshot import Snapshot

SMALL = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 15}


@pytest.fixture(autouse=True)
def small_frames():
    with patches_installed(), tempconfig(SMALL):
        yield


def _shape() -> VGroup:
    """Two parts with different fill and stroke opacities."""
    return VGroup(Square().set_fill(opacity=0.8).set_stroke(opacity=1.0), Circle().set_fill(opacity=0.4).set_stroke(opacity=0.5))


def _opacities(mobject) -> list[float]:
    """Each part's fill, then stroke opacity."""
    return [float(value) for p in mobject for value in (p.fill_rgbas[0, 3], p.stroke_rgbas[0, 3])]


@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 1.0])
def test_fade_in_scales_every_opacity_in_place(alpha: float) -> None:
    shape = _shape()
    fade = Fade(shape)
    fade.begin()
    assert fade.starting_mobject is shape  # nothing copied
    fade.interpolate(alpha)
    k = smooth(alpha)
    assert _opacities(shape) == pytest.approx([0.8 * k, 1.0 * k, 0.4 * k, 0.5 * k])


def test_fade_out_removes_the_mobject_and_gives_its_opacities_back() -> None:
    scene = Scene()
    shape = _shape()
    scene.add(shape)
    fade = Fade(shape, out=True, rate_func=linear)
    fade.begin()
    fade.interpolate(0.75)
    assert _opacities(shape) == pytest.approx([0.2, 0.25, 0.1, 0.125])
    fade.finish()
    assert _opacities(shape) == pytest.approx([0, 0, 0, 0])
    fade.clean_up_from_scene(scene)
    assert shape not in scene.mobjects
    assert _opacities(shape) == pytest.approx([0.8, 1.0, 0.4, 0.5])  # ready to be shown again


@pytest.mark.parametrize(("alpha", "rate_func"), [(0.0, linear), (0.5, linear), (0.5, smooth), (1.0, smooth)])
def test_glide_moves_the_centre_in_a_straight_line_without_copying(alpha: float, rate_func) -> None:
    shape = _shape().shift(UP)
    width, end = shape.width, np.array([3.0, -1.0, 0.0])
    glide = Glide(shape, end, rate_func=rate_func)
    glide.begin()
    assert glide.starting_mobject is shape  # nothing copied
    glide.interpolate(alpha)
    start = np.array([0.0, 1.0, 0.0])
    assert shape.get_center() == pytest.approx(start + (end - start) * rate_func(alpha))
    assert shape.width == pytest.approx(width)


@pytest.mark.parametrize("kind", [FadeTransform, manim.FadeTransform])
def test_a_fade_transform_waiting_its_turn_shows_only_its_source(kind) -> None:
    source = Square().set_fill(opacity=1)
    target = Circle().shift(RIGHT * 3).set_fill(opacity=1)
    transform = kind(source, target)
    transform.begin()  # as a LaggedStart begins every animation before their turns come
    shown = [p for p in transform.mobject.get_family() if len(p.points)]
    opacities = [float(p.get_fill_opacity()) for p in shown]
    if kind is FadeTransform:
        assert opacities == [1.0, 0.0]  # the target invisible, over the source
        assert shown[1].get_center() == pytest.approx(source.get_center())
    else:  # Manim's own shows the target at full strength in its final place: why kit has its own
        assert opacities == [1.0, 1.0] and shown[1].get_center() == pytest.approx(target.get_center())


def test_a_fade_transform_ends_as_its_target() -> None:
    source = Square().set_fill(opacity=1)
    target = Circle().shift(RIGHT * 3).set_fill(opacity=1)
    transform = FadeTransform(source, target)
    transform.begin()
    transform.finish()
    shown = [p for p in transform.mobject.get_family() if len(p.points)]
    assert [float(p.get_fill_opacity()) for p in shown] == [0.0, 1.0]
    assert shown[1].get_center() == pytest.approx(target.get_center())


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0])
def test_snapshot_glide_moves_one_image_and_leaves_the_mobject_moved(alpha: float) -> None:
    scene = Scene()
    parts = [Square(0.5).shift(UP), Circle(0.3)]
    subject = VGroup(*parts)
    scene.add(*parts)  # added one by one, as scenes often do
    end = np.array([2.0, -1.0, 0.0])
    start = subject.get_center().copy()
    glide = SnapshotGlide(subject, end, rate_func=linear)
    glide._setup_scene(scene)
    assert isinstance(glide.mobject, Snapshot) and glide.mobject in scene.mobjects
    assert not any(part in scene.mobjects for part in parts)  # drawn as one image while it moves
    glide.begin()
    glide.interpolate(alpha)
    assert glide.mobject.get_center() == pytest.approx(start + (end - start) * alpha)
    assert subject.get_center() == pytest.approx(start)  # the shapes themselves wait
    glide.finish()
    glide.clean_up_from_scene(scene)
    assert glide.mobject not in scene.mobjects and subject in scene.mobjects
    assert subject.get_center() == pytest.approx(end)
