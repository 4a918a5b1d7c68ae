"""Trust on any machine (issue 25): no user's file touched, no hang, no lesson that disagrees with its video.

Each bad case runs the command as a user would, in a subprocess under the
memory limit of test_bad_input.py, and checks one line on stderr, exit status
2, no traceback, and every file of the test's folder byte for byte as it was
(every refusal comes before any work, so the command's own output is
untouched too). Special files (FIFOs) are made in ``tmp_path`` and never read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import srt
from PIL import Image

from netcore.errors import NetcoreError
from netcore.network import Network
from studio.batch import BatchSettings, plan_batch
from studio.class_folder import ClassFolder, read_image
from studio.clip import ClipResult
from studio.folders import MARKER, Marker, claim_files, folder_made_atomically, work_folder
from studio.roster import Student, read_roster
from test_bad_input import run_limited
from test_lesson import fake_chapter  # noqa: F401 - a fixture: a small chapter render without Manim

DATA = Path(__file__).parent / "data"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root``: a file's SHA-256, or what else it is (a FIFO is never opened)."""
    entries = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        name = path.relative_to(root).as_posix()
        if stat.S_ISLNK(mode):
            entries[name] = f"link to {os.readlink(path)}"
        elif stat.S_ISREG(mode):
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[name] = "folder" if stat.S_ISDIR(mode) else "special"
    return entries


