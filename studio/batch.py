"""A whole class at once: a personal clip for every student, in parallel, on this machine or a Dask cluster.

Usage: ``python -m studio batch INPUT --out DIR [--beats a,b] [-q l|m|h]
[--theme dark|light] [--scheduler tcp://HOST:PORT | --workers N]``.

INPUT is a folder of images or a CSV roster (see :mod:`studio.roster`). Each
student's clip is one task on Dask: by default a ``LocalCluster`` on
127.0.0.1 with one single-threaded worker process per core, or the workers of
an existing scheduler. A task gets the image as bytes and returns the clip,
poster and pictures as bytes (:mod:`studio.clip`), so workers need the
project's code (checked at start) but no shared file system; the client
writes every file (:mod:`studio.class_folder`). A bad image fails its own
student only; a killed worker's task is run again on another worker; a re-run
skips the clips already made from the same inputs and code. The folder gets
``report.json`` and ``index.html``; the exit status is the number of
students whose clip failed (at most 100), 0 when all were made.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from distributed import Client, as_completed
from tqdm import tqdm

from netcore.choices import THEMES
from netcore.errors import NetcoreError
from storyboard.registry import beat_named
from studio.class_folder import ClassFolder, content_key, read_image
from studio.clip import ClipJob, ClipResult, make_clip
from studio.cluster import add_cluster_options, check_workers, dask_client
from studio.gallery import gallery_html
from studio.version import code_version
from studio.render import QUALITY_FOLDERS
from studio.roster import Student, read_roster

__all__ = ["BatchSettings", "add_parser", "in_roster_order", "plan_batch", "run_batch"]

DEFAULT_BEATS = ("forward",)  # the student's digit, what the network saw, its answer
MAX_EXIT = 100  # exit statuses above 125 mean other things to shells
INTERRUPTED = 130  # as for a command Ctrl-C ended


class BatchSettings:
    """What every clip of the batch is made with."""

    def __init__(self, beats: tuple[str, ...], quality: str, theme: str) -> None:
        if not beats:
            raise NetcoreError("--beats names no beat (see: python -m studio beats)")
        for name in beats:
            beat_named(name)  # an unknown beat stops the batch before anything starts
        self.beats, self.quality, self.theme = beats, quality, theme
        self.code_version = code_version()

    def key(self, image: bytes) -> str:
        """The content key of one student's clip."""
        return content_key(image, self.beats, self.quality, self.theme, self.code_version)


def plan_batch(students: list[Student], folder: ClassFolder, settings: BatchSettings,
               entries: dict[str, dict[str, Any]]) -> list[Student]:
    """The students whose clip is still to make; the others get their entry (kept, or failed unread)."""
    todo: list[Student] = []
    for student in students:
        try:
            key = settings.key(read_image(student))
        except NetcoreError as exc:
            entries[student.slug] = _entry(student, "failed", error=str(exc))
            continue
        done = folder.finished(student, key)
        if done is not None:
            entries[student.slug] = _entry(student, "kept", done)
        else:
            todo.append(student)
    return todo


def run_batch(todo: list[Student], folder: ClassFolder, settings: BatchSettings, client: Client,
              entries: dict[str, dict[str, Any]], progress: bool = True) -> None:
    """Make the clips of ``todo`` on the client's workers, filling ``entries`` (by slug) as clips finish.

    ``entries`` is the caller's, so that after Ctrl-C it still holds what was made.
    """
    _render_all(todo, folder, settings, client, entries, check_workers(client, settings.code_version), progress)


