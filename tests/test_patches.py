"""The changes to Manim's internals, in one module: installed, undone, refused on another Manim (scenes/kit/patches.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from manim import Text
from manim.camera.camera import Camera
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from kit import patches
from kit.patches import ANY_MANIM, PATCHES, check_manim_version, install_patches, patches_installed, uninstall_patches
from kit.theme import FONT
from netcore.errors import NetcoreError
from netcore.paths import PROJECT_ROOT

TARGETS = {"painted-shapes": (Camera, "display_vectorized"), "shared-svg-paths": (VMobjectFromSVGPath, "__deepcopy__"),
           "frames-converted-once": (VideoSegmentEncoder, "write_frame"), "default-font": (Text, "__init__")}


def _own(owner: type, attribute: str) -> object:
    return owner.__dict__.get(attribute)


def test_the_four_patches_are_the_ones_named_each_with_its_version_and_internals() -> None:
    assert {p.name: (p.owner, p.attribute) for p in PATCHES} == TARGETS
    assert all(p.written_for and p.relies_on for p in PATCHES)


def test_patches_install_once_and_are_undone() -> None:
    uninstall_patches()  # whatever an earlier test left
    stock = {name: _own(*target) for name, target in TARGETS.items()}
    assert stock["shared-svg-paths"] is None  # inherited from VMobject: undone by deleting it again
    install_patches()
    installed = {name: _own(*target) for name, target in TARGETS.items()}
    assert all(installed[name] is not stock[name] for name in TARGETS)
    install_patches()  # a second scene's setup: nothing wrapped twice
    assert {name: _own(*target) for name, target in TARGETS.items()} == installed
    assert Text("3").font == FONT
    uninstall_patches()
    assert {name: _own(*target) for name, target in TARGETS.items()} == stock
    assert "__deepcopy__" not in VMobjectFromSVGPath.__dict__


def test_patches_installed_for_a_block_only() -> None:
    uninstall_patches()
    stock = {name: _own(*target) for name, target in TARGETS.items()}
    with patches_installed():
        assert all(_own(*TARGETS[name]) is not stock[name] for name in TARGETS)
    assert {name: _own(*target) for name, target in TARGETS.items()} == stock


def test_the_stock_method_is_the_one_found_at_install_time() -> None:
    uninstall_patches()
    calls = []

    def someone_elses(camera, vmobject, ctx):
        calls.append(vmobject)
        return camera

    original = Camera.display_vectorized
    Camera.display_vectorized = someone_elses  # set after this module was imported
    try:
        with patches_installed():
            Camera.display_vectorized(None, "shape", None)
        assert calls == ["shape"]  # the patch wraps what it found, not what was there at import
    finally:
        Camera.display_vectorized = original


@pytest.mark.parametrize("manim_version", ["0.21.1", "0.23.0", "1.0.0"])
def test_another_manim_is_refused_with_one_line_naming_the_patch(manim_version: str) -> None:
    with pytest.raises(NetcoreError) as refused:
        check_manim_version(manim_version, env={})
    message = str(refused.value)
    assert "\n" not in message and "painted-shapes" in message and "Camera.display_vectorized" in message
    assert f"not {manim_version}" in message and ANY_MANIM in message
    check_manim_version(manim_version, env={ANY_MANIM: "1"})  # the override
    check_manim_version(PATCHES[0].written_for, env={})


def test_a_scene_on_another_manim_stops_with_one_line_before_rendering(tmp_path: Path) -> None:
    # The installed Manim claims another version; the scene's setup refuses before drawing anything.
    fake = "import importlib.metadata as m; real = m.version; m.version = lambda name: '0.99.0' if name == 'manim' else real(name)\n"
    (tmp_path / "sitecustomize.py").write_text(fake)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(PROJECT_ROOT)])
    manim = str(Path(sys.executable).with_name("manim"))
    command = [manim, "-ql", "-s", "--media_dir", str(tmp_path / "media"), "scenes/neuron.py", "CountParameters"]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the kit patch painted-shapes"), done.stderr[-2000:]
    assert not list((tmp_path / "media").rglob("*.png"))
