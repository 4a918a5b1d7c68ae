"""The last frame of each of the heart's four scenes, compared with control frames by Manim's own helper.

Regenerate on purpose with ``pytest tests/test_frames_heart.py --set_test``.
"""

from __future__ import annotations

import pytest
from manim.utils.testing.frames_comparison import frames_comparison

from function import NetworkIsAFunction
from layers import TheHope, WhatItLearned
from learning import LearningGlimpse

__module_test__ = "scenes"

pytestmark = pytest.mark.render


@frames_comparison(base_scene=TheHope)
def test_the_hope(scene: TheHope) -> None:
    TheHope.construct(scene)


@frames_comparison(base_scene=WhatItLearned)
def test_what_it_learned(scene: WhatItLearned) -> None:
    WhatItLearned.construct(scene)


@frames_comparison(base_scene=NetworkIsAFunction)
def test_network_is_a_function(scene: NetworkIsAFunction) -> None:
    NetworkIsAFunction.construct(scene)


@frames_comparison(base_scene=LearningGlimpse)
def test_learning_glimpse(scene: LearningGlimpse) -> None:
    LearningGlimpse.construct(scene)


@pytest.fixture
def light_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_THEME", "light")


@pytest.mark.usefixtures("light_theme")
@frames_comparison(base_scene=WhatItLearned)
def test_what_it_learned_light(scene: WhatItLearned) -> None:
    WhatItLearned.construct(scene)
