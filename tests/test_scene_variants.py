"""Every scene builds for other networks and inputs, not only the shipped defaults.

Scenes are run in-process with animations skipped and no file written
(like Manim's frame tests), for a ReLU network, a wider one (784-32-10), one
with no hidden layer (784-10), a user-chosen neuron, and a network whose
first layer is dead. The control frames in test_frames.py cover what they look like.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from manim import tempconfig

from conftest import scene_class
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


def _build(scene_class: type) -> None:
    with tempconfig({"dry_run": True, "disable_caching": True, "quality": "low_quality"}):
        scene_class(skip_animations=True).render()


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds_for_another_network(
    scene_class: type, network: str, weights: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NN_WEIGHTS", str(weights[network]))
    _build(scene_class)


@pytest.mark.parametrize("scene_class", SCENES, ids=lambda c: c.__name__)
def test_scene_builds_for_a_chosen_digit_and_neuron(scene_class: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_LABEL", "1")
    monkeypatch.setenv("NN_NEURON", "0")
    _build(scene_class)
