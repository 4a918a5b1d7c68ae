"""The lesson page and the slides, made from a real render and opened in a real headless Chromium.

One short lesson (two beats at 480p, with slides) is made once for the module;
the page is checked both from a static server on 127.0.0.1 and from file://.
Screenshots are saved in the module's temporary folder, under screenshots/.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import pptx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import WAIT_SECONDS, chromium, console_errors, static_server
from storyboard.registry import beat_named
from studio.media import duration
from studio.slides import slide_scene
from test_studio_cli import studio

pytestmark = pytest.mark.render

BEATS = ("neuron-bias", "parameter-count")  # two of the shortest beats: cheap, and a join between beats


@pytest.fixture(scope="module")
def lesson(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A lesson of two beats with its slides, made by the command line as a teacher would."""
    out = tmp_path_factory.mktemp("lesson") / "lesson"
    made = studio("lesson", "--beats", ",".join(BEATS), "--slides", "--out", out, timeout=600)
    assert made.returncode == 0, made.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def _screenshot(driver, lesson: Path, name: str) -> Path:
    folder = lesson.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    assert driver.save_screenshot(str(folder / name))
    return folder / name


def _open(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script("return document.getElementById('lesson-video').readyState >= 1")
    )


def _track_cues(driver, kind: str) -> list[dict]:
    """The cues of the video's track of this kind, once the browser has loaded it."""
    driver.execute_script(f"const t = document.querySelector('track[kind={kind}]'); if (t.track.mode === 'disabled') t.track.mode = 'hidden';")
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.execute_script(f"return document.querySelector('track[kind={kind}]').readyState") == 2
    )
    return driver.execute_script(
        f"return [...document.querySelector('track[kind={kind}]').track.cues].map(c => ({{start: c.startTime, end: c.endTime, text: c.text, id: c.id}}));"
    )


@pytest.mark.parametrize("served", [True, False], ids=["static-server", "file"])
def test_page_loads_with_video_tracks_and_no_console_error(lesson: Path, browser, served: bool) -> None:
    with static_server(lesson) as url:
        _open(browser, (url if served else lesson.as_uri() + "/") + "index.html")
        assert console_errors(browser) == []
        seconds = browser.execute_script("return document.getElementById('lesson-video').duration")
        rendered = _sections(lesson)[-1]
        assert seconds == pytest.approx(rendered["start"] + rendered["duration"], abs=0.1)
        assert seconds == pytest.approx(duration(lesson / "lesson.mp4"), abs=0.05)
        # The lesson is narrated (the default voice): the captions are the words each step says, in order,
        # in cues that stay inside the step's section.
        steps = [step["words"] for beat in BEATS for step in json.loads((lesson / "records" / f"{beat}.json").read_text())["steps"]]
        captions = _track_cues(browser, "captions")
        for section, words in zip(_sections(lesson), steps, strict=True):
            end = section["start"] + section["duration"]
            # Times are stored to the millisecond and added up, so they may differ by a few: allow 10 ms.
            inside = [c for c in captions if section["start"] - 0.01 <= c["start"] and c["end"] <= end + 0.01]
            assert " ".join(c["text"].replace("\n", " ") for c in inside) == " ".join(words.split()), section["id"]
        assert all(c["end"] - c["start"] >= 0.999 for c in captions)  # no fragment flashes by
        chapters = _track_cues(browser, "chapters")
        expected = [(s["start"], s["start"] + s["duration"], s["id"]) for s in _sections(lesson)]
        assert len(chapters) == len(expected)
        for cue, (start, end, ident) in zip(chapters, expected):
            assert cue["id"] == ident and cue["start"] == pytest.approx(start, abs=1e-3) and cue["end"] == pytest.approx(end, abs=1e-3)
        assert console_errors(browser) == []
        if served:  # everything the page loaded came from the lesson folder (file:// pages keep no such record)
            loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
            assert "lesson.css" in " ".join(loaded) and all(name.startswith(url) for name in loaded)
            _screenshot(browser, lesson, "lesson.png")


@pytest.mark.parametrize("source", ["lesson.mp4", "lesson.webm"])
def test_the_video_plays_its_sound(lesson: Path, browser, source: str) -> None:
    """Chromium decodes sound from either file the page offers (AAC in the MP4, Opus in the WebM)."""
    with static_server(lesson) as url:
        _open(browser, url + "index.html")
        decoded = browser.execute_async_script(
            """const [source, done] = arguments;
            const v = document.getElementById('lesson-video');
            v.src = source; v.muted = true;  // muted still decodes; nothing to hear on a test machine
            v.play().then(() => setTimeout(() => { v.pause(); done([v.webkitAudioDecodedByteCount, v.currentTime]); }, 2000),
                          e => done([-1, String(e)]));""",
            source,
        )
        assert decoded[0] > 0, decoded
        assert console_errors(browser) == []


