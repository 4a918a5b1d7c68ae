"""The interactive page (touch.html) in headless Chromium: speed, size, and how it reads photos against netcore.

Run from the project root, offline:  .venv/bin/python bench/page.py [--photos N] [--repeats K]

Writes the page with the lesson command's own function (studio.playground) into
a temporary folder, opens it from file:// in headless Chromium (Selenium and
Debian's chromedriver) and prints:
- the page's forward pass per digit (``explainer.forward`` on the 500 sample
  digits, best of K rounds), against the issue's target of 0.2 ms;
- its preparation time for a drawing (a 280x280 pad) and for a 12-megapixel
  photo (a JPEG made by tests/photos.py, decoding by the browser included);
- the page's size (its HTML, script, style and data; the lesson's video aside);
- how it reads N photo-like digits (tests/photos.py, 3 megapixels, from the
  validation digits train10k[8500:9500]) against ``netcore.preprocess``: the
  answers of both, how often they agree, and how far apart their 28x28 inputs lie.
Needs the MNIST train10k files (../shared/data/mnist or $MNIST_DIR) for the photos.
"""

from __future__ import annotations

import argparse
import base64
import io
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium  # noqa: E402
from netcore.errors import NetcoreError  # noqa: E402
from netcore.choices import read_choices  # noqa: E402
from netcore.inputs import load_inputs  # noqa: E402
from netcore.network import load_network  # noqa: E402
from netcore.paths import DEFAULT_WEIGHTS  # noqa: E402
from netcore.preprocess import prepare_photo  # noqa: E402
from netcore.samples import load_sample  # noqa: E402
from storyboard.registry import beat_named  # noqa: E402
from studio.playground import PAGE, PAGE_FILES, write_playground  # noqa: E402
from tests.photos import make_photo, photo_of_validation_digit, save_jpeg, validation_digits  # noqa: E402

BEATS = ("forward", "when-it-fails", "what-it-learned", "neuron-bias", "parameter-count", "matrix", "learning-glimpse")

_FORWARD = """
const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0)), n = bytes.length / 784, rounds = arguments[1];
const digits = [];
for (let i = 0; i < n; i++) digits.push(Array.from(bytes.subarray(784 * i, 784 * (i + 1)), v => v / 255));
let best = Infinity;
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  for (const d of digits) window.explainer.forward(d);
  best = Math.min(best, (performance.now() - t) / n);
}
return best;
"""

_PREPARE_DRAWING = """
const c = document.createElement('canvas'); c.width = c.height = 280;
const g = c.getContext('2d'); g.fillStyle = '#000'; g.fillRect(0, 0, 280, 280);
g.strokeStyle = '#fff'; g.lineWidth = 20; g.lineCap = 'round';
g.beginPath(); g.moveTo(70, 55); g.lineTo(212, 55); g.lineTo(140, 230); g.stroke();
const image = g.getImageData(0, 0, 280, 280), times = [];
for (let r = 0; r < arguments[0]; r++) { const t = performance.now(); window.explainer.prepare(image); times.push(performance.now() - t); }
return times;
"""

_PREPARE_PHOTO = """
const done = arguments[arguments.length - 1];
const blob = new Blob([Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0))], {type: 'image/jpeg'});
const t = performance.now();
window.explainer.preparePhoto(blob).then(p => done({ms: performance.now() - t, pixels: p.pixels}), e => done({error: String(e)}));
"""


def _page(folder: Path) -> Path:
    inputs = load_inputs(read_choices())
    records = {name: beat_named(name).build(inputs) for name in BEATS}
    page = {"title": "bench", "theme": "dark", "width": 854, "height": 480, "captions_src": "data:text/vtt;base64,"}
    write_playground(folder, records, inputs, [], page)
    return folder / PAGE


