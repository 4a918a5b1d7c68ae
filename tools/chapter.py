"""Render every beat and join them into one chapter video with one subtitle file.

The beats play in the chapter's order (CHAPTER below), each rendered by
Manim as usual (so its cache is reused), then joined without re-encoding.
Next to ``Chapter.mp4`` it writes ``Chapter.srt`` (every beat's subtitles,
shifted to its start) and ``Chapter.json`` (where each beat and each of its
sections starts), so a lesson can still jump to one step.

Usage (from the project root, after set-up): ``.venv/bin/python tools/chapter.py [-q l|m|h]``.
The same environment variables as the scenes (NN_DIGIT, NN_THEME, ...) apply.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import av
import srt

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "media"
QUALITY_FOLDERS = {"l": "480p15", "m": "720p30", "h": "1080p60"}

# (scene file, scene class), in the order the chapter tells the story.
CHAPTER = [
    ("opening", "ManyThrees"),
    ("opening", "NeuronHoldsANumber"),
    ("opening", "LayersTour"),
    ("forward", "ForwardPass"),
    ("opening", "WhenItFails"),
    ("neuron", "WeightsAsPicture"),
    ("neuron", "SquishWithSigmoid"),
    ("neuron", "IncludeBias"),
    ("neuron", "CountParameters"),
    ("matrix", "MatrixVectorForm"),
]


def render(file: str, scene: str, quality: str) -> Path:
    """Render one beat with its sections and return its video's path; exit on failure."""
    manim = str(Path(sys.executable).with_name("manim"))
    done = subprocess.run([manim, f"-q{quality}", "--save_sections", f"scenes/{file}.py", scene], cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(done.returncode)
    return MEDIA / "videos" / file / QUALITY_FOLDERS[quality] / f"{scene}.mp4"


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
    """Concatenate videos of identical encoding into ``out``; return each one's start in seconds."""
    starts = []
    with av.open(str(out), "w") as output:
        with av.open(str(videos[0])) as first:
            stream = output.add_stream_from_template(first.streams.video[0])
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
                    output.mux(packet)
                offset = end
    return starts


def merge_subtitles(videos: list[Path], starts: list[float]) -> str:
    """One .srt text from each video's own .srt, shifted to where the video starts."""
    subtitles = []
    for video, start in zip(videos, starts):
        for line in srt.parse(video.with_suffix(".srt").read_text(encoding="utf-8")):
            line.start += timedelta(seconds=start)
            line.end += timedelta(seconds=start)
            subtitles.append(line)
    return srt.compose(subtitles)  # renumbers them 1, 2, 3, ...


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", choices=sorted(QUALITY_FOLDERS), default="l")
    args = parser.parse_args()
    videos = [render(file, scene, args.quality) for file, scene in CHAPTER]
    folder = MEDIA / "videos" / "chapter" / QUALITY_FOLDERS[args.quality]
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "Chapter.mp4"
    starts = join(videos, out)
    out.with_suffix(".srt").write_text(merge_subtitles(videos, starts), encoding="utf-8")
    beats = [
        {"beat": scene, "start": round(start, 3), "sections": sections(video)}
        for (_, scene), video, start in zip(CHAPTER, videos, starts)
    ]
    out.with_suffix(".json").write_text(json.dumps(beats, indent=1) + "\n", encoding="utf-8")
    print(f"chapter written to {out} ({len(CHAPTER)} beats), with {out.with_suffix('.srt').name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
