"""The lesson's pieces without rendering: tracks, media files, key numbers, the page, folders, bad input.

A small synthetic "chapter render" (a few grey frames per step of two real
beats, with their real section names and subtitles) stands in for Manim's;
the browser tests (test_lesson_browser.py) use a real render.
"""

from __future__ import annotations

import dataclasses
import json
from html import unescape
import re
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from manim import ManimColor

from netcore.choices import DEFAULT_VOICE, Choices, read_choices
from netcore.inputs import load_inputs
from netcore.network import load_network
from netcore.paths import DEFAULT_WEIGHTS
from storyboard.record import to_json
from storyboard.registry import beat_named
from studio.captions import captions_vtt, chapters_vtt
from studio.folders import folder_made_atomically
from studio.keynumbers import key_numbers
from studio.lesson import write_lesson
from studio.playground import OPENCV_FILES, PAGE_FILES
from studio.provenance import inputs_record
from studio.media import busiest, duration, faststart_mp4, frames_before, webm
from test_cli import assert_one_line_error
from test_studio_cli import studio
from test_theme import contrast

FPS = 15


def _write_clip(path: Path, greys: list[int], size: tuple[int, int] = (64, 48)) -> Path:
    """An H.264 MP4 at 15 fps, one frame per grey level, as Manim writes them (index at the end)."""
    width, height = size
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for grey in greys:
            image = np.full((height, width, 3), grey, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def _greys(video: Path) -> list[int]:
    with av.open(str(video)) as source:
        return [int(round(f.to_ndarray(format="rgb24").mean())) for f in source.decode(video=0)]


def _as_commands_see_them() -> Choices:
    """The current choices, with the voice the commands these tests run will have: the suite runs silent
    in this process (tests/conftest.py), but the commands get no NN_* variable, so the default voice."""
    return dataclasses.replace(read_choices(), voice=DEFAULT_VOICE)


def stand_in_chapter(folder: Path, beats: tuple[str, ...]) -> Path:
    """A chapter render of ``beats`` in ``folder``: 15 frames (1 s) of one grey per step, its .srt and section index."""
    choices = _as_commands_see_them()
    records = [beat_named(name).build(load_inputs(choices)) for name in beats]
    folder.mkdir()
    greys, index, subtitles, t = [], [], [], 0.0
    for record in records:
        sections = []
        for step in record.steps:
            greys += [40 + 15 * (len(greys) // FPS % 14)] * FPS
            sections.append({"name": step.name, "duration": 1.0, "chapter_start": t})
            subtitles.append(srt.Subtitle(None, timedelta(seconds=t), timedelta(seconds=t + 1), step.caption))
            t += 1.0
        first = sections[0]["chapter_start"]
        for s in sections:
            s["start"] = round(s["chapter_start"] - first, 3)
        index.append({"beat": record.header.beat, "scene": beat_named(record.header.beat).scene, "start": first, "sections": sections})
    _write_clip(folder / "Chapter.mp4", greys)
    (folder / "Chapter.srt").write_text(srt.compose(subtitles), encoding="utf-8")
    inputs = inputs_record(choices, load_inputs(choices))
    (folder / "Chapter.json").write_text(json.dumps({"inputs": inputs, "beats": index}), encoding="utf-8")
    return folder


@pytest.fixture
def fake_chapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A chapter render of neuron-bias and parameter-count (see stand_in_chapter), made, as the commands
    these tests run see it, with the default voice: so is this process's choice while the test runs."""
    monkeypatch.setenv("NN_VOICE", DEFAULT_VOICE)
    return stand_in_chapter(tmp_path / "chapter", ("neuron-bias", "parameter-count"))
def _rendered_with_these_choices(chapter: Path) -> None:
    """Record the current NN_* choices as those of the fake render (as if it had been made with them)."""
    index = json.loads((chapter / "Chapter.json").read_text())
    choices = _as_commands_see_them()
    index["inputs"] = inputs_record(choices, load_inputs(choices))
    (chapter / "Chapter.json").write_text(json.dumps(index))


# Tracks


def test_captions_keep_every_subtitle_and_time() -> None:
    text = "1\n00:00:00,500 --> 00:00:01,250\nfirst line\nsecond\n\n2\n00:01:02,000 --> 00:01:03,000\nnext\n\n"
    vtt = captions_vtt(text)
    assert vtt.startswith("WEBVTT\n")
    assert re.findall(r"(\S+) --> (\S+)", vtt) == [("00:00:00.500", "00:00:01.250"), ("00:01:02.000", "00:01:03.000")]
    assert "first line\nsecond" in vtt and "next" in vtt


def test_chapters_are_the_sections_at_their_absolute_times() -> None:
    index = [
        {"beat": "neuron-bias", "start": 0.0, "sections": [{"name": "sum", "chapter_start": 0.0, "duration": 6.5}]},
        {"beat": "parameter-count", "start": 6.5, "sections": [{"name": "weights", "chapter_start": 6.5, "duration": 61.25}]},
    ]
    blocks = chapters_vtt(index).strip().split("\n\n")[1:]
    assert blocks == [
        "neuron-bias/sum\n00:00:00.000 --> 00:00:06.500\nNeuron bias: sum",
        "parameter-count/weights\n00:00:06.500 --> 00:01:07.750\nParameter count: weights",
    ]


# Media


def test_mp4_gets_its_index_first_and_keeps_every_frame(tmp_path: Path) -> None:
    source = _write_clip(tmp_path / "in.mp4", [10, 200, 90] * 10)
    data = source.read_bytes()
    assert data.find(b"moov") > data.find(b"mdat")  # as written: the index at the end
    faststart_mp4(source, tmp_path / "out.mp4")
    data = (tmp_path / "out.mp4").read_bytes()
    assert 0 < data.find(b"moov") < data.find(b"mdat")
    assert _greys(tmp_path / "out.mp4") == _greys(source)
    assert duration(tmp_path / "out.mp4") == pytest.approx(30 / FPS)


def test_webm_is_vp9_with_the_same_frames(tmp_path: Path) -> None:
    source = _write_clip(tmp_path / "in.mp4", [20] * 15 + [220] * 15)
    webm(source, tmp_path / "out.webm")
    with av.open(str(tmp_path / "out.webm")) as out:
        assert out.format.name.startswith("matroska") and out.streams.video[0].codec_context.name == "vp9"
    greys = _greys(tmp_path / "out.webm")
    assert len(greys) == 30 and all(abs(g - 20) < 6 for g in greys[:15]) and all(abs(g - 220) < 6 for g in greys[15:])
    assert duration(tmp_path / "out.webm") == pytest.approx(2.0, abs=1 / FPS)


def test_frames_before_each_time_are_the_last_shown(tmp_path: Path) -> None:
    source = _write_clip(tmp_path / "in.mp4", [30] * 15 + [130] * 15 + [230] * 15)
    pictures = frames_before(source, [1.0, 2.0, 3.0, 99.0])
    means = [np.asarray(p).mean() for p in pictures]
    assert np.allclose(means, [30, 130, 230, 230], atol=6)  # past the end: the last frame


def test_the_busiest_picture_is_the_one_with_most_drawn() -> None:
    from PIL import Image

    pictures = []
    for drawn in (10, 300, 40):
        pixels = np.zeros((30, 40, 3), np.uint8)
        pixels.reshape(-1, 3)[:drawn] = 255
        pictures.append(Image.fromarray(pixels))
    assert busiest(pictures) == 1


# Key numbers


def test_key_numbers_are_the_records_single_numbers() -> None:
    inputs = load_inputs(read_choices())
    record = beat_named("parameter-count").build(inputs)
    rows = dict(key_numbers(record, shows_digit=False))
    # Recomputed here from the weights file's own arrays.
    with np.load(DEFAULT_WEIGHTS, allow_pickle=False) as arrays:
        weights = sum(arrays[f"W{i}"].size for i in (1, 2, 3))
        biases = sum(arrays[f"b{i}"].size for i in (1, 2, 3))
    assert rows == {"weights total": f"{weights:,}", "biases total": f"{biases:,}", "total": f"{weights + biases:,}"}
    assert rows["total"] == "13,002"
    bias = dict(key_numbers(beat_named("neuron-bias").build(inputs), shows_digit=True))
    assert bias["digit shown"] == inputs.digit.description
    assert not [name for name in bias if "limit" in name or "curve" in name]  # drawing settings are no key numbers
    network = load_network(DEFAULT_WEIGHTS)
    neuron = int(bias["neuron: neuron"])
    z = float(network.weights[0][neuron] @ inputs.digit.pixels.reshape(-1) + network.biases[0][neuron])
    assert bias["neuron: z"] == f"{z:.4f}".replace("-", "\u2212")


# The page


def test_lesson_folder_from_a_chapter_render(fake_chapter: Path, tmp_path: Path) -> None:
    out = tmp_path / "lesson"
    out.mkdir()
    write_lesson(fake_chapter, out, with_slides=False, quality="l")
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert names == {
        "index.html", "lesson.css", "lesson.js", "lesson.mp4", "lesson.webm", "captions.vtt", "chapters.vtt",
        "sections.json", "poster.png", "thumbs/neuron-bias.png", "thumbs/parameter-count.png",
        "records/neuron-bias.json", "records/parameter-count.json",
        *PAGE_FILES, *OPENCV_FILES,  # the interactive page (tests/test_touch_page.py) and OpenCV.js for its photos
    }
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" data-theme="dark">' in html
    assert re.search(r'<video id="lesson-video" controls preload="metadata" poster="poster.png"', html)
    assert html.count("<track ") == 2 and 'kind="captions" srclang="en"' in html and 'kind="chapters"' in html
    assert all(alt.strip() for alt in re.findall(r'<img [^>]*alt="([^"]*)"', html)) and html.count("<img ") == 2
    index = json.loads((fake_chapter / "Chapter.json").read_text())
    beats = index["beats"]
    starts = [b["start"] for b in beats] + [s["chapter_start"] for b in beats for s in b["sections"]]
    contents = re.search(r"<nav.*?</nav>", html, re.S)[0]
    assert [float(x) for x in re.findall(r'data-start="([^"]+)"', contents)] == sorted(starts)
    assert "<td>13,002</td>" in html
    for beat in ("neuron-bias", "parameter-count"):  # the records as scene-data exports them
        assert (out / "records" / f"{beat}.json").read_text() == to_json(beat_named(beat).build(load_inputs(read_choices())))
        for step in beat_named(beat).build(load_inputs(read_choices())).steps:
            assert step.caption in unescape(html)  # the transcript
    assert json.loads((out / "sections.json").read_text()) == index


def test_lesson_in_the_light_theme_on_another_digit(fake_chapter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NN_THEME", "light")
    monkeypatch.setenv("NN_DIGIT", "1")
    _rendered_with_these_choices(fake_chapter)
    write_lesson(fake_chapter, tmp_path, with_slides=False, quality="l")
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    described = load_inputs(read_choices()).digit.description
    assert '<html lang="en" data-theme="light">' in html and described in unescape(html)
    assert json.loads((tmp_path / "records" / "neuron-bias.json").read_text())["header"]["sample_index"] == 1


def test_lesson_refuses_a_render_of_other_steps(fake_chapter: Path, tmp_path: Path) -> None:
    index = json.loads((fake_chapter / "Chapter.json").read_text())
    index["beats"][0]["sections"][0]["name"] = "not-a-step"
    (fake_chapter / "Chapter.json").write_text(json.dumps(index))
    result = studio("lesson", "--chapter", fake_chapter, "--out", tmp_path / "lesson")
    assert_one_line_error(result, "neuron-bias", "steps")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chapter"]


def test_page_colours_are_readable_in_both_themes() -> None:
    css = (Path(__file__).parents[1] / "studio" / "templates" / "lesson.css").read_text()
    for theme in ("dark", "light"):
        block = re.search(rf':root\[data-theme="{theme}"\] {{([^}}]*)}}', css)[1]
        colours = dict(re.findall(r"--(\w+): (#[0-9a-f]{6})", block))
        for role in ("ink", "muted", "accent"):
            assert contrast(ManimColor(colours[role]), ManimColor(colours["paper"])) >= 4.5, (theme, role)


# Folders and bad input


def test_folder_replaces_only_its_own_kind(tmp_path: Path) -> None:
    out = tmp_path / "lesson"
    with folder_made_atomically(out, "lesson") as work:
        (work / "index.html").write_text("one")
    with folder_made_atomically(out, "lesson") as work:
        (work / "index.html").write_text("two")
    assert (out / "index.html").read_text() == "two" and sorted(p.name for p in tmp_path.iterdir()) == ["lesson"]
    with pytest.raises(RuntimeError), folder_made_atomically(out, "lesson") as work:
        (work / "index.html").write_text("half")
        raise RuntimeError("interrupted")
    assert (out / "index.html").read_text() == "two" and sorted(p.name for p in tmp_path.iterdir()) == ["lesson"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious")
    from netcore.errors import NetcoreError

    with pytest.raises(NetcoreError, match="did not write"), folder_made_atomically(mine, "lesson"):
        pass
    assert (mine / "thesis.txt").read_text() == "precious"


@pytest.mark.parametrize("command", ["lesson", "slides"])
def test_an_unknown_beat_is_one_line(command: str, tmp_path: Path) -> None:
    assert_one_line_error(studio(command, "--beats", "nope", "--out", tmp_path / "out"), "unknown beat 'nope'")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_render_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert_one_line_error(studio("lesson", "--chapter", tmp_path / "empty", "--out", tmp_path / "out"), "Chapter.mp4", "python -m studio chapter")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_a_damaged_render_is_one_line(fake_chapter: Path, tmp_path: Path) -> None:
    (fake_chapter / "Chapter.mp4").write_bytes(b"not a video")
    assert_one_line_error(studio("lesson", "--chapter", fake_chapter, "--out", tmp_path / "out"), "damaged")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chapter"]


def test_an_unwritable_out_folder_is_one_line(fake_chapter: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    assert_one_line_error(studio("lesson", "--chapter", fake_chapter, "--out", tmp_path / "file" / "lesson"), "file")
    assert_one_line_error(studio("lesson", "--chapter", fake_chapter, "--out", tmp_path / "file"), "exists and is not a folder")
    assert (tmp_path / "file").read_text() == "a file, not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chapter", "file"]


def test_slides_need_reveal_js_from_set_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import studio.slides
    from netcore.errors import NetcoreError

    monkeypatch.setattr(studio.slides, "REVEAL_JS", tmp_path / "no-reveal")
    with pytest.raises(NetcoreError, match="project.sh setup"):
        studio.slides.build([beat_named("parameter-count")], "l", tmp_path / "out", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # refused before rendering anything


def test_the_lesson_needs_opencv_js_from_set_up(fake_chapter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The touch page's photo path loads OpenCV.js from the lesson folder: without it set up, a one-line error before the page is written."""
    import studio.playground
    from netcore.errors import NetcoreError

    monkeypatch.setattr(studio.playground, "OPENCV_JS", tmp_path / "no-opencv")
    out = tmp_path / "lesson"
    out.mkdir()
    with pytest.raises(NetcoreError, match="OpenCV.js is missing .*: run ./project.sh setup"):
        write_lesson(fake_chapter, out, with_slides=False, quality="l")
    assert not (out / "touch.html").exists()
