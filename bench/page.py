"""The interactive page (touch.html) in headless Chromium: speed, size, and how it reads photos against netcore.

Run from the project root, offline:  .venv/bin/python bench/page.py [--photos N] [--repeats K] [--harder M]

Writes the page with the lesson command's own function (studio.playground) into
a temporary folder, opens it from file:// in headless Chromium (Selenium and
Debian's chromedriver) and prints:
- the page's forward pass per digit (``explainer.forward`` on the 500 sample
  digits, best of K rounds), against the issue's target of 0.2 ms;
- its preparation time for a drawing (a 280x280 pad), the time OpenCV.js takes
  to load and start (once, when the first photo is opened), and the time per
  photo of a page on a desk (issue 29's "desk" condition, tests/photos.py) at 1
  and at 12 megapixels (decoding by the browser included; after one photo read
  untimed, as V8 compiles the hot loops on their first runs), wall and the
  browser's CPU seconds, against netcore.preprocess on the same photos;
- the page's non-local means (``explainer.nlMeans``, OpenCV.js has none) on a
  noisy 1200x900 page, netcore's window sizes, against cv2.fastNlMeansDenoising;
- the page's size (its HTML, script, style and data; the lesson's video aside);
- how it reads N photo-like digits (tests/photos.py, 3 megapixels, from the
  validation digits train10k[8500:9500]) against ``netcore.preprocess``: the
  answers of both, how often they agree, and how far apart their 28x28 inputs lie;
- how it reads N harder photos (issue 29, all conditions at once: the page on a
  desk, pencil, dim light, tint, crumple, blur, small frames, heavy JPEG; 1 megapixel)
  against netcore: right, refused, the same answer;
- how the page stays responsive while it reads a photo: the longest task on the
  main thread (the browser's 'longtask' entries, tasks over 50 ms) and their
  count while reading 1-megapixel harder photos (all of issue 29's conditions
  but the small frame, so noisy enough to be denoised), with the time per photo.
Needs the MNIST train10k files (../shared/data/mnist or $MNIST_DIR) for the photos.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a plain script from anywhere
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium  # noqa: E402
from netcore import contrast  # noqa: E402
from netcore.errors import NetcoreError  # noqa: E402
from netcore.choices import read_choices  # noqa: E402
from netcore.inputs import load_inputs  # noqa: E402
from netcore.network import load_network  # noqa: E402
from netcore.paths import DEFAULT_WEIGHTS  # noqa: E402
from netcore.preprocess import prepare_photo  # noqa: E402
from netcore.samples import load_sample  # noqa: E402
from storyboard.registry import beat_named  # noqa: E402
from studio.playground import PAGE, PAGE_FILES, write_playground  # noqa: E402
from tests.photos import CONDITIONS, make_photo, noisy_strokes, photo_of_validation_digit, save_jpeg, validation_digits  # noqa: E402

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

_LOAD_OPENCV = """
const done = arguments[arguments.length - 1], t = performance.now(), s = document.createElement('script');
s.src = 'opencv-js/opencv.js';
s.onload = () => { const ready = () => done(performance.now() - t); if (window.cv.Mat) ready(); else window.cv.onRuntimeInitialized = ready; };
document.head.appendChild(s);
"""

_NL_MEANS = """
const done = arguments[arguments.length - 1], levels = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0)), t = performance.now();
window.explainer.nlMeans(levels, arguments[1], arguments[2], arguments[3], arguments[4], arguments[5]).then(out =>
  done({ms: performance.now() - t, out: btoa(String.fromCharCode.apply(null, out.slice(0, 65536)))}));
"""

_PREPARE_PHOTO = """
const done = arguments[arguments.length - 1];
const blob = new Blob([Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0))], {type: 'image/jpeg'});
const t = performance.now();
window.explainer.preparePhoto(blob).then(p => done({ms: performance.now() - t, pixels: p.pixels, steps: p.steps}), e => done({error: String(e)}));
"""


# The main thread's long tasks (over 50 ms) while a photo is read, from the browser's own 'longtask' entries; the last
# is reported after the reading ends, so the observer is read a moment later.
_LONG_TASKS = """
const done = arguments[arguments.length - 1], tasks = [];
const observer = new PerformanceObserver(list => { for (const e of list.getEntries()) tasks.push(e.duration); });
observer.observe({type: 'longtask'});
const blob = new Blob([Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0))], {type: 'image/jpeg'});
const t = performance.now();
window.explainer.preparePhoto(blob).then(p => {
  const ms = performance.now() - t;
  setTimeout(() => {
    for (const e of observer.takeRecords()) tasks.push(e.duration);
    observer.disconnect();
    done({ms: ms, tasks: tasks, denoised: p.steps.some(s => s.includes('denoised'))});
  }, 200);
}, e => done({error: String(e)}));
"""


def _page(folder: Path) -> Path:
    inputs = load_inputs(read_choices())
    records = {name: beat_named(name).build(inputs) for name in BEATS}
    page = {"title": "bench", "theme": "dark", "width": 854, "height": 480, "captions_src": "data:text/vtt;base64,"}
    write_playground(folder, records, inputs, [], page)
    return folder / PAGE


def _jpeg(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def _network_and_digits(what: str):
    """The shipped network and the validation digits (images, labels); None, said, when the shared data is absent."""
    try:
        images, labels = validation_digits()
    except NetcoreError as exc:
        print(f"{what}: skipped ({exc})")
        return None
    return load_network(DEFAULT_WEIGHTS), images, labels


def _read_by_both(driver, path: Path) -> tuple[np.ndarray | None, np.ndarray | None]:
    """A photo's 784 inputs as netcore.preprocess and as the page prepare them; None for a refusal."""
    try:
        python = prepare_photo(path).pixels.reshape(-1)
    except NetcoreError:
        python = None
    page = driver.execute_async_script(_PREPARE_PHOTO, _jpeg(path))
    return python, None if page.get("pixels") is None else np.array(page["pixels"])


