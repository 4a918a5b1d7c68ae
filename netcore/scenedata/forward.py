"""Data of the forward-pass clip: a digit's pixels flow through every layer."""

from __future__ import annotations

from typing import Any

import numpy as np

from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.scenedata.common import header, magnitude, two_decimals, verdict

__all__ = ["MAX_SHOWN", "forward_data", "shown_neurons"]

# A column taller than this cannot be read at 480p; the rest is elided with an ellipsis.
MAX_SHOWN = 16


def shown_neurons(network: Network, pixels: np.ndarray, max_shown: int = MAX_SHOWN) -> list[list[int]]:
    """Which neurons of each layer are drawn, as sorted indices.

    Layers that fit are shown whole. For the input layer, the shown pixels are
    those that move the first hidden layer most for this digit: the largest
    ``a_p * sum_j |W1[j, p]|``, ties (say, too few ink pixels) broken by the
    weights alone. So the column shows pixels the network actually reads,
    not always-dark corners. A hidden or output layer too tall to draw keeps
    its first and last neurons, with the middle elided.
    """
    shown = []
    for layer, size in enumerate(network.sizes):
        if size <= max_shown:
            shown.append(list(range(size)))
        elif layer == 0:
            influence = np.abs(network.weights[0]).sum(axis=0)
            # lexsort sorts by the last key first; the pixel index makes the order total.
            order = np.lexsort((np.arange(size), -influence, -pixels * influence))
            shown.append(sorted(order[:max_shown].tolist()))
        else:
            half = max_shown // 2
            shown.append(list(range(half)) + list(range(size - (max_shown - half), size)))
    return shown


def _brightness(activations: np.ndarray, bounded: bool) -> np.ndarray:
    """How bright each neuron is drawn: its activation when that lies in [0, 1]
    (pixels, sigmoid), else relative to the layer's largest (ReLU is unbounded)."""
    return activations if bounded else magnitude(activations)


def forward_data(inputs: SceneInputs) -> dict[str, Any]:
    """Every number and choice the forward clip shows, for the given network and digit."""
    network, digit = inputs.network, inputs.digit
    pixels = digit.pixels.reshape(-1)
    trace = network.forward(pixels)
    shown = shown_neurons(network, pixels)
    side = digit.pixels.shape[1]
    names = ["input"] + [f"hidden {i}" for i in range(1, len(network.sizes) - 1)] + ["output"]
    layers = []
    for layer, indices in enumerate(shown):
        a = trace.activations[layer]
        record: dict[str, Any] = {
            "name": names[layer],
            "size": network.sizes[layer],
            "shown": indices,
            "activations": a[indices],
            "brightness": _brightness(a[indices], layer == 0 or network.layer_activation(layer).name == "sigmoid"),
        }
        if layer == 0:
            record["pixels"] = [{"index": p, "row": p // side, "col": p % side} for p in indices]
        else:
            record["z"] = trace.zs[layer - 1][indices]
            record["bias"] = network.biases[layer - 1][indices]
        layers.append(record)
    edges = []
    for layer in range(1, len(shown)):
        w = network.weights[layer - 1][np.ix_(shown[layer], shown[layer - 1])]  # (to, from)
        contribution = w * trace.activations[layer - 1][shown[layer - 1]]
        edges.append(
            {
                "weights": w,
                "weight_strength": magnitude(w),
                "contributions": contribution,
                "contribution_strength": magnitude(contribution),
            }
        )
    output = trace.output
    prediction = trace.prediction
    correct = None if digit.label is None else prediction == digit.label
    return {
        **header("forward", inputs),
        "pixels": digit.pixels,
        "layers": layers,
        "edges": edges,
        "output_labels": [str(k) for k in range(len(output))],
        "output_values": [two_decimals(v) for v in output],
        "export_only": ["layers[].activations", "layers[].z", "layers[].bias", "edges[].contributions", "prediction.activation"],
        "prediction": {"digit": prediction, "activation": output[prediction], "label": digit.label, "correct": correct},
        "text": {
            **_text(digit.origin, digit.label, network.sizes, prediction, digit.is_user_image),
            "input_note": _input_note(len(shown[0]), network.sizes[0]),
        },
    }


def _input_note(shown: int, size: int) -> str:
    """What the input column hides, said on screen."""
    if shown == size:
        return f"all {size} pixels"
    return f"{shown} of {size} pixels shown, the ones\nthat count most for this digit"


def _text(origin: str, label: int | None, sizes: list[int], prediction: int, user: bool) -> dict[str, str]:
    """The words on screen and in the subtitles (the same whatever the theme)."""
    side = int(round(np.sqrt(sizes[0])))
    title = "Your digit" if user else f"A handwritten {label}"
    answer = verdict(prediction, label)
    hidden = " and ".join(str(s) for s in sizes[1:-1])
    return {
        "title": title,
        "source": origin,
        "verdict": answer,
        "caption_digit": f"{title}: {side} by {side} = {sizes[0]} pixels, each a grey level from 0 (black) to 1 (white).",
        "caption_unroll": f"Each pixel's value becomes the activation of one of the {sizes[0]} input neurons.",
        "caption_network": f"Hidden layers of {hidden} neurons, then {sizes[-1]} outputs. Blue edges are positive weights, red negative.",
        "caption_propagate": "Each layer's activations, weighted and summed, set the next layer's activations.",
        "caption_output": f"The brightest output neuron is the network's answer. {answer}",
    }
