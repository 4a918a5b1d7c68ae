"""One pure function per scene: (network, digit, choices) -> a JSON-able record.

A scene draws exactly the record its function returns, so reviewers can test
what a viewer sees without rendering anything.
"""

from __future__ import annotations

from typing import Any, Callable

from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.scenedata.common import FORMAT_VERSION, to_json
from netcore.scenedata.forward import forward_data
from netcore.scenedata.matrix import matrix_data
from netcore.scenedata.neuron import NEURON_SCENES

__all__ = ["FORMAT_VERSION", "SCENES", "scene_data", "to_json"]

# Scene name (as on the command line) -> the function that computes its data.
SCENES: dict[str, Callable[[SceneInputs], dict[str, Any]]] = {
    "forward": forward_data,
    "matrix": matrix_data,
    **NEURON_SCENES,
}


def scene_data(scene: str, inputs: SceneInputs) -> dict[str, Any]:
    """The data record of ``scene`` for ``inputs``."""
    if scene not in SCENES:
        raise NetcoreError(f"unknown scene {scene!r} (choose from {', '.join(sorted(SCENES))})")
    return SCENES[scene](inputs)
