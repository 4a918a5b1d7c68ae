"""How well the shipped network reads students' photos of digits, and how long preparing one takes.

Run from the project root, offline:  .venv/bin/python bench/photos.py [--photos N] [--timed K]

Photos are made by tests/photos.py from the validation digits train10k[8500:9500]
(never trained on): uneven light, lines, shadows, blue or black ink, tilt,
JPEG at quality 70, thick markers and blown-up scans. Each is saved as a JPEG
and read back through netcore.preprocess, as `predict --image` does. Prints the
share read right, the share refused, the network's accuracy on the same digits
as they are, and the time to prepare a 12-megapixel photo (decoding included).
Needs the MNIST train10k files in $MNIST_DIR or ../shared/data/mnist.

Harder photos (issue 29, ``--hard N``, default 100 per row): the same digits
under each of tests/photos.py's CONDITIONS alone (page on a desk at an angle,
pencil, dim light with noise and a cast, tinted paper with coloured pens,
crumpled paper, motion blur, 640x480 frames, JPEG at quality 45-80), then a
class's mix (each photo under each condition with chance 1/2), then all
together, then all together with one step of the pipeline switched off
(finding the page, the paper's colour); and the time to prepare a 12-megapixel
photo of a page on a desk under every condition but the small frame.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from contextlib import nullcontext
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere

from netcore import ink, preprocess, strokes  # noqa: E402
from netcore.errors import NetcoreError  # noqa: E402
from netcore.imagefile import luminance  # noqa: E402
from netcore.steps import Step  # noqa: E402
from netcore.mnist import to_inputs  # noqa: E402
from netcore.network import Network, load_network  # noqa: E402
from netcore.paths import DEFAULT_WEIGHTS  # noqa: E402
from tests.photos import CONDITIONS, STYLES, class_mix, make_photo, photo_of_validation_digit, save_jpeg, validation_digits  # noqa: E402


def make_photos(images: np.ndarray, labels: np.ndarray, count: int, megapixels: float, folder: Path) -> tuple[list[Path], list[str]]:
    """Make and save photos 0 .. count-1 of the series; return their paths and styles."""
    paths, styles = [], []
    for n in range(count):
        photo = photo_of_validation_digit(images, labels, n, megapixels)
        paths.append(save_jpeg(photo, folder / f"photo{n}.jpg"))
        styles.append(photo.style)
    return paths, styles


def hard_rows(network: Network, images: np.ndarray, labels: np.ndarray, count: int, megapixels: float, folder: Path) -> list[tuple[str, float, float]]:
    """(row name, share right, share refused) for each condition alone, a class's mix, all combined, and pipeline ablations."""
    sets = {c: lambda n, c=c: (c,) for c in CONDITIONS} | {
        "a class's mix (each condition with chance 1/2)": class_mix,
        "all combined": lambda n: CONDITIONS,
    }
    ablations = {
        "all combined, no page finding": mock.patch.object(preprocess, "find_page", lambda picture: None),
        "all combined, no paper colour (luminance)": mock.patch.object(
            preprocess, "paper_relative", lambda picture: (luminance(picture), Step("colour", {"smoothed": 0.0}))
        ),
        "all combined, no growing into fainter ink": mock.patch.object(ink, "_MAX_GROWTH", 1.0),
    }
    truth = np.array([labels[n % len(labels)] for n in range(count)])
    rows = []
    for name, conditions_of in sets.items():
        paths = [save_jpeg(photo_of_validation_digit(images, labels, n, megapixels, conditions=conditions_of(n)), folder / f"photo{n}.jpg")
                 for n in range(count)]
        runs = {name: nullcontext()} | (ablations if name == "all combined" else {})
        for row, patch in runs.items():
            with patch:
                answers = predictions(network, paths)
            rows.append((row, float(np.mean(answers == truth)), float(np.mean(answers < 0))))
    return rows


def predictions(network: Network, paths: list[Path]) -> np.ndarray:
    """The network's answer for each photo, -1 where the photo was refused."""
    answers = np.full(len(paths), -1)
    for n, path in enumerate(paths):
        try:
            answers[n] = network.forward(preprocess.prepare_image_file(path).reshape(-1)).prediction
        except NetcoreError:
            pass
    return answers


BLANK_SETS = ((), ("crumple",), ("dim",), ("desk",), ("desk", "crumple"), ("desk", "pencil", "dim"), CONDITIONS)


def blank_rows(count: int, megapixels: float, folder: Path) -> list[tuple[str, Counter]]:
    """For blank pages under each of BLANK_SETS: how many were refused as blank, read as a digit, called two digits."""
    rows = []
    for conditions in BLANK_SETS:
        seen: Counter = Counter()
        for seed in range(count):
            blank = make_photo(np.zeros((28, 28), np.uint8), -1, seed=seed, megapixels=megapixels, conditions=conditions)
            try:
                preprocess.prepare_image_file(save_jpeg(blank, folder / "page.jpg"))  # not "blank.jpg": messages begin with the path
                seen["read as a digit"] += 1
            except NetcoreError as exc:
                message = str(exc)
                seen["two digits" if "two or more" in message else "blank" if "blank" in message else "other refusal"] += 1
        rows.append(("all eight conditions" if conditions == CONDITIONS else "+".join(conditions) or "close-up", seen))
    return rows