def assert_refused(done, phrases: list[str]) -> str:
    """One line on stderr naming the fault, exit status 2, no traceback, nothing on stdout."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr[-2000:]
    assert done.stdout == "" and len(lines[0]) < 400, lines[0]
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


@dataclass
class Case:
    """A command, the phrases its one line must hold, NN_* choices to run it with."""

    args: list[str | Path]
    phrases: list[str]
    choices: dict[str, str] = field(default_factory=dict)


def _files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _marker(root: Path, command: str, files: dict[str, str | None]) -> None:
    (root / MARKER).write_bytes(Marker(command, "v", files).to_json())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# 2. Output folders: a command replaces or writes only what it provably made.


def _folder_case(name: str, tmp: Path, chapter: Callable[[], Path]) -> Case:
    out = tmp / "out"
    students = tmp / "class"
    students.mkdir()
    shutil.copyfile(DATA / "student-seven.jpg", students / "a.jpg")
    batch = ["-m", "studio", "batch", students, "--out", out]
    website = {"index.html": "<h1>my site</h1>", "about.html": "me", "img/logo.png": "png"}
    if name == "lesson-into-a-website":
        _files(out, website)
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], [str(out), "did not write", "refusing"])
    if name == "lesson-into-a-class-batch":
        _files(out, {"index.html": "gallery", "report.json": "{}", "clips/a.mp4": "clip"})
        _marker(out, "batch", {"index.html": None, "report.json": None, "clips/a.mp4": None})
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], [str(out), "written by studio batch"])
    if name == "lesson-over-an-unmarked-lesson":
        _files(out, {"index.html": "an older lesson", "lesson.css": "css"})
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], ["did not write", "index.html"])
    if name == "lesson-over-its-lesson-and-a-foreign-file":
        _files(out, {"index.html": "lesson", "notes.txt": "my notes"})
        _marker(out, "lesson", {"index.html": _sha(out / "index.html")})
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], ["1 file(s) or folder(s)", "notes.txt"])
    if name == "lesson-over-its-lesson-and-an-empty-folder":
        _files(out, {"index.html": "lesson"})
        _marker(out, "lesson", {"index.html": _sha(out / "index.html")})
        (out / "drafts").mkdir()
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], ["1 file(s) or folder(s)", "drafts/"])
    if name == "lesson-over-its-lesson-edited-by-hand":
        _files(out, {"index.html": "lesson"})
        _marker(out, "lesson", {"index.html": _sha(out / "index.html")})
        (out / "index.html").write_text("lesson, with my edits")
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], ["index.html was changed"])
    if name == "lesson-with-a-damaged-marker":
        _files(out, {"index.html": "lesson", MARKER: '{"command": "lesson", "files": '})
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], [MARKER, "damaged"])
    if name == "lesson-onto-a-link-to-a-folder":
        _files(tmp / "real", website)
        out.symlink_to(tmp / "real")
        return Case(["-m", "studio", "lesson", "--chapter", chapter(), "--out", out], ["symbolic link"])
    if name == "slides-into-a-website":  # refused before the slides' render
        _files(out, website)
        return Case(["-m", "studio", "slides", "--beats", "parameter-count", "--out", out], ["did not write"])
    if name == "chapter-over-a-foreign-video":  # refused before any render
        _files(out, {"Chapter.mp4": "my own film", "holiday.mp4": "another"})
        return Case(["-m", "studio", "chapter", "--beats", "parameter-count", "--out", out],
                    ["Chapter.mp4 exists and was not written by studio chapter"])
    if name == "chapter-into-a-lesson":
        _files(out, {"index.html": "lesson"})
        _marker(out, "lesson", {"index.html": _sha(out / "index.html")})
        return Case(["-m", "studio", "chapter", "--beats", "parameter-count", "--out", out], ["written by studio lesson"])
    if name == "batch-over-a-foreign-gallery":
        _files(out, website)
        return Case(batch, ["index.html exists and was not written by studio batch"])
    if name == "batch-over-a-foreign-report":
        _files(out, {"report.json": "{}", "data.csv": "1,2"})
        return Case(batch, ["report.json exists and was not written by studio batch"])
    if name == "batch-over-a-foreign-clip":
        _files(out, {"clips/a.mp4": "a film of mine"})
        return Case(batch, ["clips/a.mp4 exists and was not written by studio batch"])
    if name == "batch-into-a-lesson":
        _files(out, {"index.html": "lesson"})
        _marker(out, "lesson", {"index.html": _sha(out / "index.html")})
        return Case(batch, ["written by studio lesson"])
    raise KeyError(name)


FOLDER_CASES = [
    "lesson-into-a-website", "lesson-into-a-class-batch", "lesson-over-an-unmarked-lesson",
    "lesson-over-its-lesson-and-a-foreign-file", "lesson-over-its-lesson-and-an-empty-folder", "lesson-over-its-lesson-edited-by-hand", "lesson-with-a-damaged-marker",
    "lesson-onto-a-link-to-a-folder", "slides-into-a-website", "chapter-over-a-foreign-video", "chapter-into-a-lesson",
    "batch-over-a-foreign-gallery", "batch-over-a-foreign-report", "batch-over-a-foreign-clip", "batch-into-a-lesson",
]


@pytest.mark.parametrize("name", FOLDER_CASES)
def test_a_folder_the_command_did_not_make_is_refused_untouched(tmp_path: Path, name: str, request: pytest.FixtureRequest) -> None:
    case = _folder_case(name, tmp_path, lambda: request.getfixturevalue("fake_chapter"))
    before = snapshot(tmp_path)
    assert_refused(run_limited(*case.args, choices=case.choices), case.phrases)
    assert snapshot(tmp_path) == before


def test_a_lesson_replaces_its_own_lesson_and_nothing_beside_it(fake_chapter: Path, tmp_path: Path) -> None:
    out = tmp_path / "lesson"
    _files(tmp_path, {"beside.txt": "mine"})
    for _ in range(2):
        done = run_limited("-m", "studio", "lesson", "--chapter", fake_chapter, "--out", out)
        assert done.returncode == 0, done.stderr
    marker = json.loads((out / MARKER).read_text())
    assert marker["command"] == "lesson" and marker["files"]["index.html"] == _sha(out / "index.html")
    assert set(marker["files"]) == {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {MARKER}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beside.txt", "chapter", "lesson"]  # no work folder left
    assert (tmp_path / "beside.txt").read_text() == "mine"


def test_claims_add_to_the_list_and_never_take_a_foreign_file(tmp_path: Path) -> None:
    _files(tmp_path, {"notes.txt": "mine"})
    marker = claim_files(tmp_path, "batch", ["index.html", "clips/a.mp4"])
    assert not (tmp_path / MARKER).exists()  # written only before the first file, by the caller
    (tmp_path / MARKER).write_bytes(marker.to_json())
    _files(tmp_path, {"index.html": "gallery"})
    again = claim_files(tmp_path, "batch", ["index.html", "clips/b.mp4"])
    assert set(again.files) == {"index.html", "clips/a.mp4", "clips/b.mp4"}
    with pytest.raises(NetcoreError, match="notes.txt exists and was not written by studio batch"):
        claim_files(tmp_path, "batch", ["notes.txt"])
    with pytest.raises(NetcoreError, match="written by studio batch, not studio chapter"):
        claim_files(tmp_path, "chapter", ["Chapter.mp4"])


# SIGTERM or SIGKILL: no hidden work folder stays behind.


def test_the_next_run_removes_work_folders_of_killed_runs_only(tmp_path: Path) -> None:
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)  # a process id that no longer runs
    host = socket.gethostname()
    _files(tmp_path, {".lesson-killed/.studio-work": f"{host} {dead}\n", ".lesson-killed/finished/index.html": "half",
                      ".lesson-running/.studio-work": f"{host} {os.getpid()}\n", ".lesson-someone/notes.txt": "not ours",
                      ".lesson-elsewhere/.studio-work": f"another-host {dead}\n"})
    with folder_made_atomically(tmp_path / "lesson", "lesson") as work:
        _files(work, {"index.html": "page"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lesson-elsewhere", ".lesson-running", ".lesson-someone", "lesson"]


def test_sigterm_during_a_lesson_leaves_no_hidden_folder(fake_chapter: Path, tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    from netcore.paths import PROJECT_ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}
    command = [sys.executable, "-m", "studio", "lesson", "--chapter", str(fake_chapter), "--out", str(tmp_path / "lesson")]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".lesson-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)  # until the lesson is being made in its work folder
    assert process.poll() is None, "the lesson finished before it could be stopped"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in stderr, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chapter"]


# 3. A batch re-run checks each kept clip's .json.


def _made(tmp_path: Path) -> tuple[ClassFolder, Student, dict]:
    folder = ClassFolder(tmp_path / "out")
    student = Student("ana", "Ana", tmp_path / "ana.png", 3)
    result = ClipResult("ana", clip=b"mp4", poster=b"png", seen=b"seen", photo=b"photo", prediction=3, confidence=0.9,
                        frames=10, seconds=1.0, render_seconds=0.5, work_seconds=0.7)
    return folder, student, folder.save(student, "k1", result)


TAMPERED = {
    "clip-is-etc-passwd": lambda e: e | {"clip": "/etc/passwd"},
    "clip-leaves-the-folder": lambda e: e | {"clip": "../../../etc/passwd"},
    "poster-of-another-student": lambda e: e | {"poster": "clips/bo.png"},
    "no-prediction": lambda e: {k: v for k, v in e.items() if k != "prediction"},
    "prediction-as-text": lambda e: e | {"prediction": "3"},
    "prediction-out-of-range": lambda e: e | {"prediction": 12},
    "prediction-true": lambda e: e | {"prediction": True},
    "confidence-above-one": lambda e: e | {"confidence": 7.5},
    "frames-negative": lambda e: e | {"frames": -1},
    "seconds-null": lambda e: e | {"seconds": None},
    "worker-a-list": lambda e: e | {"worker": ["x"]},
    "a-list-not-an-object": lambda e: [e],
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_a_damaged_or_edited_clip_json_means_the_clip_is_made_again(tmp_path: Path, name: str) -> None:
    folder, student, entry = _made(tmp_path)
    assert folder.finished(student, "k1") == entry
    (folder.clips / "ana.json").write_text(json.dumps(TAMPERED[name](entry)))
    assert folder.finished(student, "k1") is None


@pytest.mark.parametrize("text", ['{"clip": NaN}', "{", "", "\x00\x01"])
def test_a_clip_json_that_is_not_json_means_the_clip_is_made_again(tmp_path: Path, text: str) -> None:
    folder, student, _ = _made(tmp_path)
    (folder.clips / "ana.json").write_text(text)
    assert folder.finished(student, "k1") is None


def test_a_kept_clip_whose_file_became_a_link_is_made_again(tmp_path: Path) -> None:
    folder, student, entry = _made(tmp_path)
    (tmp_path / "out" / entry["clip"]).unlink()
    (tmp_path / "out" / entry["clip"]).symlink_to("/etc/passwd")
    assert folder.finished(student, "k1") is None


def test_a_kept_entry_holds_only_the_fields_the_batch_writes(tmp_path: Path) -> None:
    folder, student, entry = _made(tmp_path)
    (folder.clips / "ana.json").write_text(json.dumps(entry | {"link": "http://example.com", "status": "made"}))
    assert folder.finished(student, "k1") == entry


# 4. Hangs and unbounded work.


def _within(seconds: float, call: Callable[[], object]) -> object:
    """``call()``'s result, failing (not hanging) if it takes longer than ``seconds``."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]


