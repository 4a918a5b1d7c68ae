"""Renders that fail, are killed or run side by side never lose a good video or each other's cache (issue 18)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
import srt

from netcore.paths import PROJECT_ROOT
from storyboard.registry import beat_named

sys.path.insert(0, str(PROJECT_ROOT / "tests" / "scenes"))
from cache_race import FORMULAS  # noqa: E402

pytestmark = pytest.mark.render

MANIM = str(Path(sys.executable).with_name("manim"))
BEAT = beat_named("parameter-count")  # one of the quickest beats to render


def _clean_env(**extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("NN_")}, **extra}


def test_two_renders_into_one_media_folder_share_the_cache_safely(tmp_path: Path) -> None:
    """Two scenes making the same formulas at once, cold cache: with one shared cache, one fails."""
    media = tmp_path / "media"
    runs = [
        subprocess.Popen(
            [MANIM, "-ql", "-s", "--media_dir", str(media), "tests/scenes/cache_race.py", scene],
            cwd=PROJECT_ROOT,
            env=_clean_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for scene in ("FirstOfTwo", "SecondOfTwo")
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert len(list((media / "Tex").glob("*.svg"))) == FORMULAS  # every formula published to the shared cache
    assert len(list((media / "texts").glob("*.svg"))) == FORMULAS
    assert not list(media.glob(".cache-*"))  # no private cache left behind


def _studio_render(media: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "studio", "render", BEAT.name, "--media_dir", str(media)],
        cwd=PROJECT_ROOT,
        env=_clean_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that the test can kill it with its Manim
    )


def _kill_once_rendering(run: subprocess.Popen[str], media: Path) -> None:
    """Kill the render (and its Manim) as soon as it has written part of its new video."""
    deadline = time.monotonic() + 240
    while not list(media.glob(".render-*/videos/**/partial_movie_files/**/*.mp4")):
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the render never started writing"
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    # Its Manim, orphaned, may take a moment to be reaped; until then it is a zombie, which the next
    # render must treat as gone (netcore.processes.has_ended) all the same.


def test_studio_render_replaces_the_video_only_once_complete(tmp_path: Path) -> None:
    media = tmp_path / "media"
    folder = media / "videos" / BEAT.module / "480p15"
    folder.mkdir(parents=True)
    old = {folder / f"{BEAT.scene}.mp4": b"the previous good video", folder / f"{BEAT.scene}.srt": b"1\nold\n"}
    for path, body in old.items():
        path.write_bytes(body)
        path.chmod(0o640)

    failed = _studio_render(media, NN_DIGIT="9999")
    _, stderr = failed.communicate(timeout=120)
    assert failed.returncode == 2 and stderr.startswith("error: rendering parameter-count failed: error: digit 9999")
    assert all(path.read_bytes() == body for path, body in old.items())

    _kill_once_rendering(_studio_render(media), media)
    assert all(path.read_bytes() == body for path, body in old.items())
    assert list(media.glob(".render-*")) and list(media.glob(".cache-*"))  # what a killed render leaves: the next one removes it

    done = _studio_render(media)
    stdout, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr
    video, subtitles = folder / f"{BEAT.scene}.mp4", folder / f"{BEAT.scene}.srt"
    with av.open(str(video)) as clip:
        assert clip.duration > 0
    assert len(list(srt.parse(subtitles.read_text(encoding="utf-8")))) > 0
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o640 for path in old)  # the files keep their mode
    assert (folder / "sections" / f"{BEAT.scene}.json").is_file()
    assert not list(media.glob(".render-*")) and not list(media.glob(".cache-*"))
    assert not list(folder.rglob("partial_movie_files"))