def _series_by_both(driver, what: str, count: int, folder: Path, megapixels: float, conditions: tuple[str, ...] = ()):
    """The shipped network and, for photos 0 .. count-1 of the series (``what`` names them), each photo with its
    inputs as netcore and as the page prepare them (None for a refusal); None if the data or weights are missing."""
    loaded = _network_and_digits(what) if count > 0 else None
    if loaded is None:
        return None
    network, images, labels = loaded
    read = []
    for n in range(count):
        photo = photo_of_validation_digit(images, labels, n, megapixels, conditions=conditions)
        read.append((photo, *_read_by_both(driver, save_jpeg(photo, folder / f"{what.replace(' ', '-')}-{n}.jpg"))))
    return network, read


def _photo_agreement(driver, count: int, folder: Path) -> None:
    """Photo-like digits read by the page and by netcore.preprocess, with the shipped network."""
    found = _series_by_both(driver, "photos", count, folder, 3.0)
    if found is None:
        return
    network, read = found
    answer = lambda p: None if p is None else int(network.forward(p).prediction)  # noqa: E731
    rows = []
    for photo, python, pixels in read:
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


def _browser_cpu_seconds(driver) -> float:
    """User and system CPU seconds so far of chromedriver and every process under it (the browser's), from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    tree, grew = {driver.service.process.pid}, True
    while grew:
        more = {pid for pid, (parent, _) in table.items() if parent in tree} - tree
        tree, grew = tree | more, bool(more)
    return sum(table[pid][1] for pid in tree if pid in table) / os.sysconf("SC_CLK_TCK")


def _desk_photo_times(driver, folder: Path, repeats: int) -> None:
    """Time per photo of a page on a desk, 1 and 12 megapixels, in the page and in netcore; OpenCV.js's start first."""
    digits = load_sample().images
    load = driver.execute_async_script(_LOAD_OPENCV)
    print(f"OpenCV.js ({(folder / 'opencv-js' / 'opencv.js').stat().st_size / 2**20:.1f} MiB), loaded and started when the "
          f"first photo is opened: {load:.0f} ms")
    # One photo read first, untimed: V8 compiles the page's hot loops on their first runs.
    driver.execute_async_script(_PREPARE_PHOTO, _jpeg(save_jpeg(make_photo(digits[0], 5, seed=99, megapixels=1.0, conditions=("desk",)), folder / "warm.jpg")))
    for megapixels in (1.0, 12.0):
        page, cpu, python = [], [], []
        for seed in range(repeats):
            photo = make_photo(digits[11], 3, seed=seed, megapixels=megapixels, style="pen", conditions=("desk",))
            path = save_jpeg(photo, folder / f"desk-{seed}.jpg")
            before = _browser_cpu_seconds(driver)
            result = driver.execute_async_script(_PREPARE_PHOTO, _jpeg(path))
            cpu.append(_browser_cpu_seconds(driver) - before)
            page.append(result["ms"])
            start = time.perf_counter()
            try:
                prepare_photo(path)  # the same photo through netcore, on the same loaded machine, for scale
            except NetcoreError:
                pass
            python.append(1000 * (time.perf_counter() - start))
        size = photo.pixels.shape[1::-1]
        print(f"prepare a {megapixels:g} MP photo of a page on a desk ({size[0]}x{size[1]} JPEG, decoding included, {repeats} photos): "
              f"page {np.mean(page):.0f} ms mean, {max(page):.0f} ms at most (the browser's CPU {1000 * np.mean(cpu):.0f} ms mean); "
              f"netcore.preprocess {np.mean(python):.0f} ms mean, {max(python):.0f} ms at most")


