"""Render beats and join them into one chapter video with one subtitle file and one section index.

The beats play in the registry's order, each rendered by Manim in a media
folder of its own (``--media_dir``), then joined without re-encoding. Beside
``Chapter.mp4`` it writes ``Chapter.srt`` (every beat's subtitles, shifted to
its start) and ``Chapter.json`` (where each beat and each of its sections
starts, per beat and in the whole chapter), so a lesson can jump to one step.
Every file is written to a temporary name and renamed, so an interrupted run
never leaves a broken video in place of a good one.

With ``--workers N`` (N above 1) or ``--scheduler tcp://HOST:PORT`` each beat
is one task on Dask (:mod:`studio.cluster`), rendered on whichever worker is
free and sent back as bytes; the joining is the same, so the chapter is too.

Usage: ``python -m studio chapter [-q l|m|h] [--out FOLDER] [--beats a,b,...]
[--workers N | --scheduler tcp://HOST:PORT]``.
The same environment variables as the scenes (NN_DIGIT, NN_THEME, ...) apply.
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import srt

from netcore.choices import read_choices
from netcore.files import check_writable, move_into_place
from netcore.inputs import load_inputs
from netcore.paths import PROJECT_ROOT
from storyboard.registry import BEATS, Beat, beat_named
from studio.cluster import BeatRenderer, add_cluster_options, beat_renderer, render_each
from studio.folders import claim_files, work_folder, write_marker
from studio.media import duration
from studio.provenance import inputs_record
from studio.render import QUALITY_FOLDERS
from voice.audio import RATE, peaks_held, read_audio
from voice.muxing import SoundMuxer

__all__ = ["add_parser", "beats_named", "build", "join", "merge_subtitles", "sections", "soundtrack"]


def sections(video: Path) -> list[dict]:
    """The beat's sections (name, start, duration in seconds) from Manim's section index."""
    index = json.loads((video.parent / "sections" / f"{video.stem}.json").read_text())
    starts, t = [], 0.0
    for entry in index:
        duration = float(entry["duration"])
        starts.append({"name": entry["name"], "start": round(t, 3), "duration": round(duration, 3)})
        t += duration
    return starts


def join(videos: list[Path], out: Path) -> list[float]:
    """Concatenate videos of identical encoding into ``out``; return each one's start in seconds.

    The pictures are copied without re-encoding. If the beats are narrated,
    their soundtracks are joined into one (each cut or padded with silence to
    its own video's length, so sound and picture stay together at every
    join) and encoded once as 48 kHz AAC: AAC packets of separate encodes
    cannot simply follow one another.
    """
    starts = []
    with av.open(str(out), "w") as output:
        with av.open(str(videos[0])) as first:
            stream = output.add_stream_from_template(first.streams.video[0])
        sound = soundtrack(videos)
        audio = SoundMuxer(output, "aac", sound) if sound is not None else None
        offset = 0  # in the stream's time base
        for video in videos:
            starts.append(float(offset * stream.time_base))
            with av.open(str(video)) as source:
                end = offset
                for packet in source.demux(source.streams.video[0]):
                    if packet.dts is None:  # the demuxer's final empty packet
                        continue
                    packet.pts += offset
                    packet.dts += offset
                    end = max(end, packet.pts + packet.duration)
                    packet.stream = stream
                    if audio is not None:
                        audio.mux_until(float(packet.dts * stream.time_base))
                    output.mux(packet)
                offset = end
        if audio is not None:
            audio.mux_until(float("inf"))
    return starts


def soundtrack(videos: list[Path]) -> np.ndarray | None:
    """The videos' sound one after another, each exactly as long as its video; ``None`` if all are silent."""
    if not any(_has_audio(v) for v in videos):
        return None
    parts = []
    for video in videos:
        length = round(duration(video) * RATE)
        sound = read_audio(video)[:length] if _has_audio(video) else np.zeros(0, np.float32)
        parts.append(np.concatenate([sound, np.zeros(length - len(sound), np.float32)]))
    return peaks_held(np.concatenate(parts))  # decoded AAC overshoots a little: held again before encoding again


def _has_audio(video: Path) -> bool:
    with av.open(str(video)) as container:
        return bool(container.streams.audio)


def merge_subtitles(videos: list[Path], starts: list[float]) -> str:
    """One .srt text from each video's own .srt, shifted to where the video starts."""
    subtitles = []
    for video, start in zip(videos, starts):
        for line in srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")):
            line.start += timedelta(seconds=start)
            line.end += timedelta(seconds=start)
            subtitles.append(line)
    return srt.compose(subtitles)  # renumbers them 1, 2, 3, ...


def build(beats: list[Beat], quality: str, out_dir: Path, render_beats: BeatRenderer = render_each) -> Path:
    """Render ``beats`` and write Chapter.mp4, Chapter.srt and Chapter.json into ``out_dir``; return the video.

    ``render_beats`` renders them (by default one after another, here; see
    :func:`studio.cluster.beat_renderer`), each in a folder of its own.
    """
    for name in ("Chapter.json", "Chapter.srt", "Chapter.mp4"):
        check_writable(out_dir / name)  # before minutes of rendering, not after
    choices = read_choices()
    inputs = inputs_record(choices, load_inputs(choices))  # what the renders will show, checked before them
    marker = claim_files(out_dir, "chapter", ("Chapter.json", "Chapter.srt", "Chapter.mp4"))  # never a user's own files
    # The work folder sits in the output folder, so the finished files are renamed into place.
    with work_folder(out_dir, ".chapter-") as work:
        videos = render_beats(beats, quality, work)
        starts = join(videos, work / "Chapter.mp4")
        index = []
        for beat, video, start in zip(beats, videos, starts):
            steps = sections(video)
            for step in steps:
                step["chapter_start"] = round(start + step["start"], 3)
            index.append({"beat": beat.name, "scene": beat.scene, "start": round(start, 3), "sections": steps})
        (work / "Chapter.srt").write_text(merge_subtitles(videos, starts), encoding="utf-8")
        (work / "Chapter.json").write_text(json.dumps({"inputs": inputs, "beats": index}, indent=1) + "\n", encoding="utf-8")
        # All three are complete before any is replaced: the old set stays whole until then.
        write_marker(out_dir, marker)
        for name in ("Chapter.json", "Chapter.srt", "Chapter.mp4"):
            move_into_place(work / name, out_dir / name)
    return out_dir / "Chapter.mp4"


def beats_named(names: str | None) -> list[Beat]:
    """The beats of a comma-separated list of names, or every beat in the chapter's order."""
    return [beat_named(name.strip()) for name in names.split(",")] if names else list(BEATS)


def _chapter(args: argparse.Namespace) -> None:
    beats = beats_named(args.beats)
    out_dir = args.out or PROJECT_ROOT / "media" / "videos" / "chapter" / QUALITY_FOLDERS[args.quality]
    video = build(beats, args.quality, out_dir, beat_renderer(args.scheduler, args.workers))
    print(f"chapter written to {video} ({len(beats)} beats), with Chapter.srt and Chapter.json")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``chapter`` sub-command."""
    p = commands.add_parser("chapter", help="render beats and join them into one video with subtitles")
    p.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    p.add_argument("--out", type=Path, help="output folder (default: media/videos/chapter/<quality>)")
    p.add_argument("--beats", help="comma-separated beat names (default: every beat, in order)")
    add_cluster_options(p)
    p.set_defaults(run=_chapter)
