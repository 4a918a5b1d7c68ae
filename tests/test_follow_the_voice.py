"""Scenes that wait for the voice to say some words wait for words their step really says.

``wait_until_said("...")`` finds nothing (and waits for nothing) when the
words change, so a scene would quietly stop following its voice: each literal
given to it, or to ``seconds_until_said``, is checked against the words of the
step whose method uses it (or of any step, in a helper method).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.registry import BEATS

ROOT = Path(__file__).resolve().parents[1]
WAITS = {"wait_until_said", "seconds_until_said"}


def _anchors(beat) -> list[tuple[str, str]]:
    """(method name, literal) for each literal the beat's scene class waits to hear."""
    tree = ast.parse((ROOT / beat.file).read_text(encoding="utf-8"))
    scene = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == beat.scene)
    found = []
    for method in (n for n in scene.body if isinstance(n, ast.FunctionDef)):
        for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
            name = getattr(call.func, "attr", None)
            if name in WAITS and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
                found.append((method.name, call.args[0].value))
    return found


@pytest.mark.parametrize("beat", [b for b in BEATS if _anchors(b)], ids=lambda b: b.name)
def test_every_awaited_literal_is_said_in_its_step(beat) -> None:
    steps = {f"step_{s.name.replace('-', '_')}": s.words for s in beat.build(load_inputs(Choices())).steps}
    for method, text in _anchors(beat):
        said = [steps[method]] if method in steps else list(steps.values())
        assert any(text in words for words in said), f"{beat.scene}.{method} waits for {text!r}, which is not said"