def test_a_fifo_named_like_an_image_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.png")
    shutil.copyfile(DATA / "student-seven.jpg", tmp_path / "b.jpg")
    students = _within(10, lambda: read_roster(tmp_path))
    assert [s.name for s in students] == ["b"]  # only regular files are students


def test_a_fifo_in_a_roster_fails_its_student_alone_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.png")
    shutil.copyfile(DATA / "student-seven.jpg", tmp_path / "b.jpg")
    (tmp_path / "class.csv").write_text("path,name\npipe.png,Pipe\nb.jpg,Bo\n")
    students = read_roster(tmp_path / "class.csv")
    entries: dict = {}
    todo = _within(10, lambda: plan_batch(students, ClassFolder(tmp_path / "out"), BatchSettings(("forward",), "l", "dark"), entries))
    assert [s.name for s in todo] == ["Bo"]
    assert entries["Pipe"]["status"] == "failed" and "is a FIFO, not a regular file" in entries["Pipe"]["error"]
    with pytest.raises(NetcoreError, match="is a FIFO"):
        _within(10, lambda: read_image(students[0]))


def test_ten_thousand_equal_names_get_unique_slugs_in_linear_time(tmp_path: Path) -> None:
    (tmp_path / "class.csv").write_text("path,name\n" + "a.png,Ana\n" * 9_998 + "a.png,Ana-2\na.png,ANA\n")
    began = time.perf_counter()
    students = read_roster(tmp_path / "class.csv")
    assert time.perf_counter() - began < 2.0
    slugs = [s.slug for s in students]
    assert len({slug.lower() for slug in slugs}) == 10_000
    assert slugs[:3] == ["Ana", "Ana-2", "Ana-3"] and slugs[-2:] == ["Ana-2-2", "ANA-9999"]


