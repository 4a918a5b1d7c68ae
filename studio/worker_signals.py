"""Preloaded into each local Dask worker process (``LocalCluster(preload=...)``): Ctrl-C is the client's.

A terminal sends Ctrl-C's SIGINT to every process of the batch: the client,
its worker processes and their Manim renders. A worker that took it would
die printing a traceback of its event loop. Here a worker only notes the
signal and carries on until the client closes the cluster; the Manim render
it runs, a process of its own, gets Python's default handling back on
``exec`` (a Python handler is not inherited) and stops at once.
"""

from __future__ import annotations

import signal
from typing import Any

__all__ = ["dask_setup"]


def _leave_to_the_client(signum: int, frame: Any) -> None:
    """SIGINT in a worker: the client stops the batch and closes the cluster, which ends this worker."""


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, run in the worker process's main thread as it starts."""
    signal.signal(signal.SIGINT, _leave_to_the_client)
