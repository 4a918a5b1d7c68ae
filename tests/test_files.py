"""Atomic writes: links written through, special files refused, modes kept, the target named."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from netcore.errors import NetcoreError, one_line
from netcore.files import move_into_place, write_atomically


def _no_leftovers(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_a_link_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    target = tmp_path / "elsewhere" / "data.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomically(link, b"new")
    assert link.is_symlink() and target.read_text() == "new"
    _no_leftovers(tmp_path)
    _no_leftovers(target.parent)


def test_a_dangling_link_makes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made" / "data.json")
    write_atomically(link, b"new")
    assert link.is_symlink() and (tmp_path / "made" / "data.json").read_text() == "new"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "f.json"
    path.write_text("old")
    path.chmod(mode)
    write_atomically(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == mode and path.read_text() == "new"


def test_a_new_file_gets_what_open_would_give(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "f.json", b"new")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "f.json").stat().st_mode) == 0o640


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-to-fifo"])
def test_special_targets_are_refused_and_kept(tmp_path: Path, kind: str) -> None:
    special = tmp_path / "special"
    os.mkfifo(special) if kind != "folder" else special.mkdir()
    path = tmp_path / "link" if kind == "link-to-fifo" else special
    if kind == "link-to-fifo":
        path.symlink_to(special)
    with pytest.raises(NetcoreError, match=rf"^{path}: is a (FIFO|folder), not a regular file; refusing to replace it$"):
        write_atomically(path, b"new")
    assert special.is_fifo() or special.is_dir()
    _no_leftovers(tmp_path)


def test_a_file_in_place_of_a_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    for path in (tmp_path / "afile" / "f.json", tmp_path / "afile" / "deeper" / "f.json"):
        with pytest.raises(NetcoreError, match=rf"^{path}: cannot write: a parent of it is a file, not a folder$"):
            write_atomically(path, b"new")


def test_move_into_place_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "Chapter.mp4"
    path.write_text("old")
    path.chmod(0o604)
    finished = tmp_path / ".Chapter.mp4.new"
    finished.write_text("new")
    move_into_place(finished, path)
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o604 and not finished.exists()


def test_move_into_place_onto_a_fifo_removes_the_finished_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    finished = tmp_path / "finished"
    finished.write_text("new")
    with pytest.raises(NetcoreError, match="is a FIFO"):
        move_into_place(finished, tmp_path / "fifo")
    assert (tmp_path / "fifo").is_fifo() and not finished.exists()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("digit " + "5" * 5000 + " is out of range", "digit " + "5" * 60 + "...(5000 characters) is out of range"),
        ("a.npz\nb: weights file not found", "a.npz b: weights file not found"),
        ("short words stay", "short words stay"),
    ],
)
def test_one_line_cuts_long_words_and_joins_lines(message: str, expected: str) -> None:
    assert one_line(message) == expected


def test_a_zombie_or_missing_process_has_ended_and_a_live_or_foreign_one_has_not() -> None:
    import socket
    import subprocess
    import sys

    from netcore.processes import has_ended

    here = socket.gethostname()
    assert not has_ended(here, os.getpid())
    assert not has_ended("another-machine", 2**22 + 7)  # not ours to judge
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while not Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z":
        assert time.monotonic() < deadline, "the child never exited"
        time.sleep(0.05)
    assert has_ended(here, child.pid)  # exited, not yet reaped: a zombie
    child.wait()
