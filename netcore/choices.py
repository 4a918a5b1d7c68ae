"""What a scene shows, chosen without editing code.

Each choice comes from an environment variable, else from the ``[explainer]``
section of ``manim.cfg``, else a default. The environment wins: if it names an
input (a digit, a label or an image), the config file's input is ignored.

========== ============ =====================================================
variable   manim.cfg    meaning
========== ============ =====================================================
NN_DIGIT   digit        index of a digit in the shipped sample
NN_LABEL   label        the first sample digit with this label
NN_IMAGE   image        a user's own image of one digit (PNG or JPEG)
NN_WEIGHTS weights      a weights file (.npz); default: the shipped network
NN_NEURON  neuron       the first-hidden-layer neuron the neuron scenes follow
NN_THEME   theme        ``dark`` (default) or ``light``
NN_VOICE   voice        ``festival`` (default), ``espeak-ng``, ``none`` or a folder of recordings
========== ============ =====================================================

The chapter sets two more for each beat it renders, naming the beats played
just before and after it (``NN_PREVIOUS_BEAT``, ``NN_NEXT_BEAT``; manim.cfg
``previous_beat``, ``next_beat``): where they share a picture, the beat opens
from it or ends on it (``storyboard.registry.shared_picture``). Unset, a
scene stands alone. They are beat names, checked by the scenes.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from netcore.errors import NetcoreError, one_line
from netcore.paths import CONFIG_FILE, DEFAULT_WEIGHTS

__all__ = ["DEFAULT_VOICE", "THEMES", "Choices", "read_choices"]

SECTION = "explainer"
THEMES = ("dark", "light")
_INPUT_KEYS = ("digit", "label", "image")
_KEYS = (*_INPUT_KEYS, "weights", "neuron", "theme", "voice", "previous_beat", "next_beat")
# The narrating voice unless one is chosen; the voice layer knows the engines and checks the choice.
DEFAULT_VOICE = "festival"


@dataclass(frozen=True)
class Choices:
    """The user's choices; at most one of ``digit``, ``label`` and ``image`` is set."""

    digit: int | None = None
    label: int | None = None
    image: Path | None = None
    weights: Path = DEFAULT_WEIGHTS
    neuron: int | None = None
    theme: str = "dark"
    voice: str = DEFAULT_VOICE
    previous_beat: str | None = None  # the beat played just before this one in a chapter
    next_beat: str | None = None  # the beat played just after it


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {one_line(message)}", file=sys.stderr)


def _config_values(config_file: Path) -> dict[str, str]:
    # No interpolation: a value such as "image = 100%.png" means exactly that file.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(config_file, encoding="utf-8")
        return dict(parser[SECTION]) if parser.has_section(SECTION) else {}
    except configparser.Error as exc:
        raise NetcoreError(f"{config_file}: cannot parse ({exc.message.splitlines()[0]})") from None
    except UnicodeDecodeError as exc:
        raise NetcoreError(f"{config_file}: cannot parse (not UTF-8 text: {exc.reason})") from None


def _unknown(names: list[str], where: str, known: list[str]) -> str:
    return f"{where}: ignoring unknown {', '.join(map(repr, names))} (known: {', '.join(known)})"


def _as_int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise NetcoreError(f"{name} must be a whole number, not {value!r}") from None


def read_choices(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    warn: Callable[[str], None] = _warn_on_stderr,
) -> Choices:
    """Combine environment variables (``NN_DIGIT`` ...) and ``manim.cfg``'s [explainer] section.

    By default the process environment and the project's ``manim.cfg``. A
    misspelt key or ``NN_*`` variable would silently be ignored, so each is
    reported through ``warn`` (one line on stderr by default).
    """
    env = os.environ if env is None else env
    config_file = CONFIG_FILE if config_file is None else config_file
    variables = [f"NN_{key.upper()}" for key in _KEYS]
    unknown = sorted(name for name in env if name.startswith("NN_") and name not in variables)
    if unknown:
        warn(_unknown(unknown, "environment", variables))
    from_env = {key: env[f"NN_{key.upper()}"] for key in _KEYS if env.get(f"NN_{key.upper()}", "").strip()}
    config = _config_values(config_file)
    unknown = sorted(key for key in config if key not in _KEYS)
    if unknown:
        warn(_unknown(unknown, f"{config_file} [{SECTION}]", list(_KEYS)))
    values = {k: v for k, v in config.items() if k in _KEYS and v.strip()}
    if any(key in from_env for key in _INPUT_KEYS):
        values = {k: v for k, v in values.items() if k not in _INPUT_KEYS}
    values.update(from_env)
    given = [key for key in _INPUT_KEYS if key in values]
    if len(given) > 1:
        raise NetcoreError(f"choose one input, not {' and '.join(given)}")
    theme = values.get("theme", "dark").strip().lower()
    if theme not in THEMES:
        raise NetcoreError(f"unknown theme {theme!r} (choose from {', '.join(THEMES)})")
    # Relative paths in manim.cfg or the environment are relative to where the command runs.
    return Choices(
        digit=_as_int(values["digit"], "digit") if "digit" in values else None,
        label=_as_int(values["label"], "label") if "label" in values else None,
        image=Path(values["image"]).expanduser() if "image" in values else None,
        weights=Path(values["weights"]).expanduser() if "weights" in values else DEFAULT_WEIGHTS,
        neuron=_as_int(values["neuron"], "neuron") if "neuron" in values else None,
        theme=theme,
        voice=values.get("voice", DEFAULT_VOICE).strip(),
        previous_beat=values["previous_beat"].strip() if "previous_beat" in values else None,
        next_beat=values["next_beat"].strip() if "next_beat" in values else None,
    )