def test_nothing_refers_to_the_internet(lesson: Path) -> None:
    for name in ("index.html", "lesson.css", "lesson.js"):
        assert "://" not in (lesson / name).read_text(encoding="utf-8"), name


def _sections(lesson: Path) -> list[dict]:
    """Every section of the render's own section index (sections.json): id "beat/section", start, duration."""
    index = json.loads((lesson / "sections.json").read_text())
    return [
        {"id": f"{beat['beat']}/{s['name']}", "start": s["chapter_start"], "duration": s["duration"]}
        for beat in index["beats"]
        for s in beat["sections"]
    ]


def test_contents_entries_seek_the_video(lesson: Path, browser) -> None:
    with static_server(lesson) as url:
        _open(browser, url + "index.html")
        buttons = browser.find_elements(By.CSS_SELECTOR, "nav button.seek")
        assert len(buttons) == len(BEATS) + len(_sections(lesson))
        for button in (buttons[-1], buttons[len(buttons) // 2]):
            start = float(button.get_attribute("data-start"))
            assert start > 0
            button.click()
            WebDriverWait(browser, WAIT_SECONDS).until(
                lambda d: not d.execute_script("return document.getElementById('lesson-video').seeking")
            )
            now = browser.execute_script("return document.getElementById('lesson-video').currentTime")
            assert start <= now < start + 1.0  # it plays on from there
        # Keyboard: Tab reaches the buttons, Enter seeks.
        first = buttons[1]
        first.send_keys(Keys.ENTER)
        now = browser.execute_script("return document.getElementById('lesson-video').currentTime")
        assert float(first.get_attribute("data-start")) <= now < float(first.get_attribute("data-start")) + 1.0
        assert console_errors(browser) == []


def test_slides_advance_to_slide_two(lesson: Path, browser) -> None:
    with static_server(lesson) as url:
        browser.get(url + "slides/slides.html")
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return !!(window.Reveal && Reveal.isReady())"))
        assert browser.execute_script("return Reveal.getIndices().h") == 0
        total = browser.execute_script("return Reveal.getTotalSlides()")
        assert total == len(_sections(lesson))
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return Reveal.getIndices().h") == 1)
        loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert any(name.endswith("reveal.js/dist/reveal.js") for name in loaded)
        assert all(name.startswith(url) or name.startswith("data:") for name in loaded)
        assert console_errors(browser) == []
        _screenshot(browser, lesson, "slides.png")


def test_slides_say_their_step(lesson: Path, browser) -> None:
    """From the second slide on, a slide's video plays its step's narration (the first is muted by
    manim-slides: browsers refuse to start sound before the viewer has pressed a key)."""
    with static_server(lesson) as url:
        browser.get(url + "slides/slides.html")
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return !!(window.Reveal && Reveal.isReady())"))
        video = "document.querySelector('.slide-background.present video')"
        assert browser.execute_script(f"return {video}.muted") is True
        browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script("return Reveal.getIndices().h") == 1)
        WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.execute_script(f"const v = {video}; return !!v && v.currentTime > 1.5"))
        muted, decoded = browser.execute_script(f"const v = {video}; return [v.muted, v.webkitAudioDecodedByteCount];")
        assert muted is False and decoded > 0
        assert console_errors(browser) == []


def test_pptx_has_one_slide_per_section_with_its_video(lesson: Path) -> None:
    deck = pptx.Presentation(str(lesson / "slides" / "slides.pptx"))
    sections = _sections(lesson)
    assert len(deck.slides) == len(sections)
    records = [json.loads((lesson / "records" / f"{beat}.json").read_text()) for beat in BEATS]
    words = [step["words"] for record in records for step in record["steps"]]
    assert [slide.notes_slide.notes_text_frame.text for slide in deck.slides] == words  # the speaker says the step's words
    assert all(any(shape.shape_type == pptx.enum.shapes.MSO_SHAPE_TYPE.MEDIA for shape in slide.shapes) for slide in deck.slides)


def test_manim_slides_present_can_load_the_presentations(lesson: Path) -> None:
    """What ``manim-slides present --folder slides/manim-slides ...`` loads first: every slide's video, in place."""
    from manim_slides.config import PresentationConfig

    folder = lesson / "slides" / "manim-slides"
    presentations = [PresentationConfig.from_file(folder / f"{slide_scene(beat_named(beat))}.json") for beat in BEATS]
    assert sum(len(p.slides) for p in presentations) == len(_sections(lesson))
    assert all(slide.file.is_relative_to(folder) for p in presentations for slide in p.slides)
    for slide in (slide for p in presentations for slide in p.slides):  # each says its step, as long as it lasts
        with av.open(str(slide.file)) as container:
            video, audio = container.streams.video[0], container.streams.audio[0]
            frame = 1 / float(video.guessed_rate)
            assert abs(float(audio.duration * audio.time_base) - video.frames * frame) <= frame, slide.file.name
