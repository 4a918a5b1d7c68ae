"""The last frame of every scene, compared with control frames by Manim's own helper.

Control frames live in tests/control_data/scenes/. Regenerate them on purpose
with ``pytest tests/test_frames.py --set_test``; ``--show_diff`` shows a
failing frame's difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from forward import ForwardPass
from matrix import MatrixVectorForm
from neuron import CountParameters, IncludeBias, SquishWithSigmoid, WeightsAsPicture

__module_test__ = "scenes"

# A 7 from the shipped sample, drawn large in dark ink on light paper and saved as JPEG.
STUDENT_DIGIT = Path(__file__).parent / "data" / "student-seven.jpg"

pytestmark = pytest.mark.render


@frames_comparison(base_scene=ForwardPass)
def test_forward_pass(scene: ForwardPass) -> None:
    ForwardPass.construct(scene)


@frames_comparison(base_scene=WeightsAsPicture)
def test_weights_as_picture(scene: WeightsAsPicture) -> None:
    WeightsAsPicture.construct(scene)


@frames_comparison(base_scene=SquishWithSigmoid)
def test_squish_with_sigmoid(scene: SquishWithSigmoid) -> None:
    SquishWithSigmoid.construct(scene)


@frames_comparison(base_scene=IncludeBias)
def test_include_bias(scene: IncludeBias) -> None:
    IncludeBias.construct(scene)


@frames_comparison(base_scene=CountParameters)
def test_count_parameters(scene: CountParameters) -> None:
    CountParameters.construct(scene)


@frames_comparison(base_scene=MatrixVectorForm)
def test_matrix_vector_form(scene: MatrixVectorForm) -> None:
    MatrixVectorForm.construct(scene)


@pytest.fixture
def light_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_THEME", "light")


@pytest.fixture
def student_digit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_IMAGE", str(STUDENT_DIGIT))


@pytest.mark.usefixtures("light_theme")
@frames_comparison(base_scene=ForwardPass)
def test_forward_pass_light(scene: ForwardPass) -> None:
    ForwardPass.construct(scene)


@pytest.mark.usefixtures("student_digit")
@frames_comparison(base_scene=ForwardPass)
def test_forward_pass_student_digit(scene: ForwardPass) -> None:
    ForwardPass.construct(scene)