def _roster_case(name: str, tmp: Path) -> Case:
    batch = ["-m", "studio", "batch"]
    if name == "roster-is-a-fifo":
        os.mkfifo(tmp / "class.csv")
        return Case([*batch, tmp / "class.csv", "--out", tmp / "out"], [str(tmp / "class.csv"), "is a FIFO, not a regular file"])
    if name == "folder-of-fifos-only":
        os.mkfifo(tmp / "a.png")
        return Case([*batch, tmp, "--out", tmp / "out"], ["no image files"])
    if name == "roster-over-the-size-cap":
        with open(tmp / "class.csv", "wb") as file:
            file.truncate(17 * 2**20)  # sparse: nothing is written, and nothing must be read
        return Case([*batch, tmp / "class.csv", "--out", tmp / "out"], [str(tmp / "class.csv"), "more than the"])
    if name == "nul-byte-in-a-roster-path":
        (tmp / "class.csv").write_text("path,name\nok.png,Ana\nbad\0.png,Bo\n")
        return Case([*batch, tmp / "class.csv", "--out", tmp / "out"], [str(tmp / "class.csv"), "line 3", "NUL byte"])
    if name == "workers-beyond-the-bound":
        (tmp / "a.png").write_bytes(b"x")
        return Case([*batch, tmp, "--out", tmp / "out", "--workers", "10" * 30], ["--workers", "at most"])
    if name == "weights-with-a-layer-of-0-neurons":
        network = Network.random([784, 16, 16, 10], seed=1)
        arrays = {f"W{i}": w for i, w in enumerate(network.weights, 1)} | {f"b{i}": b for i, b in enumerate(network.biases, 1)}
        arrays |= {"W1": np.zeros((0, 784)), "b1": np.zeros(0), "W2": np.zeros((16, 0))}
        np.savez(tmp / "w.npz", **arrays)
        return Case(["-m", "studio", "scene-data", "forward", "--weights", tmp / "w.npz"], [str(tmp / "w.npz"), "layer 1 has 0 neurons"])
    raise KeyError(name)


