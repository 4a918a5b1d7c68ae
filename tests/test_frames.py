"""The frame at the end of every scene's last step, compared with control frames by Manim's own helper.

Control frames live in tests/control_data/scenes/. Regenerate them on purpose
with ``pytest tests/test_frames.py --set_test``; ``--show_diff`` shows a
failing frame's difference.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from manim import Scene
from manim.utils.testing.frames_comparison import frames_comparison

from conftest import scene_class, snake_case
from storyboard.registry import BEATS, beat_named

__module_test__ = "scenes"

# A 7 from the shipped sample, drawn large in dark ink on light paper and saved as JPEG.
STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"

pytestmark = pytest.mark.render


def _frame_test(scene_type: type):
    """A test of ``scene_type``'s last frame, named (like its control frame) after the scene."""

    def test(scene) -> None:  # Manim's helper passes the scene by this name
        scene_type.play_steps(scene)  # the last step's frame, before the closing fade

    test.__name__ = f"test_{snake_case(scene_type.__name__)}"
    return frames_comparison(base_scene=scene_type)(test)


# One test per beat of the registry, test_forward_pass, test_weights_as_picture, ...
for _beat in BEATS:
    _test = _frame_test(scene_class(_beat))
    globals()[_test.__name__] = _test

ForwardPass = scene_class(beat_named("forward"))


@pytest.fixture
def light_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_THEME", "light")


@pytest.fixture
def student_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_IMAGE", str(STUDENT_DIGIT))


@pytest.mark.usefixtures("light_theme")
@frames_comparison(base_scene=ForwardPass)
def test_forward_pass_light(scene: ForwardPass) -> None:
    ForwardPass.play_steps(scene)


@pytest.mark.usefixtures("student_digit")
@frames_comparison(base_scene=ForwardPass)
def test_forward_pass_student_digit(scene: ForwardPass) -> None:
    ForwardPass.play_steps(scene)


IncludeBias = scene_class(beat_named("neuron-bias"))


@frames_comparison(base_scene=IncludeBias)
def test_include_bias_after_its_bias_step(scene: IncludeBias) -> None:
    """The moment the y-axis line once vanished (its numbers brought to the front took it apart)."""
    for step in ("sum", "bias"):
        getattr(IncludeBias, f"step_{step}")(scene)


@pytest.mark.usefixtures("student_digit")
@frames_comparison(base_scene=ForwardPass)
def test_forward_pass_student_photo_step(scene: ForwardPass) -> None:
    """The student's photo beside the 28x28 input the network saw, and the preprocessing steps between them."""
    ForwardPass.step_digit(scene)


WhatItLearned = scene_class(beat_named("what-it-learned"))


@pytest.mark.usefixtures("light_theme")
@frames_comparison(base_scene=WhatItLearned)
def test_what_it_learned_light(scene: WhatItLearned) -> None:
    """Sixteen signed weight pictures on light paper."""
    WhatItLearned.play_steps(scene)


CountParameters = scene_class(beat_named("parameter-count"))


@frames_comparison(base_scene=CountParameters)
def test_every_beat_ends_faded_to_black(scene: CountParameters) -> None:
    """The whole beat, closing fade included: its last frame is the bare background."""
    CountParameters.construct(scene)


# The slides variant, drawn but not saved as slides (no movie files are written in frame tests;
# saving is tested with the lesson in test_lesson_browser.py).
IncludeBiasSlides = type(
    "IncludeBiasSlides", (importlib.import_module("slides").IncludeBiasSlides,), {"render": Scene.render}
)


@frames_comparison(base_scene=IncludeBiasSlides)
def test_slide_steps(scene: IncludeBiasSlides) -> None:
    """A beat played as slides (scenes/slides.py, SlideSteps) draws what its scene draws."""
    IncludeBiasSlides.play_steps(scene)
    assert scene.renderer.get_frame().tobytes() == _control_frame("include_bias").tobytes()


def _control_frame(name: str):
    """The checked-in last frame of the test named ``test_<name>``."""
    return np.load(Path(__file__).parent / "control_data" / "scenes" / f"{name}.npz")["frame_data"][0]
