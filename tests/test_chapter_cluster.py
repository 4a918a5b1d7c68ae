"""The chapter and the lesson rendered on Dask: byte for byte the sequential chapter, a killed worker, a bad beat.

Cheap on purpose: the two shortest beats at -ql, on 2 workers bound to
127.0.0.1 (a LocalCluster, or a scheduler and workers started as processes
to kill one); every wait is bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import Client

from netcore.errors import NetcoreError
from netcore.paths import PROJECT_ROOT
from studio.folders import MARKER
from studio.cli import main
from studio.media import faststart_mp4
from daskprocesses import dask_processes, finish_after_killing_a_worker  # noqa: F401 - dask_processes is a fixture

pytestmark = pytest.mark.render

BEATS = "neuron-bias,parameter-count"  # the two shortest beats
FILES = ("Chapter.mp4", "Chapter.srt", "Chapter.json")
WAIT = 300  # seconds: no chapter here takes a tenth of that


def studio(*args: str | Path, wait: bool = True) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run ``python -m studio ARGS`` with this checkout on PYTHONPATH and no NN_* choices."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"PYTHONPATH": str(PROJECT_ROOT)}
    command = [sys.executable, "-m", "studio", *map(str, args)]
    if wait:
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=WAIT)
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The chapter of the two beats rendered as by default: one after another, no cluster."""
    out = tmp_path_factory.mktemp("sequential")
    result = studio("chapter", "--beats", BEATS, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def assert_same_chapter(folder: Path, sequential: Path) -> None:
    for name in FILES:
        assert (folder / name).read_bytes() == (sequential / name).read_bytes(), name


def test_a_chapter_on_a_local_cluster_is_the_sequential_chapter_byte_for_byte(sequential: Path, tmp_path: Path) -> None:
    result = studio("chapter", "--beats", BEATS, "--workers", "2", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted((*FILES, MARKER))  # no work folder left behind
    assert_same_chapter(tmp_path, sequential)


def test_a_lesson_on_a_local_cluster_shows_the_sequential_chapter(sequential: Path, tmp_path: Path) -> None:
    result = studio("lesson", "--beats", BEATS, "--workers", "2", "--out", tmp_path / "lesson")
    assert result.returncode == 0, result.stderr
    lesson = tmp_path / "lesson"
    assert (lesson / "sections.json").read_bytes() == (sequential / "Chapter.json").read_bytes()
    faststart_mp4(sequential / "Chapter.mp4", tmp_path / "expected.mp4")
    assert (lesson / "lesson.mp4").read_bytes() == (tmp_path / "expected.mp4").read_bytes()


def test_a_chapter_survives_a_killed_worker(dask_processes, sequential: Path, tmp_path: Path) -> None:
    address, workers = dask_processes
    with Client(address, timeout="20s") as client:
        client.wait_for_workers(2, timeout=60)
        running = studio("chapter", "--beats", BEATS, "--scheduler", address, "--out", tmp_path / "out", wait=False)
        victim, stderr = finish_after_killing_a_worker(client, workers, running, WAIT)
        assert running.returncode == 0, stderr
        assert victim not in client.scheduler_info()["workers"]  # its beat was rendered by the other worker
    assert_same_chapter(tmp_path / "out", sequential)


@pytest.mark.parametrize("command", ["chapter", "lesson"])
def test_a_bad_beat_is_refused_before_any_cluster_starts(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import studio.cluster

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started")

    monkeypatch.setattr(studio.cluster, "LocalCluster", no_cluster)
    monkeypatch.setattr(studio.cluster, "Client", no_cluster)
    monkeypatch.setattr(studio.cluster, "render", no_cluster)
    assert main([command, "--beats", "neuron-bias,nope", "--workers", "2", "--out", str(tmp_path / "out")]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: unknown beat 'nope' (choose from"), lines
    assert list(tmp_path.iterdir()) == []


def test_workers_do_not_go_with_an_existing_chapter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lesson", "--chapter", str(tmp_path), "--workers", "2", "--out", str(tmp_path / "lesson")]) == 2
    assert "do not go with --chapter" in capsys.readouterr().err


def test_choices_travel_as_variables_and_file_bytes(tmp_path: Path) -> None:
    from netcore.choices import Choices
    from studio.cluster import portable_choices

    image = tmp_path / "mine.png"
    image.write_bytes(b"\x89PNG not really")
    variables, files = portable_choices(Choices(image=image, neuron=3, theme="light"))
    assert variables == {"NN_NEURON": "3", "NN_THEME": "light"}  # the default weights stay on the worker
    assert files == {"NN_IMAGE": (".png", image.read_bytes())}
    with pytest.raises(NetcoreError, match="gone.npz: cannot read"):
        portable_choices(Choices(weights=tmp_path / "gone.npz"))


def test_a_beats_files_are_written_where_the_join_reads_them(tmp_path: Path) -> None:
    from studio.chapter import merge_subtitles, sections
    from studio.cluster import BeatFiles

    index = b'[{"name": "sum", "duration": 2.5}, {"name": "bias", "duration": 1.5}]'
    subtitles = b"1\n00:00:00,000 --> 00:00:02,500\nThe sum.\n\n"
    video = BeatFiles("neuron-bias", "IncludeBias", b"mp4", subtitles, index, 1.0).write(tmp_path / "neuron-bias")
    assert video == tmp_path / "neuron-bias" / "IncludeBias.mp4" and video.read_bytes() == b"mp4"
    assert [s["start"] for s in sections(video)] == [0.0, 2.5]
    assert "00:00:10,000 --> 00:00:12,500" in merge_subtitles([video], [10.0])
