"""A self-contained lesson folder: the chapter's video with captions, chapters, contents, transcript and key numbers.

From a chapter render (``python -m studio chapter``) or one it makes itself,
it writes a folder that works offline, from ``file://`` or any static host:
``index.html`` (video with an H.264 MP4 and a VP9 WebM source, WebVTT
captions and chapters, contents that seek, the transcript, each beat's key
numbers), ``poster.png``, a thumbnail per beat, each beat's record as JSON,
the interactive page ``touch.html`` (``studio.playground``; with OpenCV.js for its photos), and with
``--slides`` the classroom slides (``studio.slides``). Nothing is
loaded from the internet. The folder is built beside ``--out`` and renamed
into place only when complete.

Usage: ``python -m studio lesson [--chapter FOLDER | --beats a,b,... -q l|m|h
[--workers N | --scheduler tcp://HOST:PORT]] [--slides] --out FOLDER``
(the beats render as for ``python -m studio chapter``, on Dask with ``--workers`` or ``--scheduler``).
The same environment variables as the scenes (NN_DIGIT, NN_IMAGE, NN_THEME, ...)
choose the digit and theme; with ``--chapter`` they must be those of its render.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
from pathlib import Path

import av
import jinja2

from netcore.choices import read_choices
from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.inputs import load_inputs
from storyboard.record import FADE_OUT, Record, to_json
from storyboard.registry import beat_named
from studio import chapter, slides
from studio.cluster import add_cluster_options, beat_renderer
from studio.playground import write_playground
from studio.render import QUALITY_FOLDERS
from studio.captions import beat_title, captions_vtt, chapters_vtt, words_of
from studio.chapter_files import CHAPTER_FILES, read_chapter_render
from studio.folders import folder_made_atomically
from studio.keynumbers import key_numbers
from studio.media import busiest, faststart_mp4, frames_before, webm
from studio.provenance import check_same_inputs, inputs_record

__all__ = ["CHAPTER_FILES", "THUMB_WIDTH", "add_parser", "write_lesson"]

TEMPLATES = Path(__file__).with_name("templates")
THUMB_WIDTH = 320
TITLE = "But what is a neural network?"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _data_url(vtt: bytes) -> str:
    return "data:text/vtt;base64," + base64.b64encode(vtt).decode("ascii")


def _beats_on_page(index: list[dict], records: dict[str, Record], narrated: bool) -> list[dict]:
    """What the page shows of each beat; checks the render has the records' steps, in order.

    The transcript is what the viewer hears: the steps' spoken words when the
    chapter is narrated, else their captions (the subtitles of a silent chapter).
    """
    beats = []
    for entry in index:
        beat, record = beat_named(entry["beat"]), records[entry["beat"]]
        if [s["name"] for s in entry["sections"]] != [s.name for s in record.steps]:
            raise NetcoreError(f"the render of {beat.name} does not have the steps of its record: render it again")
        sections = [
            {"name": words_of(s["name"]), "start": s["chapter_start"],
             "clock": _clock(s["chapter_start"]), "caption": step.words if narrated else step.caption}
            for s, step in zip(entry["sections"], record.steps)
        ]
        end = entry["sections"][-1]["chapter_start"] + entry["sections"][-1]["duration"]
        beats.append({"name": beat.name, "title": beat_title(beat.name), "about": beat.about,
                      "start": entry["start"], "end": end, "clock": _clock(entry["start"]), "sections": sections,
                      "numbers": key_numbers(record, beat.digit)})
    return beats


def write_lesson(chapter_dir: Path, out: Path, with_slides: bool, quality: str, final: Path | None = None) -> None:
    """Write the lesson of the chapter render in ``chapter_dir`` into the new folder ``out``.

    ``final`` is where ``out`` will be renamed to (default: ``out``), which the slides' index records.
    """
    rendered = read_chapter_render(chapter_dir)  # every file checked before any encoding
    index, (width, height) = rendered.index["beats"], rendered.size
    choices = read_choices()
    inputs = load_inputs(choices)
    check_same_inputs(rendered.index["inputs"], inputs_record(choices, inputs), f"the chapter render in {chapter_dir}")
    records = {entry["beat"]: beat_named(entry["beat"]).build(inputs) for entry in index}
    video = chapter_dir / "Chapter.mp4"
    with av.open(str(video)) as container:
        narrated = bool(container.streams.audio)
    beats = _beats_on_page(index, records, narrated)
    faststart_mp4(video, out / "lesson.mp4")
    webm(video, out / "lesson.webm")
    tracks = {"captions": captions_vtt(rendered.srt_text).encode("utf-8"), "chapters": chapters_vtt(index).encode("utf-8")}
    for kind, text in tracks.items():
        write_atomically(out / f"{kind}.vtt", text)
    write_atomically(out / "sections.json", (json.dumps(rendered.index, indent=1) + "\n").encode("utf-8"))
    # Each beat's finished picture, before its closing fade to black.
    pictures = frames_before(video, [beat["end"] - FADE_OUT for beat in beats])
    pictures[busiest(pictures)].save(out / "poster.png")
    (out / "thumbs").mkdir()
    for beat, picture in zip(beats, pictures):
        thumb = picture.resize((THUMB_WIDTH, round(picture.height * THUMB_WIDTH / picture.width)))
        thumb.save(out / "thumbs" / f"{beat['name']}.png")
    for name, record in records.items():
        write_atomically(out / "records" / f"{name}.json", to_json(record).encode("utf-8"))
    for name in ("lesson.css", "lesson.js"):
        shutil.copyfile(TEMPLATES / name, out / name)
    if with_slides:
        slides.build([beat_named(e["beat"]) for e in index], quality, out / "slides", (final or out) / "slides")
    page = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True).get_template("lesson.html.j2")
    html = page.render(title=TITLE, subtitle=f"Shown on {inputs.digit.description}; every number computed by the network.",
                       theme=choices.theme, width=width, height=height, beats=beats, slides=with_slides,
                       captions_src=_data_url(tracks["captions"]), chapters_src=_data_url(tracks["chapters"]),
                       thumb_width=THUMB_WIDTH, thumb_height=round(height * THUMB_WIDTH / width))
    write_atomically(out / "index.html", html.encode("utf-8"))
    write_playground(out, records, inputs, beats, {"title": TITLE, "theme": choices.theme, "width": width, "height": height,
                                                   "captions_src": _data_url(tracks["captions"])})


def _lesson(args: argparse.Namespace) -> None:
    if args.chapter is not None and args.beats is not None:
        raise NetcoreError("give --chapter (an existing render) or --beats (to render), not both")
    if args.chapter is not None and (args.workers is not None or args.scheduler is not None):
        raise NetcoreError("--workers and --scheduler render beats: they do not go with --chapter (an existing render)")
    beats = None if args.chapter is not None else chapter.beats_named(args.beats)  # an unknown beat stops here
    with folder_made_atomically(args.out, "lesson") as work:
        chapter_dir = args.chapter
        if chapter_dir is None:
            chapter_dir = work.parent / "chapter"
            chapter.build(beats, args.quality, chapter_dir, beat_renderer(args.scheduler, args.workers))
        write_lesson(chapter_dir, work, args.slides, args.quality, args.out.resolve())
    print(f"lesson written to {args.out / 'index.html'}")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``lesson`` sub-command."""
    p = commands.add_parser("lesson", help="a self-contained lesson page (video, captions, contents, numbers)")
    p.add_argument("--chapter", type=Path, help="a folder with a chapter render (Chapter.mp4, .srt, .json)")
    p.add_argument("--beats", help="render these beats (comma-separated; default: every beat, in order)")
    p.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    add_cluster_options(p)
    p.add_argument("--slides", action="store_true", help="also make the classroom slides (HTML and PPTX) in slides/")
    p.add_argument("--out", type=Path, required=True, help="output folder (made, or replaced only if this command made it: see its .made-by-studio.json)")
    p.set_defaults(run=_lesson)
