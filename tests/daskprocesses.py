"""A Dask scheduler and two workers started as processes on 127.0.0.1, and a way to kill a busy worker.

Each process runs in a session of its own, so a worker is killed with
everything it started (its nanny's worker process and the Manim render),
and every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netcore.paths import PROJECT_ROOT

__all__ = ["dask_processes", "finish_after_killing_a_worker", "stop"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process started in its own session, with all its children; wait a bounded time."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[tuple[str, dict[str, subprocess.Popen]]]:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1; yields (address, {worker address: process})."""
    dask = str(Path(sys.executable).with_name("dask"))
    env = os.environ | {"PYTHONPATH": str(PROJECT_ROOT)}
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    started = []

    def start(*command: str) -> subprocess.Popen:
        log = open(tmp_path / f"dask-{len(started)}.log", "w")  # noqa: SIM115 - closed with the process
        started.append(subprocess.Popen([dask, *command], cwd=tmp_path, env=env, stdout=log, stderr=log, start_new_session=True))
        return started[-1]

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard")
        workers = {}
        for _ in range(2):
            worker_port = free_port()
            workers[f"tcp://127.0.0.1:{worker_port}"] = start(
                "worker", address, "--host", "127.0.0.1", "--worker-port", str(worker_port), "--nthreads", "1",
                "--no-dashboard", "--local-directory", str(tmp_path / "dask"),
            )
        yield address, workers
    finally:
        for process in reversed(started):
            stop(process)


def finish_after_killing_a_worker(client, workers: dict[str, subprocess.Popen], running: subprocess.Popen,
                                  wait: float) -> tuple[str, str]:
    """Kill a worker while it renders, then wait for ``running`` (the command that submits the work) to end.

    The worker is killed with its whole process group (nanny, worker, Manim),
    two seconds after it started a task, well inside a render of several
    seconds; every wait is bounded by ``wait``. Returns the killed worker's
    address and the command's stderr.
    """
    try:
        deadline, victim = time.monotonic() + wait, None
        while victim is None and time.monotonic() < deadline and running.poll() is None:
            busy = [w for w, keys in client.processing().items() if keys]
            victim = busy[0] if busy else None
            time.sleep(0.2)
        assert victim is not None, "no worker ever started a task"
        time.sleep(2)
        assert client.processing()[victim], "the worker finished before it could be killed"
        stop(workers[victim], signal.SIGKILL)
        _, stderr = running.communicate(timeout=wait)
    finally:
        stop(running)  # only if it is still running (a failed assertion above)
    return victim, stderr
