"""Class batches without rendering: rosters, content keys, the output folder, the gallery, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from netcore.errors import NetcoreError
from studio.class_folder import ClassFolder, content_key
from studio.clip import ClipJob, ClipResult, make_clip
from studio.version import code_version
from studio.gallery import gallery_html
from studio.roster import Student, read_roster
from test_cli import assert_one_line_error
from test_studio_cli import studio

DATA = Path(__file__).parent / "data"


def test_a_folder_lists_its_images_in_name_order(tmp_path: Path) -> None:
    for name in ("b.PNG", "a.jpg", "notes.txt", ".hidden.png"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.png").mkdir()
    students = read_roster(tmp_path)
    assert [(s.slug, s.name, s.image.name, s.label) for s in students] == [("a", "a", "a.jpg", None), ("b", "b", "b.PNG", None)]


def test_a_csv_gives_names_labels_and_paths_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "class.csv").write_text(
        "\ufeffPath,Name,Label\nimgs/1.png,Ana María,7\n/abs/2.png,,\nimgs/3.png,Ana María,0\nimgs/4.png,ana maría,\n", encoding="utf-8"
    )
    students = read_roster(tmp_path / "class.csv")
    assert [s.image for s in students] == [tmp_path / "imgs/1.png", Path("/abs/2.png"), tmp_path / "imgs/3.png", tmp_path / "imgs/4.png"]
    assert [s.name for s in students] == ["Ana María", "2", "Ana María", "ana maría"]
    assert [s.label for s in students] == [7, None, 0, None]
    # File-name-safe and unique, even on a case-insensitive file system.
    assert [s.slug for s in students] == ["Ana-Mar-a", "2", "Ana-Mar-a-2", "ana-mar-a-3"]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [("name\nx\n", "'path' column"), ("path,label\na.png,12\n", "line 2: label must be one digit"), ("path\n", "lists no students"), ("path\n\n,\n", "'path' column is empty")],
)
def test_a_bad_roster_is_one_error(tmp_path: Path, text: str, phrase: str) -> None:
    (tmp_path / "r.csv").write_text(text)
    with pytest.raises(NetcoreError, match=phrase):
        read_roster(tmp_path / "r.csv")


def test_the_content_key_follows_every_input() -> None:
    base = content_key(b"img", ("forward",), "l", "dark", "v1")
    others = [
        content_key(b"img2", ("forward",), "l", "dark", "v1"),
        content_key(b"img", ("forward", "matrix"), "l", "dark", "v1"),
        content_key(b"img", ("forward",), "m", "dark", "v1"),
        content_key(b"img", ("forward",), "l", "light", "v1"),
        content_key(b"img", ("forward",), "l", "dark", "v2"),
    ]
    assert base == content_key(b"img", ("forward",), "l", "dark", "v1")
    assert len({base, *others}) == 6


def test_the_code_version_changes_with_the_scenes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import studio.version

    for folder in ("netcore", "storyboard", "scenes", "assets"):
        (tmp_path / folder).mkdir()
    (tmp_path / "scenes" / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(studio.version, "PROJECT_ROOT", tmp_path)
    code_version.cache_clear()
    try:
        first = code_version()
        (tmp_path / "scenes" / "a.py").write_text("x = 2\n")
        code_version.cache_clear()
        assert code_version() != first
    finally:
        code_version.cache_clear()


def _result(slug: str) -> ClipResult:
    return ClipResult(slug, clip=b"mp4", poster=b"png", seen=b"seen", photo=b"photo", prediction=3, confidence=0.9, frames=10, seconds=1.0)


def test_a_clip_counts_as_made_only_with_its_key_and_every_file(tmp_path: Path) -> None:
    folder = ClassFolder(tmp_path / "out")
    student = Student("ana", "Ana", tmp_path / "ana.png", 3)
    assert folder.finished(student, "k1") is None
    entry = folder.save(student, "k1", _result("ana"))
    assert folder.finished(student, "k1") == entry
    assert (tmp_path / "out" / entry["clip"]).read_bytes() == b"mp4"
    assert folder.finished(student, "k2") is None  # other inputs or code: made again
    (tmp_path / "out" / entry["poster"]).unlink()
    assert folder.finished(student, "k1") is None  # a file missing: made again
    assert not [p for p in (tmp_path / "out").rglob("*.part")]


def test_the_gallery_escapes_names_and_links_only_local_files() -> None:
    made = {"status": "made", "label": 3, "right": False, "prediction": 5, "clip": "clips/x.mp4", "poster": "clips/x.png",
            "seen": "clips/x.seen.png", "photo": "clips/x.photo.png"}
    failed = {"status": "failed", "name": "Bo", "label": None, "error": "bo.png: not an image"}
    html = gallery_html([{**made, "name": "<script>alert(1)</script>"}, failed], "Class", "2 students")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "http" not in html and "//" not in html.replace("<!--", "")
    assert 'href="clips/x.mp4"' in html and 'src="clips/x.seen.png"' in html
    assert ">wrong<" in html and "not made: bo.png: not an image" in html


def _text(path: Path) -> None:
    path.write_text("not an image")


def _blank(path: Path) -> None:
    Image.new("L", (60, 60), 255).save(path)


def _bomb(path: Path) -> None:
    # 8000 x 8000 = 64 million pixels, more than netcore.preprocess.MAX_PIXELS, in a few kilobytes.
    Image.new("1", (8000, 8000), 1).save(path)


@pytest.mark.parametrize(
    ("name", "make", "phrase"),
    [("text.png", _text, "not an image"), ("blank.png", _blank, "no ink found"), ("bomb.png", _bomb, "million pixels")],
)
def test_a_bad_image_fails_its_clip_alone_before_any_render(tmp_path: Path, name: str, make, phrase: str) -> None:
    path = tmp_path / name
    make(path)
    job = ClipJob("s", f"class/{name}", path.read_bytes(), ".png", ("forward",), "l", "dark", code_version())
    result = make_clip(job)
    assert result.error is not None and phrase in result.error, result.error
    assert result.error.startswith(f"class/{name}: ")  # the student's file, not the worker's copy
    assert result.clip == b"" and result.work_seconds < 5


def test_a_worker_with_other_code_refuses() -> None:
    job = ClipJob("s", "a.jpg", (DATA / "student-seven.jpg").read_bytes(), ".jpg", ("forward",), "l", "dark", "0" * 16)
    assert "runs other code" in make_clip(job).error


def test_bad_command_lines_are_one_line(tmp_path: Path) -> None:
    assert_one_line_error(studio("batch", tmp_path / "nope", "--out", tmp_path / "o"), "no such folder or CSV file")
    assert_one_line_error(studio("batch", tmp_path, "--out", tmp_path / "o"), "no image files")
    (tmp_path / "a.png").write_bytes(b"x")
    assert_one_line_error(studio("batch", tmp_path, "--out", tmp_path / "o", "--beats", "nope"), "unknown beat 'nope'")
    assert_one_line_error(studio("batch", tmp_path, "--out", tmp_path / "a.png"), "is not a folder")
    assert_one_line_error(studio("batch", tmp_path, "--out", tmp_path / "o", "--workers", "0"), "above zero")
    assert not (tmp_path / "o").exists()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here
    (tmp_path / "a.png").write_bytes(b"x")
    line = assert_one_line_error(studio("batch", tmp_path, "--out", tmp_path / "o", "--scheduler", f"tcp://127.0.0.1:{port}"))
    assert line.startswith(f"error: cannot use the Dask scheduler tcp://127.0.0.1:{port}: ")
    assert not (tmp_path / "o").exists()