def preparation_times(images: np.ndarray, labels: np.ndarray, count: int, folder: Path,
                      conditions: tuple[str, ...] | None = None) -> list[tuple[float, float]]:
    """(wall, CPU) seconds to prepare each of ``count`` 12-megapixel JPEG photos (decoding included), with the given
    harder conditions. CPU seconds are this process's (its threads included): the machine may be shared."""
    times = []
    for n in range(count):
        extra = {} if conditions is None else {"conditions": conditions}
        path = save_jpeg(photo_of_validation_digit(images, labels, n, 12.0, **extra), folder / "timed.jpg")
        start, cpu = time.perf_counter(), time.process_time()
        try:
            preprocess.prepare_image_file(path)
        except NetcoreError:
            pass
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return times


def timing(times: list[tuple[float, float]]) -> str:
    """Mean and largest wall and CPU seconds."""
    wall, cpu = np.array(times).T
    return f"mean {wall.mean():.3f} s, max {wall.max():.3f} s (CPU mean {cpu.mean():.3f} s, max {cpu.max():.3f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=500, help="photos read for the accuracy (default 500)")
    parser.add_argument("--megapixels", type=float, default=3.0, help="size of those photos (default 3)")
    parser.add_argument("--timed", type=int, default=10, help="12-megapixel photos timed (default 10; 0: none)")
    parser.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)
    parser.add_argument("--ablation", action="store_true", help="also read the photos without stroke normalisation")
    parser.add_argument("--hard", type=int, default=100, help="harder photos per condition (default 100; 0: none)")
    parser.add_argument("--hard-megapixels", type=float, default=1.0, help="size of the harder photos (default 1)")
    parser.add_argument("--blank", type=int, default=100, help="blank pages per row (default 100; 0: none)")
    args = parser.parse_args()
    try:
        network = load_network(args.weights)
        images, labels = validation_digits()
    except NetcoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
        folder = Path(tmp)
        paths, styles = make_photos(images, labels, args.photos, args.megapixels, folder)
        truth = np.array([labels[n % len(labels)] for n in range(args.photos)])
        clean = network.forward(to_inputs(images[np.arange(args.photos) % len(labels)])).prediction
        runs = {"as shipped": nullcontext()}
        if args.ablation:
            runs["no stroke normalisation"] = mock.patch.multiple(strokes, _MIN_STROKE=0.0, _MAX_STROKE=np.inf)
        results = {}
        for name, patch in runs.items():
            with patch:
                results[name] = predictions(network, paths)

        hard = hard_rows(network, images, labels, args.hard, args.hard_megapixels, folder) if args.hard else []
        blanks = blank_rows(args.blank, args.hard_megapixels, folder) if args.blank else []
        desk = tuple(c for c in CONDITIONS if c != "small")
        desk_timed = preparation_times(images, labels, args.timed, folder, desk)
        timed = preparation_times(images, labels, args.timed, folder)

    print(f"{args.photos} generated photos of validation digits (train10k[8500:9500]), {args.megapixels:g} megapixels, JPEG quality 70")
    print(f"network {'-'.join(map(str, network.sizes))} ({args.weights.name})")
    print()
    header = f"{'':<36}{'right':>8}{'refused':>9}   " + "   ".join(f"{s:>6}" for s in STYLES)
    print(header)
    for name, answers in results.items():
        by_style = []
        for style in STYLES:
            pick = np.array([s == style for s in styles])
            by_style.append(f"{np.mean(answers[pick] == truth[pick]):>6.1%}" if pick.any() else f"{'-':>6}")
        print(f"{'photos, ' + name:<36}{np.mean(answers == truth):>8.1%}{np.mean(answers < 0):>9.1%}   " + "   ".join(by_style))
    print(f"{'same digits, clean':<36}{np.mean(clean == truth):>8.1%}{0:>9.1%}")
    print(f"styles: {dict(Counter(styles))}")
    if hard:
        clean_hard = np.mean(network.forward(to_inputs(images[np.arange(args.hard) % len(labels)])).prediction
                             == labels[np.arange(args.hard) % len(labels)])
        print()
        print(f"harder photos (issue 29): {args.hard} per row, {args.hard_megapixels:g} megapixels; the same digits clean: {clean_hard:.1%}")
        print(f"{'':<50}{'right':>8}{'refused':>9}")
        for name, right, refused in hard:
            print(f"{name:<50}{right:>8.1%}{refused:>9.1%}")
    if blanks:
        print()
        print(f"blank pages, {args.blank} per row, {args.hard_megapixels:g} megapixels (the same seeds as the photos):")
        for name, seen in blanks:
            print(f"  {name:<44}" + ", ".join(f"{kind} {seen[kind]}" for kind in ("blank", "read as a digit", "two digits", "other refusal")))
    if desk_timed:
        print()
        print(f"preparing a 12-megapixel JPEG of a page on a desk (every condition but the small frame), {args.timed} photos: "
              + timing(desk_timed))
    if timed:  # --timed 0 skips the timing
        print(f"preparing a 12-megapixel JPEG (decoding included), {args.timed} photos: " + timing(timed))
        print(f"load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
