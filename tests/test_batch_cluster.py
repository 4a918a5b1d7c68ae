"""Class batches that render, on Dask: a LocalCluster, and a scheduler and workers started as processes.

Cheap on purpose: the shortest beat that shows the student's digit, at -ql,
for three or four students. Everything binds 127.0.0.1 and every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from netcore.network import load_network
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT
from netcore.preprocess import prepare_image_file, save_png
from netcore.samples import load_sample
from studio.cluster import check_workers, dask_client
from studio.version import code_version
from daskprocesses import dask_processes, finish_after_killing_a_worker  # noqa: F401 - dask_processes is a fixture

pytestmark = pytest.mark.render

BEAT = "neuron-bias"  # the shortest beat that depends on the student's digit
DATA = Path(__file__).parent / "data"
WAIT = 300  # seconds: no batch here takes a tenth of that


def batch(*args: str | Path, wait: bool = True) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """Run ``python -m studio batch ARGS --beats BEAT --no-progress`` with this checkout on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"PYTHONPATH": str(PROJECT_ROOT)}
    command = [sys.executable, "-m", "studio", "batch", *map(str, args), "--beats", BEAT, "--no-progress"]
    if wait:
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=WAIT)
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def sample_digit_png(path: Path, index: int) -> int:
    """Write shipped sample digit ``index`` as a PNG (light ink on dark, as MNIST); return its label."""
    sample = load_sample()
    save_png(sample.images[index] / 255.0, path, scale=4)
    return int(sample.labels[index])


def decoded_frames(video: Path) -> int:
    """Decode every frame of a video to its end; return how many there were."""
    with av.open(str(video)) as container:
        return sum(1 for _ in container.decode(video=0))


def check_made(out: Path, entry: dict) -> None:
    """A made clip: its files exist, it decodes to its end, its poster is its last frame's size."""
    assert entry["status"] in ("made", "kept"), entry
    clip = out / entry["clip"]
    assert decoded_frames(clip) == entry["frames"] > 0
    with av.open(str(clip)) as container:
        size = (container.streams.video[0].width, container.streams.video[0].height)
    assert Image.open(out / entry["poster"]).size == size == (854, 480)
    assert Image.open(out / entry["seen"]).size == (112, 112)


@pytest.fixture(scope="session")
def local_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """A roster of two good images and two bad ones, batched once on a LocalCluster of 2 workers."""
    root = tmp_path_factory.mktemp("class")
    (root / "in").mkdir()
    (root / "in" / "seven.jpg").write_bytes((DATA / "student-seven.jpg").read_bytes())
    label = sample_digit_png(root / "in" / "digit.png", 0)
    (root / "in" / "notes.png").write_text("not an image")
    Image.new("L", (50, 50), 255).save(root / "in" / "blank.png")
    wrong = (label + 1) % 10  # a deliberately wrong label, so the gallery shows "wrong" too
    (root / "class.csv").write_text(
        f"path,name,label\nin/seven.jpg,Seven <b>,7\nin/digit.png,Digit,{wrong}\nin/notes.png,Notes,\nin/blank.png,Blank,\nin/gone.png,Gone,\n"
    )
    result = batch(root / "class.csv", "--out", root / "out", "--workers", "2")
    return root, root / "out", result


def test_a_local_cluster_has_2_worker_processes_on_loopback() -> None:
    with dask_client(None, 2) as client:
        info = client.scheduler_info()
        assert info["address"].startswith("tcp://127.0.0.1:")
        assert all(address.startswith("tcp://127.0.0.1:") for address in info["workers"])
        pids = client.run(os.getpid)
        assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()
        assert check_workers(client, code_version()) == 2  # one task at a time per worker


def test_local_batch_makes_every_good_clip_and_reports_the_bad_images(local_batch) -> None:
    root, out, result = local_batch
    assert result.returncode == 3, result.stderr  # three students failed
    assert result.stderr.strip().splitlines()[-1] == "error: 3 of 5 clips failed (see report.json)"
    report = json.loads((out / "report.json").read_text())
    entries = {e["name"]: e for e in report["students"]}
    assert [e["status"] for e in report["students"]] == ["made", "made", "failed", "failed", "failed"]
    assert "not an image" in entries["Notes"]["error"] and str(root / "in" / "notes.png") in entries["Notes"]["error"]
    assert "no ink found" in entries["Blank"]["error"] and "file not found" in entries["Gone"]["error"]
    network = load_network(DEFAULT_WEIGHTS)
    for name in ("Seven <b>", "Digit"):
        entry = entries[name]
        check_made(out, entry)
        # The answer, recomputed from the same image by the network directly.
        outputs = network.forward(prepare_image_file(root / entry["image"]).reshape(-1)).output
        assert entry["prediction"] == int(np.argmax(outputs)) and entry["confidence"] == pytest.approx(float(np.max(outputs)), abs=1e-4)
        assert entry["right"] == (entry["prediction"] == entry["label"])
    assert entries["Seven <b>"]["right"] is True and entries["Digit"]["right"] is False
    assert sorted(p.name for p in (out / "clips").iterdir()) == sorted(
        f"{slug}{suffix}" for slug in ("Seven-b", "Digit") for suffix in (".mp4", ".png", ".seen.png", ".photo.png", ".json")
    )
    html = (out / "index.html").read_text()
    assert "Seven &lt;b&gt;" in html and ">right<" in html and ">wrong<" in html and html.count("not made:") == 3
    assert 'href="clips/Digit.mp4"' in html and "http" not in html


