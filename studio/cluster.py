"""Work on Dask, shared by the chapter, the lesson and the class batch: the client, the code check, the beat task.

A render is a task that gets everything as bytes and returns everything as
bytes, so workers need the project's code (checked at start: every worker
must compute the client's :func:`code_version`) but no file system shared
with the client. By default a ``LocalCluster`` on 127.0.0.1 with one
single-threaded worker process per render (one render uses one core), or
the workers of an existing scheduler (``--scheduler tcp://HOST:PORT``).
Dask runs a killed worker's task again on another worker.

The chapter's unit of work is one beat (:class:`BeatJob` ->
:func:`render_beat_files` -> :class:`BeatFiles`): its video, its subtitles
and its section index come back as bytes and the client writes them in the
layout :func:`studio.chapter.build` joins, so a chapter rendered on Dask is
byte for byte the one rendered beat after beat.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from distributed import Client, LocalCluster, as_completed

from netcore.choices import Choices, read_choices
from netcore.errors import NetcoreError
from storyboard.registry import Beat, beat_named, neighbour_choices
from studio.render import render
from studio.version import code_version

__all__ = [
    "BeatFiles", "BeatJob", "BeatRenderer", "add_cluster_options", "beat_renderer", "check_same_code",
    "check_workers", "dask_client", "max_workers", "render_beat_files", "render_each", "worker_name",
]

CONNECT_SECONDS = 10  # how long to wait for a scheduler and its first worker
WORKERS_PER_CORE = 4  # a local worker process and its Manim render take some 300-600 MB

# Each rendered beat is logged here (debug level), with its seconds in Manim (``render_seconds``) and ``worker`` as extras.
log = logging.getLogger(__name__)
# Renders the beats into a work folder, each in a folder of its own; returns each beat's video, in order.
BeatRenderer = Callable[[list[Beat], str, Path], list[Path]]


def check_same_code(client_version: str) -> None:
    """Stop a task on a worker whose code differs from the client's (a worker that joined later)."""
    if client_version != code_version():
        raise NetcoreError(f"this worker runs other code (version {code_version()}, the client {client_version}): "
                           "install the same project version on every worker")