ROSTER_CASES = ["roster-is-a-fifo", "folder-of-fifos-only", "roster-over-the-size-cap", "nul-byte-in-a-roster-path",
                "workers-beyond-the-bound", "weights-with-a-layer-of-0-neurons"]


@pytest.mark.parametrize("name", ROSTER_CASES)
def test_a_bad_roster_or_setting_is_one_line_and_never_blocks(tmp_path: Path, name: str) -> None:
    case = _roster_case(name, tmp_path)
    before = snapshot(tmp_path)
    assert_refused(run_limited(*case.args, choices=case.choices), case.phrases)
    assert snapshot(tmp_path) == before


# 5 and 6. A lesson never disagrees with its render; every chapter file is checked before encoding.


def _edit_index(chapter: Path, edit: Callable[[dict], object]) -> None:
    index = json.loads((chapter / "Chapter.json").read_text())
    (chapter / "Chapter.json").write_text(json.dumps(edit(index)))


def _section(index: dict, **fields: object) -> dict:
    index["beats"][0]["sections"][0].update(fields)
    return index


CHAPTER_CASES: dict[str, tuple[Callable[[Path], dict[str, str] | None], list[str]]] = {
    # The render's recorded inputs against the lesson's choices.
    "another-digit": (lambda c: {"NN_DIGIT": "1"}, ["chapter render", "digit sample_index 11", "sample_index 1"]),
    "another-theme": (lambda c: {"NN_THEME": "light"}, ["theme dark", "light"]),
    "another-neuron": (lambda c: {"NN_NEURON": "3"}, ["neuron none (the default)", "give 3"]),
    "other-weights": (lambda c: _edit_index(c, lambda i: i | {"inputs": i["inputs"] | {"weights_sha256": "0" * 64}}), ["weights_sha256"]),
    "other-code": (lambda c: _edit_index(c, lambda i: i | {"inputs": i["inputs"] | {"code_version": "0" * 16}}), ["code_version"]),
    # Chapter.json of the wrong shape or types.
    "index-an-empty-object": (lambda c: _edit_index(c, lambda i: {}), ["Chapter.json", "has no inputs"]),
    "index-a-string": (lambda c: _edit_index(c, lambda i: "beats"), ["Chapter.json", "not a chapter index"]),
    "index-null": (lambda c: _edit_index(c, lambda i: None), ["Chapter.json", "not a chapter index"]),
    "index-of-an-older-version": (lambda c: _edit_index(c, lambda i: i["beats"]), ["Chapter.json", "older version"]),
    "index-without-inputs": (lambda c: _edit_index(c, lambda i: {"beats": i["beats"]}), ["Chapter.json", "has no inputs"]),
    "index-with-inputs-of-strings": (lambda c: _edit_index(c, lambda i: i | {"inputs": {k: "x" for k in i["inputs"]}}), ["Chapter.json", "weights_sha256"]),
    "section-without-its-fields": (lambda c: _edit_index(c, lambda i: i | {"beats": [{**i["beats"][0], "sections": [{"name": "x"}]}]}),
                                   ["Chapter.json", "has no beats.0.sections.0.start"]),
    "start-not-a-number": (lambda c: _edit_index(c, lambda i: _section(i, chapter_start="soon")), ["Chapter.json", "beats.0.sections.0.chapter_start: input should be a valid number (found 'soon')"]),
    "start-nan": (lambda c: _write(c / "Chapter.json", (c / "Chapter.json").read_text().replace('"chapter_start": 0.0', '"chapter_start": NaN', 1)),
                  ["Chapter.json", "NaN"]),
    "start-minus-50": (lambda c: _edit_index(c, lambda i: _section(i, chapter_start=-50)), ["Chapter.json", "chapter_start: input should be greater than or equal to 0 (found -50)"]),
    "start-1e308": (lambda c: _edit_index(c, lambda i: _section(i, duration=1e308)), ["Chapter.json", "duration: input should be less than or equal to 86400 (found 1e+308)"]),
    "an-unknown-beat": (lambda c: _edit_index(c, lambda i: i | {"beats": [{**i["beats"][0], "beat": "nope"}]}), ["Chapter.json", "unknown beat 'nope'"]),
    "index-not-json": (lambda c: _write(c / "Chapter.json", "{'beats': []}"), ["Chapter.json", "not JSON"]),
    # Chapter.srt and Chapter.mp4.
    "a-damaged-srt": (lambda c: _write(c / "Chapter.srt", "1\n00:00:00,000 --> soon\nhello\n\n2\nnonsense\n"), ["Chapter.srt", "not SubRip subtitles"]),
    "subtitles-after-the-video": (
        lambda c: _write(c / "Chapter.srt", srt.compose([srt.Subtitle(1, srt.timedelta(seconds=1), srt.timedelta(seconds=5000), "late")])),
        ["Chapter.srt", "outside the"]),
    "a-png-named-chapter-mp4": (lambda c: _png(c / "Chapter.mp4"), ["Chapter.mp4", "not an MP4 video"]),
    "a-corrupt-video-stream": (lambda c: _corrupt(c / "Chapter.mp4"), ["Chapter.mp4", "damaged video"]),
    "chapter-mp4-a-fifo": (lambda c: _fifo(c / "Chapter.mp4"), ["Chapter.mp4", "is a FIFO"]),
}


