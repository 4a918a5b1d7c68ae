"""One student's clip, made on whichever machine runs it: a Dask worker or this process.

:func:`make_clip` takes everything as bytes and returns everything as bytes,
so workers need the project's code but no file system shared with the
client. It checks the image first (a bad one fails in milliseconds, before
any render), renders each chosen beat in its own media folder through
:func:`studio.render.render`, joins them into one clip, and decodes the clip
to its last frame, which becomes the poster.
"""

from __future__ import annotations

import io
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import av
import numpy as np
from PIL import Image

from netcore.choices import Choices
from netcore.errors import NetcoreError
from netcore.inputs import load_inputs
from netcore.preprocess import save_png
from storyboard.record import FADE_OUT
from storyboard.registry import beat_named
from studio.chapter import join
from studio.cluster import check_same_code, worker_name
from studio.folders import work_folder
from studio.render import render

__all__ = ["ClipJob", "ClipResult", "make_clip"]

SEEN_SCALE = 4  # the 28x28 input is saved at 112x112, each pixel a 4x4 block
PHOTO_SIDE = 160  # the longest side of the student's photo in the gallery


@dataclass(frozen=True)
class ClipJob:
    """Everything a worker needs for one student's clip; the image travels as bytes."""

    slug: str
    source: str  # the image's path as the client knows it, for messages
    image_bytes: bytes
    image_suffix: str
    beats: tuple[str, ...]
    quality: str
    theme: str
    code_version: str


@dataclass(frozen=True)
class ClipResult:
    """A finished clip and what the gallery shows, or why it failed (``error``)."""

    slug: str
    error: str | None = None
    clip: bytes = b""
    poster: bytes = b""
    seen: bytes = b""  # the 28x28 input the network saw, as a PNG
    photo: bytes = b""  # the student's image, reduced, as a PNG
    prediction: int | None = None
    confidence: float | None = None
    frames: int = 0
    seconds: float = 0.0  # the clip's length
    render_seconds: float = 0.0  # inside manim, summed over the beats
    work_seconds: float = 0.0  # the whole task on the worker
    worker: str = field(default_factory=worker_name)


def make_clip(job: ClipJob) -> ClipResult:
    """Make one student's clip; a bad image or a failed render becomes ``ClipResult.error``."""
    start = time.perf_counter()
    try:
        check_same_code(job.code_version)
    except NetcoreError as exc:
        return ClipResult(job.slug, error=str(exc))
    # A worker killed mid-clip leaves its folder; the next clip on that machine removes it.
    with work_folder(Path(tempfile.gettempdir()), "nn-clip-") as work:
        try:
            result = _make(job, work)
        except NetcoreError as exc:
            # Name the student's file, not the worker's temporary copy of it.
            error = str(exc).replace(str(work / f"{job.slug}{job.image_suffix}"), job.source)
            return ClipResult(job.slug, error=error, work_seconds=time.perf_counter() - start)
    return replace(result, work_seconds=time.perf_counter() - start)


def _make(job: ClipJob, work: Path) -> ClipResult:
    # The student's file name is not trusted: the image is saved under the slug.
    image = work / f"{job.slug}{job.image_suffix}"
    image.write_bytes(job.image_bytes)
    inputs = load_inputs(Choices(image=image, theme=job.theme))  # checks the image before any render
    trace = inputs.network.forward(inputs.digit.pixels.reshape(-1))
    save_png(inputs.digit.pixels, work / "seen.png", scale=SEEN_SCALE)
    choices = {"NN_IMAGE": str(image), "NN_THEME": job.theme}
    videos, render_seconds = [], 0.0
    for name in job.beats:
        began = time.perf_counter()
        videos.append(render(beat_named(name), job.quality, work / name, choices))
        render_seconds += time.perf_counter() - began
    clip = work / "clip.mp4"
    if len(videos) == 1:
        clip = videos[0]
    else:
        join(videos, clip)
    frames, seconds, poster = _decode_to_end(clip)
    return ClipResult(
        job.slug,
        clip=clip.read_bytes(),
        poster=poster,
        seen=(work / "seen.png").read_bytes(),
        photo=_photo(inputs.digit.prepared.photo),
        prediction=int(trace.prediction),
        confidence=float(np.max(trace.output)),
        frames=frames,
        seconds=seconds,
        render_seconds=render_seconds,
    )


def _decode_to_end(clip: Path) -> tuple[int, float, bytes]:
    """Decode every frame (a clip that does not decode to its end fails here).

    The poster is the last frame before the closing fade to black.
    """
    try:
        with av.open(str(clip)) as container:
            seconds = float(container.duration or 0) / av.time_base
            frames, last = 0, None
            for frame in container.decode(video=0):
                frames += 1
                if last is None or frame.time < seconds - FADE_OUT:
                    last = frame
    except av.error.FFmpegError as exc:
        raise NetcoreError(f"the rendered clip does not decode ({exc})") from None
    if last is None:
        raise NetcoreError("the rendered clip has no frames")
    buffer = io.BytesIO()
    last.to_image().save(buffer, format="PNG")
    return frames, seconds, buffer.getvalue()


def _photo(grey_image: np.ndarray) -> bytes:
    """The student's image as grey (as the network's preprocessing read it), reduced for the gallery."""
    grey = np.round(grey_image * 255.0).astype(np.uint8)
    photo = Image.fromarray(grey)
    photo.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    buffer = io.BytesIO()
    photo.save(buffer, format="PNG")
    return buffer.getvalue()