def worker_name() -> str:
    """Who made a result: ``host:process``."""
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of the given scheduler, or of a new LocalCluster on 127.0.0.1 (one process per worker)."""
    with ExitStack() as stack:
        try:
            if scheduler is None:
                # One thread per worker process: each task runs one Manim render, which uses one core.
                cluster = stack.enter_context(LocalCluster(
                    n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None,
                    # The scheduler's HTTP server (health checks) on a free loopback port, not on 8787 of every interface.
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    # A worker's failure reaches the caller; its log lines (a heartbeat lost as the cluster closes) are noise.
                    silence_logs=logging.CRITICAL,
                    preload=["studio.worker_signals"],  # Ctrl-C stops the client, which stops the workers
                ))
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(scheduler, timeout=f"{CONNECT_SECONDS}s"))
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise NetcoreError(f"cannot use the Dask scheduler {scheduler or '(local)'}: {reason}") from None
        yield client


def check_workers(client: Client, version: str) -> int:
    """Every worker must run the same code as this client; return how many tasks they run at once."""
    versions = client.run(code_version)
    other = {worker: v for worker, v in versions.items() if v != version}
    if other:
        worker, v = next(iter(other.items()))
        raise NetcoreError(f"worker {worker} runs other code (version {v}, this client {version}): install the same project on every worker")
    return sum(info["nthreads"] for info in client.scheduler_info()["workers"].values())


@dataclass(frozen=True)
class BeatJob:
    """Everything a worker needs to render one beat of the chapter; input files travel as bytes."""

    beat: str
    quality: str
    choices: dict[str, str]  # NN_* variables, as the client resolved them
    files: dict[str, tuple[str, bytes]]  # NN_* variables naming a file: (its suffix, its bytes)
    code_version: str


@dataclass(frozen=True)
class BeatFiles:
    """A rendered beat: its video, subtitles and section index, as bytes."""

    beat: str
    scene: str
    video: bytes
    subtitles: bytes
    sections: bytes
    render_seconds: float
    worker: str = field(default_factory=worker_name)

    def write(self, folder: Path) -> Path:
        """Write the files as Manim lays them out (``sections/`` beside the video); return the video."""
        (folder / "sections").mkdir(parents=True)
        video = folder / f"{self.scene}.mp4"
        video.write_bytes(self.video)
        video.with_suffix(".srt").write_bytes(self.subtitles)
        (folder / "sections" / f"{self.scene}.json").write_bytes(self.sections)
        return video


def render_beat_files(job: BeatJob) -> BeatFiles:
    """Render one beat on whichever machine runs this (a Dask worker) and return its files."""
    check_same_code(job.code_version)
    beat = beat_named(job.beat)
    with tempfile.TemporaryDirectory(prefix="nn-beat-") as folder:
        work = Path(folder)
        choices = dict(job.choices)
        for variable, (suffix, data) in job.files.items():
            path = work / f"{variable.lower()}{suffix}"
            path.write_bytes(data)
            choices[variable] = str(path)
        began = time.perf_counter()
        video = render(beat, job.quality, work / "media", choices)
        seconds = time.perf_counter() - began
        return BeatFiles(job.beat, beat.scene, video.read_bytes(), video.with_suffix(".srt").read_bytes(),
                         (video.parent / "sections" / f"{beat.scene}.json").read_bytes(), seconds)


def portable_choices(choices: Choices) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """The choices as NN_* variables, and the files they name as bytes, for a machine without this one's disk.

    Defaults are left out (the worker has the same project); a file the
    choices name (the user's image, a weights file) is read here, so a
    missing one stops the chapter before any render.
    """
    variables, files = {}, {}
    for choice in dataclasses.fields(Choices):
        value = getattr(choices, choice.name)
        if value is None or value == choice.default:
            continue
        variable = f"NN_{choice.name.upper()}"
        if isinstance(value, Path):
            try:
                files[variable] = (value.suffix, value.read_bytes())
            except OSError as exc:
                raise NetcoreError(f"{value}: cannot read ({exc.strerror or exc})") from None
        else:
            variables[variable] = str(value)
    return variables, files


def _rendered(beat: str, seconds: float, worker: str) -> None:
    log.debug("%s rendered in %.1f s by %s", beat, seconds, worker,
             extra={"beat": beat, "render_seconds": seconds, "worker": worker})


def render_each(beats: list[Beat], quality: str, work: Path) -> list[Path]:
    """Render the beats one after another in this process chain: no cluster.

    Each beat is told its neighbours in ``beats`` (``NN_PREVIOUS_BEAT``, ``NN_NEXT_BEAT``), as on Dask.
    """
    videos = []
    own = {k: v for k, v in os.environ.items() if k.startswith("NN_")}
    for position, beat in enumerate(beats):
        began = time.perf_counter()
        videos.append(render(beat, quality, work / beat.name, own | neighbour_choices(beats, position)))
        _rendered(beat.name, time.perf_counter() - began, worker_name())
    return videos


def render_on_dask(scheduler: str | None, workers: int | None, beats: list[Beat], quality: str, work: Path) -> list[Path]:
    """Render each beat as one task on Dask and write its files under ``work/<beat>``; return the videos in order.

    The first failure (a render's error, or a task whose workers kept dying)
    stops the whole chapter with its message; Dask has already re-run a task
    whose worker died once.
    """
    variables, files = portable_choices(read_choices())
    version = code_version()
    with dask_client(scheduler, None if workers is None else min(workers, len(beats))) as client:
        check_workers(client, version)
        run = uuid.uuid4().hex[:8]
        futures = {
            client.submit(render_beat_files, BeatJob(beat.name, quality, variables | neighbour_choices(beats, position), files, version),
                          key=f"beat-{beat.name}-{run}", pure=False): beat
            for position, beat in enumerate(beats)
        }
        videos = {}
        for future in as_completed(futures):
            try:
                made: BeatFiles = future.result()
            except NetcoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after repeated worker deaths
                raise NetcoreError(f"rendering {futures[future].name} on Dask failed: "
                                   f"{type(exc).__name__}: {' '.join(str(exc).split())}") from None
            videos[made.beat] = made.write(work / made.beat)
            _rendered(made.beat, made.render_seconds, made.worker)
            future.release()
    return [videos[beat.name] for beat in beats]


def beat_renderer(scheduler: str | None, workers: int | None) -> BeatRenderer:
    """How the chapter's beats are rendered: on Dask with a scheduler or more than one worker, else one by one here."""
    if scheduler is None and (workers or 1) == 1:
        return render_each
    return partial(render_on_dask, scheduler, workers)


def max_workers() -> int:
    """The most local workers allowed: each renders on one core, so more than a few per core only costs memory."""
    return WORKERS_PER_CORE * (os.cpu_count() or 1)


def _workers(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number above zero, not {text[:20]!r}")
    if int(text) > max_workers():
        raise argparse.ArgumentTypeError(f"at most {max_workers()} ({WORKERS_PER_CORE} per core), not {text[:20]}")
    return int(text)


def add_cluster_options(parser: argparse.ArgumentParser, workers_default: str = "1: one beat after another, no cluster") -> None:
    """``--scheduler tcp://HOST:PORT`` or ``--workers N`` (one excludes the other)."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="an existing Dask scheduler (default: a local cluster)")
    where.add_argument("--workers", type=_workers, metavar="N", help=f"local worker processes (default: {workers_default})")
