"""The registry is the one list of beats: everything else agrees with it, and the layers keep their walls."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import scene_class
from netcore.choices import THEMES as THEME_NAMES
from netcore.choices import Choices
from netcore.inputs import load_inputs
from storyboard.registry import BEATS
from storyboard.tex import ROLES

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for folder in ("netcore", "storyboard", "voice", "scenes", "studio", "tools", "bench") for p in (ROOT / folder).rglob("*.py")]
MAX_FUNCTION_LINES = 80


def _readme_scene_rows() -> list[tuple[str, str]]:
    """(file, scene) of each row of the README's scene table, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `(scenes/[\w/]+\.py)` \| `(\w+)` \|", text, flags=re.MULTILINE)


def test_readme_scene_table_matches_the_registry() -> None:
    assert _readme_scene_rows() == [(beat.file, beat.scene) for beat in BEATS]


def test_beat_names_are_unique() -> None:
    assert len({b.name for b in BEATS}) == len(BEATS) and len({b.scene for b in BEATS}) == len(BEATS)


@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_every_step_has_its_method(beat) -> None:
    scene = scene_class(beat)
    assert scene.beat == beat.name
    for step in beat.build(load_inputs(Choices())).steps:
        assert callable(getattr(scene, f"step_{step.name.replace('-', '_')}", None)), step.name


@pytest.mark.parametrize("beat", BEATS, ids=lambda b: b.name)
def test_a_scene_name_lives_in_its_scene_and_the_registry_only(beat) -> None:
    pattern = re.compile(rf"\b{beat.scene}\b")
    files = {p.relative_to(ROOT).as_posix() for p in SOURCES if pattern.search(p.read_text(encoding="utf-8"))}
    assert files <= {beat.file, "storyboard/registry.py"}, files


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_is_longer_than_80_lines() -> None:
    assert [f for p in SOURCES for f in _long_functions(p)] == []


def test_netcore_holds_no_tex_and_no_manim() -> None:
    tex = re.compile(r"\\\\(sigma|frac|cdot|cdots|vdots|times|mathrm|approx|left|right|begin)\b|MathTex")
    for path in (ROOT / "netcore").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not tex.search(text), path
        assert not re.search(r"^\s*(from|import) manim", text, flags=re.MULTILINE), path


def test_lower_layers_never_import_upper_ones() -> None:
    above = {
        "netcore": ("storyboard", "voice", "scenes", "kit", "studio"),
        "storyboard": ("voice", "scenes", "kit", "studio", "manim"),
        "voice": ("scenes", "kit", "studio", "manim", "pydub"),
    }
    for layer, banned in above.items():
        for path in (ROOT / layer).rglob("*.py"):
            imports = re.findall(r"^\s*(?:from|import) (\w+)", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
            assert not set(imports) & set(banned), path


def test_theme_palettes_cover_every_theme_name_and_role() -> None:
    from kit.theme import THEMES

    assert set(THEMES) == set(THEME_NAMES)
    for theme in THEMES.values():
        for role in ROLES:
            theme.role(role)
