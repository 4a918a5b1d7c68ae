"""The last frame of each opening beat, compared with a control frame by Manim's own helper.

Control frames live in tests/control_data/scenes/ (``__module_test__``).
Regenerate them on purpose with ``pytest tests/test_opening_frames.py --set_test``.
Each test also checks that nothing on screen at the end crosses the margins.
"""

from __future__ import annotations

import pytest
from manim import Scene
from manim.utils.testing.frames_comparison import frames_comparison

from kit.layout import fits
from opening import LayersTour, ManyThrees, NeuronHoldsANumber, WhenItFails

__module_test__ = "scenes"

pytestmark = pytest.mark.render


def finish(scene: Scene) -> None:
    """End on a still frame, then check that nothing crosses the margins.

    Manim's test helper draws its last frame from the last play's moving
    mobjects over a background that ``Scene.play`` has already dropped, so a
    scene ending on an animation would be compared as that animation alone.
    A final wait makes the compared frame the whole scene, as a viewer sees it.
    """
    scene.wait(1)
    outside = [type(m).__name__ for m in scene.mobjects if not fits(m)]
    assert not outside, f"drawn closer than the margin to the frame's edge: {outside}"


@frames_comparison(base_scene=ManyThrees)
def test_many_threes(scene: ManyThrees) -> None:
    ManyThrees.construct(scene)
    finish(scene)


@frames_comparison(base_scene=NeuronHoldsANumber)
def test_neuron_holds_a_number(scene: NeuronHoldsANumber) -> None:
    NeuronHoldsANumber.construct(scene)
    finish(scene)


@frames_comparison(base_scene=LayersTour)
def test_layers_tour(scene: LayersTour) -> None:
    LayersTour.construct(scene)
    finish(scene)


@frames_comparison(base_scene=WhenItFails)
def test_when_it_fails(scene: WhenItFails) -> None:
    WhenItFails.construct(scene)
    finish(scene)