def in_roster_order(students: list[Student], entries: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """One report entry per student, in the roster's order; a student without one was interrupted."""
    missing = "the batch stopped before this clip was made"
    return [entries.get(s.slug) or _entry(s, "failed", error=missing) for s in students]


def _render_all(todo: list[Student], folder: ClassFolder, settings: BatchSettings, client: Client,
                entries: dict[str, dict[str, Any]], slots: int, progress: bool) -> None:
    """Keep every worker busy with a few tasks queued, never more: images travel only when needed."""
    waiting = iter(todo)
    running = as_completed()
    owner = {}

    def submit_next() -> None:
        student = next(waiting, None)
        if student is None:
            return
        try:
            image = read_image(student)
        except NetcoreError as exc:  # the file changed since it was hashed
            entries[student.slug] = _entry(student, "failed", error=str(exc))
            bar.update()
            return submit_next()
        key = settings.key(image)
        job = ClipJob(student.slug, str(student.image), image, student.image.suffix.lower(), settings.beats,
                      settings.quality, settings.theme, settings.code_version)
        future = client.submit(make_clip, job, key=f"clip-{student.slug}-{key}", pure=False)
        owner[future.key] = (student, key)
        running.add(future)

    with tqdm(total=len(todo), unit="clip", desc="clips", file=sys.stderr, disable=not progress) as bar:
        for _ in range(2 * max(1, slots)):
            submit_next()
        for future in running:
            student, key = owner.pop(future.key)
            entries[student.slug] = _collect(future, student, key, folder)
            future.release()
            bar.update()
            submit_next()


def _collect(future: Any, student: Student, key: str, folder: ClassFolder) -> dict[str, Any]:
    """Save a finished task's files; any failure, the task's or the cluster's, is this student's alone."""
    try:
        result: ClipResult = future.result()
    except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after repeated worker deaths
        return _entry(student, "failed", error=f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    if result.error is not None:
        return _entry(student, "failed", error=result.error)
    return _entry(student, "made", folder.save(student, key, result))


def _entry(student: Student, status: str, made: dict[str, Any] | None = None, error: str | None = None) -> dict[str, Any]:
    """One student's line in the report and the gallery."""
    entry = {"slug": student.slug, "name": student.name, "image": str(student.image), "label": student.label, "status": status}
    if made is not None:
        right = None if student.label is None else made["prediction"] == student.label
        entry |= {"right": right, **made}
    if error is not None:
        entry["error"] = error
    return entry


def _summary(entries: list[dict[str, Any]]) -> str:
    counts = {status: sum(e["status"] == status for e in entries) for status in ("made", "kept", "failed")}
    labelled = [e for e in entries if e.get("right") is not None]
    right = f"; {sum(e['right'] for e in labelled)} of {len(labelled)} labelled digits read right" if labelled else ""
    return (f"{len(entries)} students; clips made: {counts['made']}, kept from an earlier run: {counts['kept']}, "
            f"failed: {counts['failed']}{right}")


def _batch(args: argparse.Namespace) -> int:
    beats = tuple(b.strip() for b in args.beats.split(",") if b.strip()) if args.beats else DEFAULT_BEATS
    settings = BatchSettings(beats, args.quality, args.theme)
    students = read_roster(args.input)
    folder = ClassFolder(args.out)
    folder.claim(students)
    made: dict[str, dict[str, Any]] = {}
    todo = plan_batch(students, folder, settings, made)
    started = not todo  # a re-run with every clip made starts no cluster at all
    interrupted = False
    try:
        if todo:
            with dask_client(args.scheduler, args.workers) as client:
                started = True
                run_batch(todo, folder, settings, client, made, progress=not args.no_progress)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the cluster is closed by now
        interrupted = True
    finally:  # even after Ctrl-C or a lost scheduler, the report and gallery say what was made
        entries = in_roster_order(students, made)
        if started:
            _write_outputs(folder, entries, settings)
    if interrupted:
        print(f"error: interrupted; {_summary(entries)}; report {folder.root / 'report.json'}", file=sys.stderr)
        return INTERRUPTED
    failed = sum(e["status"] == "failed" for e in entries)
    print(f"{_summary(entries)}; gallery {folder.root / 'index.html'}, report {folder.root / 'report.json'}")
    if failed:
        print(f"error: {failed} of {len(entries)} clips failed (see report.json)", file=sys.stderr)
    return min(failed, MAX_EXIT)


def _write_outputs(folder: ClassFolder, entries: list[dict[str, Any]], settings: BatchSettings) -> None:
    report = {
        "beats": list(settings.beats), "quality": settings.quality, "theme": settings.theme,
        "code_version": settings.code_version, "summary": _summary(entries), "students": entries,
    }
    folder.write("report.json", (json.dumps(report, indent=1) + "\n").encode("utf-8"))
    folder.write("index.html", gallery_html(entries, "Every student's digit, as the network read it", _summary(entries)).encode("utf-8"))


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``batch`` sub-command."""
    p = commands.add_parser("batch", help="a personal clip for every student of a class, in parallel (Dask)")
    p.add_argument("input", type=Path, help="a folder of images, or a CSV with columns path[,name][,label]")
    p.add_argument("--out", type=Path, required=True, help="output folder (clips/, index.html, report.json)")
    p.add_argument("--beats", help=f"comma-separated beat names (default: {','.join(DEFAULT_BEATS)})")
    p.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    p.add_argument("--theme", choices=THEMES, default="dark")
    add_cluster_options(p, "one per core")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=_batch)