def _jpeg(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def _photo_agreement(driver, count: int, folder: Path) -> None:
    """Photo-like digits read by the page and by netcore.preprocess, with the shipped network."""
    if count <= 0:
        return
    network = load_network(DEFAULT_WEIGHTS)
    try:
        images, labels = validation_digits()
    except NetcoreError as exc:
        print(f"photos: skipped ({exc})")
        return
    rows = []
    for n in range(count):
        photo = photo_of_validation_digit(images, labels, n, megapixels=3.0)
        path = save_jpeg(photo, folder / f"photo-{n}.jpg")
        try:
            python = prepare_photo(path).pixels.reshape(-1)
        except NetcoreError:
            python = None
        page = driver.execute_async_script(_PREPARE_PHOTO, _jpeg(path))
        pixels = None if page.get("pixels") is None else np.array(page["pixels"])
        answer = lambda p: None if p is None else int(network.forward(p).prediction)  # noqa: E731
        gap = None if python is None or pixels is None else float(np.mean(np.abs(python - pixels)))
        rows.append((photo.style, photo.label, answer(python), answer(pixels), gap))
    print(f"\nphoto-like digits (tests/photos.py, 3 MP, validation digits), {count} photos:")
    print("| | netcore.preprocess right | page right | same answer | page refused | mean abs. pixel difference |")
    print("| --- | --- | --- | --- | --- | --- |")
    for style in ("all", "pen", "marker", "scan"):
        chosen = [r for r in rows if style == "all" or r[0] == style]
        if not chosen:
            continue
        gaps = [r[4] for r in chosen if r[4] is not None]
        print(f"| {style} ({len(chosen)}) | {np.mean([r[2] == r[1] for r in chosen]):.1%} | {np.mean([r[3] == r[1] for r in chosen]):.1%} "
              f"| {np.mean([r[2] == r[3] for r in chosen]):.1%} | {np.mean([r[3] is None for r in chosen]):.1%} "
              f"| {np.mean(gaps) if gaps else float('nan'):.3f} |")
    print("disagreements (style, label, netcore, page):", Counter((r[0], r[1], r[2], r[3]) for r in rows if r[2] != r[3]).most_common(12))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100, help="photo-like digits to read (default 100)")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of each timing (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, chromium() as driver:
        folder = Path(tmp)
        page = _page(folder)
        sizes = {name: (folder / name).stat().st_size for name in PAGE_FILES}
        driver.get(page.as_uri())
        sample = load_sample().images
        per_digit = driver.execute_script(_FORWARD, base64.b64encode(sample.tobytes()).decode("ascii"), args.repeats)
        print(f"forward pass, explainer.forward on {len(sample)} sample digits: {per_digit * 1000:.1f} µs per digit "
              f"(best of {args.repeats}; target under 200 µs)")
        drawing = driver.execute_script(_PREPARE_DRAWING, 10 * args.repeats)
        print(f"prepare a drawing (280x280 pad): {np.median(drawing):.1f} ms median, {max(drawing):.1f} ms at most ({len(drawing)} runs)")
        digit = sample[11]
        timings, python = [], []
        for seed in range(args.repeats):
            path = save_jpeg(make_photo(digit, 3, seed=seed, megapixels=12.0), folder / f"big-{seed}.jpg")
            result = driver.execute_async_script(_PREPARE_PHOTO, _jpeg(path))
            timings.append(result["ms"])
            start = time.perf_counter()
            prepare_photo(path)  # the same photo through netcore, on the same loaded machine, for scale
            python.append(1000 * (time.perf_counter() - start))
        with Image.open(path) as image:
            size = image.size
        print(f"prepare a 12 MP photo ({size[0]}x{size[1]} JPEG, decoding included): {np.mean(timings):.0f} ms mean, "
              f"{max(timings):.0f} ms at most ({len(timings)} photos); netcore.preprocess on the same photos "
              f"{np.mean(python):.0f} ms mean, {max(python):.0f} ms at most")
        print("page size: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items())
              + f"; total {sum(sizes.values()) / 1024:.0f} KiB (+ lesson.css, shared with the lesson; the video aside)")
        _photo_agreement(driver, args.photos, folder)


if __name__ == "__main__":
    main()