def _write(path: Path, text: str) -> None:
    path.write_text(text)


def _png(path: Path) -> None:
    Image.new("RGB", (64, 48)).save(path, format="PNG")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _corrupt(video: Path) -> None:
    data = bytearray(video.read_bytes())
    start = data.find(b"mdat") + 200
    for i in range(start, start + (len(data) - start) // 2, 97):
        data[i] ^= 0xFF
    video.write_bytes(bytes(data))


@pytest.mark.parametrize("name", list(CHAPTER_CASES))
def test_a_lesson_refuses_a_render_it_would_disagree_with(fake_chapter: Path, tmp_path: Path, name: str) -> None:
    make, phrases = CHAPTER_CASES[name]
    choices = make(fake_chapter) or {}
    before = snapshot(tmp_path)
    done = run_limited("-m", "studio", "lesson", "--chapter", fake_chapter, "--out", tmp_path / "lesson", choices=choices)
    assert_refused(done, phrases)
    assert snapshot(tmp_path) == before  # no lesson folder, no work folder: refused before any encoding


def test_the_index_records_the_inputs_of_the_render(fake_chapter: Path, tmp_path: Path) -> None:
    done = run_limited("-m", "studio", "lesson", "--chapter", fake_chapter, "--out", tmp_path / "lesson")
    assert done.returncode == 0, done.stderr
    inputs = json.loads((tmp_path / "lesson" / "sections.json").read_text())["inputs"]
    assert inputs["digit"] == {"sample_index": 11} and inputs["theme"] == "dark" and inputs["neuron"] is None
    assert set(inputs) == {"weights_sha256", "digit", "neuron", "theme", "voice", "code_version"}