def _nl_means_time(driver, repeats: int) -> None:
    """The page's non-local means on a noisy 1200x900 page (strokes, noise of 20 levels), wall and the browser's CPU,
    against cv2.fastNlMeansDenoising (OpenCV's threads) on the same picture; their first 65,536 levels compared."""
    import cv2

    picture = noisy_strokes(900, 1200, seed=0, strokes=12)
    h, patch, search = 20.0, contrast._NLM_PATCH, contrast._NLM_SEARCH
    packed = base64.b64encode(picture.tobytes()).decode("ascii")
    wall, cpu, python = [], [], []
    for _ in range(repeats):
        before = _browser_cpu_seconds(driver)
        result = driver.execute_async_script(_NL_MEANS, packed, 1200, 900, h, patch, search)
        cpu.append(_browser_cpu_seconds(driver) - before)
        wall.append(result["ms"])
        start = time.perf_counter()
        expected = cv2.fastNlMeansDenoising(picture, None, h=h, templateWindowSize=patch, searchWindowSize=search)
        python.append(1000 * (time.perf_counter() - start))
    page = np.frombuffer(base64.b64decode(result["out"]), np.uint8)
    gap = np.abs(page.astype(int) - expected.reshape(-1)[: page.size])
    print(f"non-local means of a noisy 1200x900 page ({patch}x{patch} patches, {search}x{search} search, h {h:g}, {repeats} runs): "
          f"page {np.mean(wall):.0f} ms mean, {max(wall):.0f} ms at most (the browser's CPU {1000 * np.mean(cpu):.0f} ms mean); "
          f"cv2 {np.mean(python):.0f} ms mean; levels apart on the first {page.size}: mean {gap.mean():.3f}, largest {gap.max()}")


def _responsiveness(driver, folder: Path, repeats: int) -> None:
    """The longest main-thread task, and the count of tasks over 50 ms, while the page reads 1-megapixel harder photos."""
    loaded = _network_and_digits("responsiveness")
    if loaded is None:
        return
    _, images, labels = loaded
    conditions = tuple(c for c in CONDITIONS if c != "small")  # a small frame would be 0.3 megapixels
    longest, counts, wall, cpu, denoised = [], [], [], [], 0
    for n in range(repeats):
        path = save_jpeg(photo_of_validation_digit(images, labels, n, 1.0, conditions=conditions), folder / f"busy-{n}.jpg")
        before = _browser_cpu_seconds(driver)
        result = driver.execute_async_script(_LONG_TASKS, _jpeg(path))
        cpu.append(_browser_cpu_seconds(driver) - before)
        longest.append(max(result["tasks"], default=0.0))
        counts.append(len(result["tasks"]))
        wall.append(result["ms"])
        denoised += result["denoised"]
    print(f"responsiveness while reading a 1 MP harder photo ({repeats} photos, {denoised} denoised): longest main-thread task "
          f"{np.mean(longest):.0f} ms mean, {max(longest):.0f} ms at most ('longtask' entries, 0 when none is over 50 ms); "
          f"{np.mean(counts):.1f} tasks over 50 ms per photo; the photo read in {np.mean(wall):.0f} ms mean, {max(wall):.0f} ms at most "
          f"(the browser's CPU {1000 * np.mean(cpu):.0f} ms mean)")


def _harder_agreement(driver, count: int, folder: Path) -> None:
    """Harder photos, all of issue 29's conditions at once, read by the page and by netcore."""
    found = _series_by_both(driver, "harder photos", count, folder, 1.0, CONDITIONS)
    if found is None:
        return
    network, read = found
    rows = [(photo.label, *(-1 if p is None else int(network.forward(p).prediction) for p in both)) for photo, *both in read]
    label, python, ours = np.array(rows).T
    print(f"\nharder photos, all conditions at once ({', '.join(CONDITIONS)}; tests/photos.py, 1 MP, validation digits), {count} photos:")
    print("| | right | refused | same answer as netcore |")
    print("| --- | --- | --- | --- |")
    print(f"| netcore.preprocess | {np.mean(python == label):.1%} | {np.mean(python < 0):.1%} | |")
    print(f"| page (OpenCV.js) | {np.mean(ours == label):.1%} | {np.mean(ours < 0):.1%} | {np.mean(ours == python):.1%} |")
    print("disagreements (label, netcore, page):", [tuple(int(v) for v in r) for r in rows if r[1] != r[2]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100, help="photo-like digits to read (default 100)")
    parser.add_argument("--repeats", type=int, default=5, help="rounds of each timing (default 5)")
    parser.add_argument("--harder", type=int, default=40, help="harder photos, all conditions at once, to read (default 40)")
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
        _desk_photo_times(driver, folder, args.repeats)
        _nl_means_time(driver, args.repeats)
        _responsiveness(driver, folder, args.repeats)
        print("page size: " + ", ".join(f"{name} {size / 1024:.0f} KiB" for name, size in sizes.items())
              + f"; total {sum(sizes.values()) / 1024:.0f} KiB (+ lesson.css, shared with the lesson; the video aside; "
              f"+ opencv-js/opencv.js {(folder / 'opencv-js' / 'opencv.js').stat().st_size / 1024:.0f} KiB, loaded only for a photo)")
        _photo_agreement(driver, args.photos, folder)
        _harder_agreement(driver, args.harder, folder)
        print(f"load average (1, 5, 15 min): {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
