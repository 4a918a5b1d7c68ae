"""Shapes that paint themselves, and the fades and veils that keep frames cheap (scenes/kit/painting.py and friends).

Each test draws with Manim's own Cairo camera at a small size and reads the
pixels back: what the cheap drawing shows must be what Manim's drawing of
the same thing shows.
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import LEFT, RIGHT, WHITE, Line, Scene, Square, Text, VGroup, tempconfig
from manim.camera.camera import Camera

from kit.images import Tally
from kit.motion import LaggedFadeIn, SnapshotFade, Unveil, Veil, Wipe
from kit.network import LineBundle
from kit.patches import patches_installed
from kit.raster import Raster
from kit.snapshot import Snapshot
from kit.theme import theme_named

THEME = theme_named("dark")
SMALL = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 15}


@pytest.fixture(autouse=True)
def painted_shapes():
    with patches_installed(), tempconfig(SMALL):
        yield


def _frame(*mobjects) -> np.ndarray:
    """RGB of a 320 x 180 frame of ``mobjects`` over black, drawn by Manim's camera."""
    camera = Camera()
    camera.capture_mobjects(list(mobjects))
    return camera.pixel_array[..., :3].astype(int)


def _pixel(frame: np.ndarray, point) -> np.ndarray:
    """The frame's pixel at a scene point (frame 14.2 x 8 units, 320 x 180 pixels)."""
    x, y = point[0], point[1]
    col = int((x + 64 / 9) * 320 / (128 / 9))
    row = int((4 - y) * 180 / 8)
    return frame[row, col]


def test_a_raster_shows_its_pixels_where_its_corners_are() -> None:
    rgba = np.zeros((2, 2, 4))
    rgba[0, 0] = (1, 0, 0, 1)  # top left red
    rgba[1, 1] = (0, 0, 1, 1)  # bottom right blue; the others transparent
    raster = Raster(rgba, width=4).shift(RIGHT)
    frame = _frame(raster)
    assert list(_pixel(frame, (0, 1))) == [255, 0, 0]
    assert list(_pixel(frame, (2, -1))) == [0, 0, 255]
    assert list(_pixel(frame, (2, 1))) == [0, 0, 0]
    assert list(_pixel(frame, (-1.5, 0))) == [0, 0, 0]  # outside its corners
    assert 120 < _pixel(_frame(raster.set_opacity(0.5)), (0, 1))[0] < 135


def test_a_line_bundle_looks_like_its_lines() -> None:
    lines = [Line(LEFT * 3 + np.array([0, y, 0]), RIGHT * 3 + np.array([0, -y, 0])) for y in (-1.0, 0.0, 1.0)]
    for line in lines:
        line.set_stroke(WHITE, width=4, opacity=0.8)
    bundle = LineBundle([line.points for line in lines], WHITE, 4, 0.8)
    drawn = _frame(bundle)
    assert drawn.max() > 150  # straight line_to strokes against Manim's cubic curves: a level or two apart
    assert np.abs(drawn - _frame(*lines)).max() <= 4


def test_a_snapshot_draws_what_its_subject_draws_and_moves_with_it() -> None:
    subject = VGroup(Text("3 0.28", font_size=40), Square(1.5).set_stroke(THEME.highlight, 3))
    direct = _frame(subject)
    snapshot = Snapshot(subject)
    assert np.abs(_frame(snapshot) - direct).max() <= 2
    half = _frame(snapshot.set_fill(opacity=0.5))
    assert np.abs(half - direct / 2).max() <= 2
    moved = _frame(snapshot.set_fill(opacity=1).shift(RIGHT * 2))
    assert np.abs(moved - _frame(subject.copy().shift(RIGHT * 2))).max() <= 40  # resampled at a fraction of a pixel
    assert direct[:, 140:180].max() > 200 and moved[:, 140:180].max() < 20  # gone from where it was


def test_a_tally_fades_in_square_by_square() -> None:
    tally = Tally([WHITE] * 10, columns=10, pitch=1.0).move_to([0, 0, 0])
    assert tally.items.max() == 9 and (tally.items == -1).any()  # gaps between the squares
    fade = LaggedFadeIn(tally, tally.items, lag_ratio=0.5)
    fade.begin()
    fade.interpolate(0.5)
    first, last = (_pixel(_frame(tally), (x, 0)) for x in (-4.5, 4.5))
    assert first[0] > 200 and last[0] < 10
    fade.interpolate(1.0)
    assert _pixel(_frame(tally), (4.5, 0))[0] == 255


class _Shown(Scene):
    def construct(self) -> None:
        self.text = Text("hello", font_size=40).shift(LEFT * 3)
        self.other = Square(1).shift(RIGHT * 3)
        self.add(self.other)
        self.play(Unveil(self.text, THEME), run_time=0.2)
        self.after_unveil = list(self.mobjects)
        self.play(Veil(VGroup(self.text), THEME), run_time=0.2)


def test_a_veil_shows_or_hides_what_is_under_it_and_leaves_nothing_behind(tmp_path) -> None:
    with tempconfig({"media_dir": str(tmp_path), "dry_run": True}):
        scene = _Shown()
        scene.render()
    assert scene.text in scene.after_unveil and len(scene.after_unveil) == 2  # no veil left
    assert scene.mobjects == [scene.other]  # hidden and removed, parts added one by one included


class _Faded(Scene):
    def construct(self) -> None:
        self.text = Text("0.97", font_size=40)
        self.play(SnapshotFade(self.text, shift=RIGHT), run_time=0.2)
        self.shown = list(self.mobjects)
        self.play(SnapshotFade(self.text, out=True), run_time=0.2)


def test_a_snapshot_fade_in_leaves_the_mobject_itself_and_a_fade_out_nothing(tmp_path) -> None:
    with tempconfig({"media_dir": str(tmp_path), "dry_run": True}):
        scene = _Faded()
        scene.render()
    assert scene.shown == [scene.text]
    assert scene.mobjects == []


def test_a_wipe_uncovers_from_left_to_right() -> None:
    lines = VGroup(*(Line([-4, y, 0], [4, -y, 0]).set_stroke(WHITE, 20) for y in (-0.5, 0.5)))
    wipe = Wipe(lines, THEME)
    wipe.begin()
    wipe.interpolate(0.5)
    frame = _frame(lines, wipe.mobject)
    assert _pixel(frame, (-3.0, 0.375)).max() > 200  # uncovered: the line shows
    assert _pixel(frame, (3.0, -0.375)).max() == 0  # still under the veil, in the background's colour
