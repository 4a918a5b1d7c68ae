"""The chapter as classroom slides: one slide per step, as an offline HTML presentation and as PPTX.

Each beat's slides variant (``scenes/slides.py``) is rendered by Manim with
manim-slides, then converted by ``manim-slides convert``: to reveal.js HTML
that loads reveal.js from a ``reveal.js/`` folder beside it (copied from the
copy ``./project.sh setup`` puts in the virtual environment, never a CDN),
and to a PowerPoint file. ``manim-slides present --folder FOLDER/manim-slides``
shows the same slides on a desktop.

Usage: ``python -m studio slides [-q l|m|h] [--beats a,b,...] --out FOLDER``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from netcore.choices import read_choices
from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.paths import PROJECT_ROOT
from storyboard.registry import Beat
from studio.chapter import beats_named
from studio.render import QUALITY_FOLDERS
from studio.folders import folder_made_atomically

__all__ = ["REVEAL_JS", "REVEAL_FILES", "add_parser", "build", "slide_scene"]

# Where ./project.sh setup unpacks the npm package reveal.js (the version manim-slides' template expects).
REVEAL_JS = Path(sys.prefix) / "share" / "reveal.js"
# The files the presentation loads (the theme is added by name), and the licence that goes with them.
REVEAL_FILES = ("LICENSE", "dist/reveal.css", "dist/reveal.js", "dist/plugin/notes.js", "dist/plugin/markdown.js",
                "dist/plugin/highlight/zenburn.css")
REVEAL_THEMES = {"dark": "black", "light": "white"}
SCENES_FILE = "scenes/slides.py"


def slide_scene(beat: Beat) -> str:
    """The name of a beat's slides variant in scenes/slides.py."""
    return f"{beat.scene}Slides"


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise NetcoreError(f"{what} failed: {last}")


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _check_reveal() -> None:
    if not (REVEAL_JS / "dist" / "reveal.js").is_file():
        raise NetcoreError(f"reveal.js is missing from {REVEAL_JS}: run ./project.sh setup")


def _copy_reveal(theme: str, out: Path) -> None:
    for name in (*REVEAL_FILES, f"dist/theme/{REVEAL_THEMES[theme]}.css"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REVEAL_JS / name, out / name)


def _move_paths(folder: Path, before: Path, after: Path) -> None:
    """manim-slides keeps absolute paths to its videos: change those under ``before`` to ``after``."""
    for presentation in folder.glob("*.json"):
        data = json.loads(presentation.read_text())
        for slide in data["slides"]:
            for key in ("file", "rev_file"):
                slide[key] = str(after / Path(slide[key]).relative_to(before))
        write_atomically(presentation, json.dumps(data, indent=2).encode())


# manim-slides' page has no language and no icon (so browsers ask the server for /favicon.ico): add both.
PAGE_FIXES = (("<html>", '<html lang="en">'), ("<head>", '<head>\n    <link rel="icon" href="data:,">'))


def _fix_page(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    for before, after in PAGE_FIXES:
        if before not in html:
            raise NetcoreError(f"manim-slides wrote an unexpected page ({before} is missing): check its version")
        html = html.replace(before, after, 1)
    write_atomically(page, html.encode("utf-8"))


def build(beats: list[Beat], quality: str, out: Path, final: Path) -> int:
    """Render the beats' slides and write slides.html (+ assets, reveal.js/) and slides.pptx into ``out``.

    ``out`` is a new folder that will be renamed ``final`` once complete. Returns the number of slides.
    """
    _check_reveal()  # before a long render
    theme = read_choices().theme
    media = out / "manim-slides-media"
    scenes = [slide_scene(beat) for beat in beats]
    _run([_tool("manim"), f"-q{quality}", "--media_dir", str(media), SCENES_FILE, *scenes], "rendering the slides")
    folder = out / "manim-slides"
    shutil.move(media / "slides", folder)  # the presentations, for manim-slides present
    shutil.rmtree(media)
    _move_paths(folder, media / "slides", folder)
    width, height = json.loads((folder / f"{scenes[0]}.json").read_text())["resolution"]
    convert = [_tool("manim-slides"), "convert", "--folder", str(folder)]
    _run([*convert, "--to", "html", "-c", "cdn_url=reveal.js", "-c", f"reveal_theme={REVEAL_THEMES[theme]}",
          "-c", "title=But what is a neural network? Slides", *scenes, str(out / "slides.html")], "writing the HTML slides")
    _run([*convert, "--to", "pptx", "-c", f"width={width}", "-c", f"height={height}", *scenes, str(out / "slides.pptx")],
         "writing the PPTX slides")
    _fix_page(out / "slides.html")
    _copy_reveal(theme, out / "reveal.js")
    _move_paths(folder, folder, final / folder.name)  # where they will be once the folder is renamed
    return sum(len(json.loads((folder / f"{s}.json").read_text())["slides"]) for s in scenes)


def _slides(args: argparse.Namespace) -> None:
    beats = beats_named(args.beats)
    with folder_made_atomically(args.out, "slides") as work:
        count = build(beats, args.quality, work, args.out.resolve())
    print(f"{count} slides written to {args.out / 'slides.html'} and {args.out / 'slides.pptx'}")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``slides`` sub-command."""
    p = commands.add_parser("slides", help="the beats as classroom slides: offline HTML (reveal.js) and PPTX")
    p.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    p.add_argument("--beats", help="comma-separated beat names (default: every beat, in order)")
    p.add_argument("--out", type=Path, required=True, help="output folder (made, or replaced only if this command made it: see its .made-by-studio.json)")
    p.set_defaults(run=_slides)
