"""Key frames of every scene, compared with control frames by Manim's own helper.

Regenerate the control frames on purpose with ``pytest tests/test_frames.py --set_test``.
"""

from __future__ import annotations

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from forward import ForwardPass

__module_test__ = "scenes"

pytestmark = pytest.mark.render


@frames_comparison(base_scene=ForwardPass)
def test_forward_pass(scene: ForwardPass) -> None:
    ForwardPass.construct(scene)
