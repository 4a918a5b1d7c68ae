"""``python -m studio script BEAT... --out DIR``: what to record for each step, and how long its animation runs.

For the educator who narrates the chapter in their own voice (or language):
per beat and step, the file to record (``DIR/<beat>/<step>.wav``; FLAC, OGG
or MP3 also do), the words the storyboard has for it, and the seconds its
animations need. A step lasts as long as its animations or its recording and
a breath, whichever is longer, so a shorter take leaves the picture to finish
and a longer one holds it. The animation times come from playing each beat's
scene without drawing (Manim's ``dry_run`` with animations skipped, which
still counts their time) in this process, silent. Writes ``DIR/script.md``
(to read from) and ``DIR/script.json`` (the same, for tools), and makes the
beat folders. The same NN_* choices as the scenes apply (the digit changes
the words' numbers).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from netcore.choices import read_choices
from netcore.files import write_atomically
from netcore.inputs import load_inputs
from netcore.paths import PROJECT_ROOT
from storyboard.registry import Beat, beat_named

__all__ = ["add_parser", "animation_seconds", "script"]


def animation_seconds(beat: Beat) -> dict[str, float]:
    """Seconds of animation in each step of ``beat``'s scene, played silent and undrawn in this process."""
    from manim import tempconfig

    os.environ["NN_VOICE"] = "none"  # this process only: the animations' own time, not a voice's
    sys.path.insert(0, str(PROJECT_ROOT / "scenes"))
    spec = importlib.util.spec_from_file_location(f"script_{beat.module}", PROJECT_ROOT / beat.file)
    module = importlib.util.module_from_spec(spec)
    with tempfile.TemporaryDirectory() as media, contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        with tempconfig({"dry_run": True, "save_last_frame": True, "media_dir": media, "verbosity": "ERROR", "progress_bar": "none"}):
            spec.loader.exec_module(module)
            scene = getattr(module, beat.scene)()
            scene.render()
    return dict(scene.animation_seconds)


def script(beats: list[Beat], out: Path) -> tuple[str, list[dict]]:
    """The recording script of ``beats`` as Markdown and as data."""
    inputs = load_inputs(read_choices())
    entries, lines = [], ["# Recording script", "", f"Record each step into `{out}/<beat>/<step>.wav` (or .flac, .ogg, .mp3).", ""]
    for beat in beats:
        steps, seconds = beat.build(inputs).steps, animation_seconds(beat)
        lines += [f"## {beat.name} ({beat.scene})", ""]
        for number, step in enumerate(steps, start=1):
            need = round(seconds.get(step.name, 0.0), 1)
            entries.append({"beat": beat.name, "step": step.name, "file": f"{beat.name}/{step.name}.wav", "words": step.words, "animation_seconds": need})
            lines += [f"{number}. `{beat.name}/{step.name}.wav` (the animation needs {need:.1f} s)", "", f"   {step.words}", ""]
    return "\n".join(lines), entries


def _script(args: argparse.Namespace) -> None:
    beats = [beat_named(name) for name in args.beats]
    text, entries = script(beats, args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    for beat in beats:
        (args.out / beat.name).mkdir(exist_ok=True)
    write_atomically(args.out / "script.json", (json.dumps(entries, indent=1, ensure_ascii=False) + "\n").encode())
    write_atomically(args.out / "script.md", text.encode())
    print(f"recording script for {len(entries)} steps written to {args.out / 'script.md'} (and script.json)")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``script`` sub-command."""
    p = commands.add_parser("script", help="write what to record for each step, and how long its animation runs")
    p.add_argument("beats", nargs="+", help="beat names (see: python -m studio beats)")
    p.add_argument("--out", type=Path, required=True, help="the recordings folder to prepare")
    p.set_defaults(run=_script)
