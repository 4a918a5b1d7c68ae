"""A rendered clip has one subtitle per section, lasting exactly as long as it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import srt

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.render


def test_forward_clip_subtitles_match_its_sections(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    manim = str(Path(sys.executable).with_name("manim"))
    subprocess.run(
        [manim, "-ql", "--save_sections", "--media_dir", str(tmp_path), "scenes/forward.py", "ForwardPass"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )
    folder = tmp_path / "videos" / "forward" / "480p15"
    sections = json.loads((folder / "sections" / "ForwardPass.json").read_text())
    cues = list(srt.parse((folder / "ForwardPass.srt").read_text(encoding="utf-8")))
    assert [s["name"] for s in sections] == ["digit", "input", "network", "propagate", "answer"]
    assert len(cues) == len(sections)
    start = 0.0
    for section, cue in zip(sections, cues):
        duration = float(section["duration"])
        assert cue.start.total_seconds() == pytest.approx(start, abs=0.07)  # one frame at 15 fps
        assert cue.end.total_seconds() == pytest.approx(start + duration, abs=0.07)
        start += duration