def test_a_rerun_keeps_the_finished_clips(local_batch) -> None:
    root, out, _ = local_batch
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "clips").iterdir()}
    rerun = batch(root / "class.csv", "--out", out, "--workers", "2")
    assert rerun.returncode == 3, rerun.stderr
    statuses = [e["status"] for e in json.loads((out / "report.json").read_text())["students"]]
    assert statuses == ["kept", "kept", "failed", "failed", "failed"]
    assert {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "clips").iterdir()} == before


def test_a_rerun_makes_again_a_clip_whose_json_was_edited(local_batch) -> None:
    root, out, _ = local_batch
    edited = json.loads((out / "clips" / "Digit.json").read_text())
    edited |= {"clip": "/etc/passwd", "poster": "../../../etc/passwd"}
    (out / "clips" / "Digit.json").write_text(json.dumps(edited))
    (out / "clips" / "Seven-b.json").write_text('{"key": "no other field"}')
    rerun = batch(root / "class.csv", "--out", out, "--workers", "1")
    assert rerun.returncode == 3 and "Traceback" not in rerun.stderr, rerun.stderr
    report = json.loads((out / "report.json").read_text())
    assert [e["status"] for e in report["students"]] == ["made", "made", "failed", "failed", "failed"]
    html = (out / "index.html").read_text()
    assert "/etc/passwd" not in html and "../" not in html and "/etc/passwd" not in (out / "report.json").read_text()
    for entry in report["students"][:2]:
        check_made(out, entry)


def test_a_batch_on_dask_processes_survives_a_killed_worker(dask_processes, tmp_path: Path) -> None:
    from distributed import Client

    address, workers = dask_processes
    (tmp_path / "in").mkdir()
    for index in (1, 2, 3):
        sample_digit_png(tmp_path / "in" / f"student{index}.png", index)
    with Client(address, timeout="20s") as client:
        client.wait_for_workers(2, timeout=60)
        assert set(client.scheduler_info()["workers"]) == set(workers)
        assert check_workers(client, code_version()) == 2  # the workers run this very code
        pids = client.run(os.getpid)  # the worker processes (their nannies' children)
        running = batch(tmp_path / "in", "--out", tmp_path / "out", "--scheduler", address, wait=False)
        victim, stderr = finish_after_killing_a_worker(client, workers, running, WAIT)
    assert running.returncode == 0, stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    made = report["students"]
    assert [e["slug"] for e in made] == ["student1", "student2", "student3"]
    for entry in made:
        assert entry["status"] == "made"
        check_made(tmp_path / "out", entry)
    # Every clip was made exactly once, by a worker that lived: one file each, no temporary leftovers.
    assert {e["worker"].split(":")[1] for e in made} <= {str(pid) for w, pid in pids.items() if w != victim}
    clips = sorted(p.name for p in (tmp_path / "out" / "clips").iterdir())
    assert clips == sorted(f"student{i}{s}" for i in (1, 2, 3) for s in (".mp4", ".png", ".seen.png", ".photo.png", ".json"))


def test_ctrl_c_ends_a_batch_with_one_line_its_report_and_no_process_left(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.jpg", "b.jpg"):
        (tmp_path / "in" / name).write_bytes((DATA / "student-seven.jpg").read_bytes())
    work = tmp_path / "tmp"  # the workers' temporary folders, to see when a clip is being made
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")} | {"PYTHONPATH": str(PROJECT_ROOT), "TMPDIR": str(work)}
    command = [sys.executable, "-m", "studio", "batch", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
               "--beats", BEAT, "--no-progress", "--workers", "2"]
    # As a terminal's foreground job: Ctrl-C at its default even where this suite runs with SIGINT ignored
    # (a background job of a shell ignores it, and Python then installs no KeyboardInterrupt handler).
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + WAIT
    while not list(work.glob("nn-clip-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process of the batch
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: interrupted; 2 students") and "report.json" in lines[0], stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [e["status"] for e in report["students"]] == ["failed", "failed"]
    while time.monotonic() < deadline:  # the workers and their renders stop too, in a bounded time
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("processes of the batch still run")
