"""Every scene builds and lays out its text for other networks and inputs, not only the shipped defaults.

Scenes are run in-process with animations skipped and no file written
(like Manim's frame tests), for the defaults in both themes, a ReLU network, a
wider one (784-32-10), one with no hidden layer (784-10), a network whose first
layer is dead, a user-chosen digit and neuron, and a student's image. At the end
of every step, no text or number lies outside the frame's margin and no two
texts overlap (kit.layout.text_problems). The control frames in test_frames.py
cover what they look like.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import LEFT, tempconfig

import kit.base
from conftest import scene_class
from kit.layout import text_problems
from netcore.network import Network
from storyboard.registry import BEATS

pytestmark = pytest.mark.render

SCENES = [scene_class(beat) for beat in BEATS]


def _dead_relu() -> Network:
    network = Network.random([784, 16, 16, 10], "relu", seed=5)
    network.biases[0][:] = -50.0  # every first-layer neuron is off for any digit
    return network


NETWORKS = {
    "relu": lambda: Network.random([784, 16, 16, 10], "relu", seed=3),
    "wide": lambda: Network.random([784, 32, 10], seed=4),
    "no-hidden": lambda: Network.random([784, 10], seed=6),
    "dead-relu": _dead_relu,
}


@pytest.fixture(scope="module")
def weights(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("weights")
    paths = {}
    for name, make in NETWORKS.items():
        paths[name] = folder / f"{name}.npz"
        make().save(paths[name])
    return paths


STUDENT_IMAGE = Path(__file__).parent / "data" / "student-seven.jpg"


def _build(scene_class: type, monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the scene, checking its text's layout at the end of every step."""
    problems: list[str] = []
    end_step = kit.base.ExplainerScene._end

    def checked_end(scene: kit.base.ExplainerScene) -> None:
        step = scene._open_step
        end_step(scene)
        if step is not None:
            problems.extend(f"{step[1].name}: {problem}" for problem in text_problems(scene.mobjects))

    monkeypatch.setattr(kit.base.ExplainerScene, "_end", checked_end)
    with tempconfig({"dry_run": True, "disable_caching": True, "quality": "low_quality", "verbosity": "ERROR"}):
        scene_class(skip_animations=True).render()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds_for_another_network(
    scene_class: type, network: str, weights: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NN_WEIGHTS", str(weights[network]))
    _build(scene_class, monkeypatch)


@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds_for_a_chosen_digit_and_neuron(scene_class: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_LABEL", "1")
    monkeypatch.setenv("NN_NEURON", "0")
    _build(scene_class, monkeypatch)


@pytest.mark.parametrize("choice", ["dark", "light", "image"])
@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_lays_out_its_text_by_default_in_both_themes_and_for_an_image(
    scene_class: type, choice: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if choice == "image":
        monkeypatch.setenv("NN_IMAGE", str(STUDENT_IMAGE))
    else:
        monkeypatch.setenv("NN_THEME", choice)
    _build(scene_class, monkeypatch)


def test_text_problems_finds_text_outside_the_margin_and_overlapping_text() -> None:
    from manim import Text, VGroup

    inside = Text("inside", font_size=20)
    assert text_problems([VGroup(inside)]) == []
    assert len(text_problems([Text("over", font_size=20), Text("lapping", font_size=20)])) == 1
    assert len(text_problems([Text("far away", font_size=20).shift(7 * LEFT)])) == 1
    assert text_problems([Text("faded", font_size=20).shift(7 * LEFT).set_opacity(0)]) == []
