"""Guard the kit's speed-ups: fail loudly when a beat redraws more mobjects per frame than recorded.

Each frame of an animation, Manim 0.22 redraws every mobject from the first
top-level mobject with a moving part onwards and keeps the rest in a cached
picture; a held frame (``wait()`` with nothing moving) is drawn once and
repeated. The kit's speed-ups (``scenes/kit``: pictures that paint
themselves, snapshots, veils and wipes, one conversion per held frame) all
lean on that. If a Manim upgrade changed it, every frame would stay right
and only the speed would go, so no test would notice. This check renders
every beat at -ql with counters on Manim's camera and counts, per beat:

- drawn frames: frames of animations, each drawn anew (held frames are not);
- redrawn per frame: the mobjects the camera draws in such a frame, on average;
- shown per frame: the mobjects with points on screen then, what a camera
  redrawing everything would draw.

and compares them with ``bench/redraws.json``. It exits 1, naming each beat
and figure, when a beat draws more than 10% more frames or redraws more than
10% more mobjects per frame than recorded. After a deliberate change to a
scene, look at its frame time (``bench/render.py``) and record the new
figures with ``--record``. ``--redraw-all`` makes Manim redraw everything in
every frame, as a Manim without the cached picture would: the check must
then fail (it shows that it can).

Usage (from the project root): ``.venv/bin/python bench/redraws.py [beat ...] [--record] [--redraw-all]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from storyboard.registry import BEATS, beat_named  # noqa: E402

BASELINE = Path(__file__).with_name("redraws.json")
TOLERANCE = 0.10  # counts are exact for a given scene; this leaves room for small edits to a beat


def count_frames(beat_name: str, media: Path, redraw_all: bool) -> dict[str, float]:
    """Render one beat at -ql in this process with counters on Manim's renderer and camera."""
    import manim
    from manim.__main__ import main as manim_main
    from manim.camera.camera import Camera
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene
    from manim.utils.family import extract_mobject_family_members
    from manim.utils.iterables import list_update

    counts = {"drawn_frames": 0, "held_frames": 0, "redrawn": 0, "shown": 0, "frame_seconds": 0.0}
    in_frame = [False]
    render, get_mobjects_to_display, add_frame = (
        CairoRenderer.render, Camera.get_mobjects_to_display, CairoRenderer.add_frame)

    def counted_render(renderer, scene, t, moving_mobjects=None):
        on_screen = list_update(scene.mobjects, scene.foreground_mobjects)
        counts["shown"] += len(extract_mobject_family_members(on_screen, only_those_with_points=True))
        counts["drawn_frames"] += 1
        in_frame[0], began = True, time.perf_counter()
        try:
            return render(renderer, scene, t, moving_mobjects)
        finally:
            counts["frame_seconds"] += time.perf_counter() - began
            in_frame[0] = False

    def counted_display(camera, *args, **kwargs):
        mobjects = get_mobjects_to_display(camera, *args, **kwargs)
        if in_frame[0]:
            counts["redrawn"] += len(mobjects)
        return mobjects

    def counted_add_frame(renderer, frame, num_frames=1):
        if not in_frame[0]:
            counts["held_frames"] += num_frames
        return add_frame(renderer, frame, num_frames)

    CairoRenderer.render, Camera.get_mobjects_to_display, CairoRenderer.add_frame = (
        counted_render, counted_display, counted_add_frame)
    if redraw_all:
        Scene.get_moving_mobjects = lambda scene, *animations: scene.get_mobject_family_members()
    beat = beat_named(beat_name)
    manim_main(["-ql", "--disable_caching", "--media_dir", str(media), beat.file, beat.scene], standalone_mode=False)
    frames = max(1, counts["drawn_frames"])
    return {
        "manim": manim.__version__,
        "drawn_frames": counts["drawn_frames"],
        "held_frames": counts["held_frames"],
        "redrawn_per_frame": round(counts["redrawn"] / frames, 2),
        "shown_per_frame": round(counts["shown"] / frames, 2),
        "ms_per_drawn_frame": round(1000 * counts["frame_seconds"] / frames, 2),
    }


def measure(beat_name: str, redraw_all: bool) -> dict[str, float]:
    """The counts of one beat, rendered in a process of its own (Manim's config is global)."""
    with tempfile.TemporaryDirectory(prefix="bench-redraws-") as work:
        out = Path(work) / "counts.json"
        command = [sys.executable, __file__, "--count", beat_name, "--into", str(out)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("NN_")}  # the figures are for the default choices
        done = subprocess.run([*command, *(["--redraw-all"] if redraw_all else [])], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0 or not out.is_file():
            raise SystemExit(f"rendering {beat_name} failed: {done.stderr.strip().splitlines()[-1:]}")
        return json.loads(out.read_text())


def regressions(name: str, now: dict[str, float], then: dict[str, float]) -> list[str]:
    """What got worse than recorded, one line each."""
    found = []
    for figure in ("drawn_frames", "redrawn_per_frame"):
        if now[figure] > then[figure] * (1 + TOLERANCE):
            found.append(f"{name}: {figure.replace('_', ' ')} {now[figure]} against {then[figure]} recorded "
                         f"(Manim {then['manim']}; now {now['manim']})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("beats", nargs="*", help="beat names (default: every beat, in the chapter's order)")
    parser.add_argument("--record", action="store_true", help=f"write the figures into {BASELINE.name} instead of checking")
    parser.add_argument("--redraw-all", action="store_true", help="make Manim redraw everything each frame (the check must fail)")
    parser.add_argument("--count", help=argparse.SUPPRESS)  # the child process: count one beat
    parser.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count:
        with tempfile.TemporaryDirectory(prefix="media-") as media:
            args.into.write_text(json.dumps(count_frames(args.count, Path(media), args.redraw_all)))
        return 0
    names = args.beats or [beat.name for beat in BEATS]
    baseline = json.loads(BASELINE.read_text()) if BASELINE.is_file() else {}
    print(f"{'beat':24s} {'drawn frames':>12s} {'held':>6s} {'redrawn/frame':>13s} {'recorded':>8s} "
          f"{'shown/frame':>11s} {'ms/frame':>8s}")
    found, figures = [], {}
    for name in names:
        now = figures[name] = measure(name, args.redraw_all)
        then = baseline.get(name)
        recorded = "-" if then is None else f"{then['redrawn_per_frame']:.1f}"
        print(f"{name:24s} {now['drawn_frames']:12d} {now['held_frames']:6d} {now['redrawn_per_frame']:13.1f} "
              f"{recorded:>8s} {now['shown_per_frame']:11.1f} {now['ms_per_drawn_frame']:8.1f}", flush=True)
        if then is None and not args.record:
            found.append(f"{name}: no recorded figures (run bench/redraws.py --record {name})")
        elif then is not None:
            found += regressions(name, now, then)
    if args.record:  # the counts only: the time a frame takes depends on the machine and its load
        counts = {name: {k: v for k, v in f.items() if k != "ms_per_drawn_frame"} for name, f in figures.items()}
        BASELINE.write_text(json.dumps(baseline | counts, indent=1, sort_keys=True) + "\n")
        print(f"recorded in {BASELINE}")
        return 0
    if found:
        print("\nREDRAW REGRESSION: the kit's speed-ups rely on Manim redrawing only from the first moving "
              "mobject on, and on held frames drawn once. Worse than recorded:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"every beat within {TOLERANCE:.0%} of its recorded redraws")
    return 0


if __name__ == "__main__":
    sys.exit(main())
