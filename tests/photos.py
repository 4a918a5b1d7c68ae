"""Realistic classroom photos and scans of handwritten digits, made by code for the tests and the benchmark.

The digits are MNIST's validation digits (train10k[8500:9500]), which the
shipped network never trained on. Each one is drawn on a page as a student's
phone would see it (issue 14): a digit small and off-centre in a picture of
several megapixels; paper lit unevenly (about 200 grey on the bright side,
110 on the dark side); ruled or squared lines, sometimes a red margin; the
soft shadow of a hand or a phone; black or blue ink; a slight tilt; sensor
noise; JPEG compression at quality 70. A fifth of the digits are drawn with a
thick marker, a fifth are low-resolution scans blown up to full size (fat,
blurry strokes and lines). Everything is seeded: the same seed gives the same
photo, pixel for pixel.

Harder photos (issue 29), as a class really takes them: each of ``CONDITIONS``
can be switched on alone or with the others, and draws its own numbers from a
generator of its own, so the digit, paper, light and placement stay those of
the photo without it (and the photos above stay exactly as they were):

- ``desk``: the page lies on a desk (wood, dark or grey laminate) seen at an
  angle, a tilted quadrilateral (its true corners are in ``Photo.corners``);
- ``pencil``: grey, thinner, grainy strokes;
- ``dim``: dim light (a quarter to a half), strong sensor noise in each colour,
  and a warm, cool or yellow cast;
- ``tint``: tinted paper (yellow, pink, blue, green, recycled grey) and a
  coloured pen (red, green, purple, blue or black);
- ``crumple``: paper that was crumpled: soft bumps of light and a few folds;
- ``blur``: a little motion blur;
- ``small``: a 640x480 frame;
- ``jpeg``: heavy JPEG compression (quality 45-80).

A photo with any condition is a phone photo: a scan (``style="scan"``) becomes a pen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import cv2
from PIL import Image
from scipy import ndimage

from netcore.mnist import load_split
from netcore.samples import VALIDATION_RANGE

__all__ = [
    "CONDITIONS",
    "STYLES",
    "Photo",
    "class_mix",
    "desk_photo",
    "make_photo",
    "noisy_strokes",
    "photo_of_validation_digit",
    "save_jpeg",
    "validation_digits",
    "with_glare",
]

STYLES = ("pen", "marker", "scan")
_STYLE_ODDS = (0.6, 0.2, 0.2)
PAPERS = ("plain", "ruled", "squared")
_PAPER_ODDS = (0.3, 0.4, 0.3)
JPEG_QUALITY = 70

# Reflectances (R, G, B) of inks and printed lines on white paper.
_INKS = {"black": (0.09, 0.09, 0.11), "blue": (0.13, 0.19, 0.56)}
_LINE_COLOURS = {"blue": (0.45, 0.62, 0.86), "grey": (0.58, 0.58, 0.6)}
_MARGIN_COLOUR = (0.86, 0.32, 0.32)

CONDITIONS = ("desk", "pencil", "dim", "tint", "crumple", "blur", "small", "jpeg")
SMALL_FRAME = (480, 640)  # rows, columns of a small frame (turned with the photo)
HEAVY_JPEG = (45, 80)  # quality range of heavy JPEG
_PENCIL_GREY = (0.3, 0.45)  # graphite's reflectance
_TINTS = {
    "yellow": (1.0, 0.93, 0.62),
    "pink": (1.0, 0.83, 0.86),
    "blue": (0.8, 0.89, 1.0),
    "green": (0.84, 0.97, 0.78),
    "recycled": (0.84, 0.81, 0.74),
}
_PENS = {
    "red": (0.78, 0.12, 0.14),
    "green": (0.1, 0.48, 0.24),
    "purple": (0.42, 0.16, 0.55),
    "blue": (0.13, 0.19, 0.56),
    "black": (0.09, 0.09, 0.11),
}
_CASTS = {"warm": (1.0, 0.8, 0.58), "cool": (0.76, 0.88, 1.0), "yellow": (1.0, 0.95, 0.55)}
_DESKS = {"wood": (0.42, 0.27, 0.15), "dark": (0.12, 0.12, 0.13), "grey": (0.36, 0.36, 0.37)}


@dataclass(frozen=True)
class Photo:
    """An RGB photo (H, W, 3) uint8 of one digit, with what was drawn."""

    pixels: np.ndarray
    label: int
    style: str  # one of STYLES
    paper: str  # one of PAPERS
    ink: str  # a key of _INKS (or of _PENS with "tint", "pencil" with "pencil")
    shadow: bool
    conditions: frozenset[str] = frozenset()  # of CONDITIONS
    corners: np.ndarray | None = None  # "desk": the page's corners (x, y) in pixels, clockwise from top left
    quality: int = JPEG_QUALITY  # the JPEG quality it is saved with


def validation_digits(directory: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The validation digits train10k[8500:9500] (images uint8 (1000, 28, 28), labels); NetcoreError if absent."""
    data = load_split("train10k", directory)
    part = slice(VALIDATION_RANGE.start, VALIDATION_RANGE.stop)
    return data.images[part], data.labels[part]


def class_mix(n: int) -> tuple[str, ...]:
    """The conditions of photo ``n`` in a class's mix: each of CONDITIONS with chance 1/2, drawn from a generator
    of its own seeded by ``n`` (a class's photos are not all taken under every condition at once)."""
    drawn = np.random.default_rng([29, n]).random(len(CONDITIONS)) < 0.5
    return tuple(c for c, on in zip(CONDITIONS, drawn) if on)


def photo_of_validation_digit(
    images: np.ndarray,
    labels: np.ndarray,
    n: int,
    megapixels: float = 3.0,
    style: str | None = None,
    conditions: Iterable[str] = (),
) -> Photo:
    """Photo number ``n`` of the series: validation digit ``n`` modulo 1000, seeded by ``n``."""
    i = n % len(labels)
    return make_photo(images[i], int(labels[i]), seed=n, megapixels=megapixels, style=style, conditions=conditions)


def make_photo(
    digit: np.ndarray,
    label: int,
    seed: int,
    megapixels: float = 3.0,
    style: str | None = None,
    conditions: Iterable[str] = (),
) -> Photo:
    """A photo of ``digit`` on a page of about ``megapixels`` million pixels (4:3), under ``conditions``.

    ``digit`` is uint8, ink high, 28 pixels high like an MNIST digit and as
    wide as wanted (two digits side by side; all zeros for a blank page).
    """
    conditions = frozenset(conditions)
    if conditions - set(CONDITIONS):
        raise ValueError(f"unknown conditions {sorted(conditions - set(CONDITIONS))}")
    rng = np.random.default_rng([14, seed])
    style = str(rng.choice(STYLES, p=_STYLE_ODDS)) if style is None else style
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    if conditions and style == "scan":
        style = "pen"  # a phone photo, not a scan
    long_side = int(round(np.sqrt(megapixels * 1e6 * 4 / 3)))
    size = (long_side * 3 // 4, long_side) if rng.random() < 0.5 else (long_side, long_side * 3 // 4)
    paper = str(rng.choice(PAPERS, p=_PAPER_ODDS))
    ink = str(rng.choice(list(_INKS)))
    if conditions:
        return _hard_photo(digit, label, size, rng, seed, style, paper, ink, conditions)
    if style == "scan":
        # Scanned at a low resolution, then blown up: even light, no shadow, everything blurred.
        low = rng.uniform(0.12, 0.25)
        small = (max(8, round(size[0] * low)), max(8, round(size[1] * low)))
        page = _page(digit, small, rng, paper, ink, fat=True, shadow=False, even=True)[0]
        page = ndimage.gaussian_filter(page, sigma=(0.6, 0.6, 0.0))
        pixels = np.asarray(Image.fromarray(_to_uint8(page)).resize(size[::-1], Image.Resampling.BICUBIC))
        return Photo(pixels, label, style, paper, ink, False)
    shadow = bool(rng.random() < 0.7)
    page = _page(digit, size, rng, paper, ink, fat=style == "marker", shadow=shadow, even=False)[0]
    return Photo(_to_uint8(page), label, style, paper, ink, shadow)


def desk_photo(seed: int, megapixels: float = 1.0) -> Photo:
    """A photo of nothing but a desk (no page, no digit), as the desks of the "desk" condition."""
    rng = np.random.default_rng([29, 1, seed])
    long_side = int(round(np.sqrt(megapixels * 1e6 * 4 / 3)))
    height, width = long_side * 3 // 4, long_side
    light = _gradient(height, width, rng, even=False)
    lit = _desk(height, width, rng) * light[..., None]
    lit += rng.standard_normal(lit.shape, dtype=np.float32) * np.float32(3.0 / 255.0)
    return Photo(_to_uint8(lit), -1, "pen", "none", "none", False)


def with_glare(photo: Photo, seed: int) -> Photo:
    """The photo taken through glass: a lamp's reflection, a washed-out white patch, over part of the page."""
    rng = np.random.default_rng([29, 2, seed])
    height, width = photo.pixels.shape[:2]
    rows = np.arange(height, dtype=np.float32)[:, None] / height - np.float32(rng.uniform(0.3, 0.7))
    cols = np.arange(width, dtype=np.float32)[None, :] / width - np.float32(rng.uniform(0.3, 0.7))
    radius = np.sqrt((rows / np.float32(rng.uniform(0.12, 0.2))) ** 2 + (cols / np.float32(rng.uniform(0.15, 0.3))) ** 2)
    shine = np.clip(1.6 - radius, 0.0, 1.0)[..., None]  # saturated in the middle, fading out
    veil = np.float32(0.08)  # the glass reflects a little of the room everywhere
    lit = photo.pixels.astype(np.float32) / 255.0
    lit = lit + veil * (1.0 - lit) + shine * 1.5
    return Photo(_to_uint8(lit), photo.label, photo.style, photo.paper, photo.ink, photo.shadow, photo.conditions, photo.corners, photo.quality)


def save_jpeg(photo: Photo, path: str | Path, quality: int | None = None) -> Path:
    """Save the photo as a JPEG (as a phone would; at the photo's own quality unless told), return the path."""
    path = Path(path)
    Image.fromarray(photo.pixels).save(path, format="JPEG", quality=photo.quality if quality is None else quality)
    return path


def noisy_strokes(height: int, width: int, seed: int, strokes: int = 5) -> np.ndarray:
    """A grey 8-bit picture for denoisers: paper at level 200, dark straight strokes 1 to 4 pixels wide (1 to 11
    in a picture over 400 pixels), and Gaussian noise of 20 levels."""
    rng = np.random.default_rng(seed)
    picture = np.full((height, width), 200.0)
    thickest = 5 if max(height, width) <= 400 else 12
    for _ in range(strokes):
        ends = rng.integers(0, [width, height], size=(2, 2))
        cv2.line(picture, tuple(map(int, ends[0])), tuple(map(int, ends[1])), float(rng.integers(30, 120)), int(rng.integers(1, thickest)))
    return np.clip(np.round(picture + rng.normal(0.0, 20.0, picture.shape)), 0, 255).astype(np.uint8)


def _to_uint8(page: np.ndarray) -> np.ndarray:
    return np.clip(np.round(page * 255.0), 0, 255).astype(np.uint8)


def _hard_photo(
    digit: np.ndarray,
    label: int,
    size: tuple[int, int],
    rng: np.random.Generator,
    seed: int,
    style: str,
    paper: str,
    ink: str,
    conditions: frozenset[str],
) -> Photo:
    """A phone photo under ``conditions``; each condition draws from its own generator, seeded by ``seed``."""
    draws = {name: np.random.default_rng([29, seed, i]) for i, name in enumerate(CONDITIONS)}
    frame = size
    if "small" in conditions:
        frame = SMALL_FRAME if size[0] <= size[1] else SMALL_FRAME[::-1]
    page_size = frame
    if "desk" in conditions:
        fraction = draws["desk"].uniform(0.6, 0.85)  # of the frame's sides the page spans, before its turn
        page_size = (round(frame[0] * fraction), round(frame[1] * fraction))
    shadow = bool(rng.random() < 0.7)
    page, corners, ink = _page(
        digit, page_size, rng, paper, ink, fat=style == "marker", shadow=shadow, even=False,
        conditions=conditions, draws=draws, frame=frame,
    )
    quality = int(draws["jpeg"].integers(HEAVY_JPEG[0], HEAVY_JPEG[1], endpoint=True)) if "jpeg" in conditions else JPEG_QUALITY
    return Photo(_to_uint8(page), label, style, paper, ink, shadow, conditions, corners, quality)


def _page(
    digit: np.ndarray,
    size: tuple[int, int],
    rng: np.random.Generator,
    paper: str,
    ink: str,
    fat: bool,
    shadow: bool,
    even: bool,
    conditions: frozenset[str] = frozenset(),
    draws: dict[str, np.random.Generator] | None = None,
    frame: tuple[int, int] | None = None,
) -> tuple[np.ndarray, np.ndarray | None, str]:
    """Grey levels in [0, 1] (H, W, 3): lit paper with lines and the digit; the page's corners on a desk; the ink.

    ``frame`` is the picture's size (the page's ``size`` unless it lies on a desk).
    """
    height, width = size
    frame = size if frame is None else frame
    short = min(height, width)
    tilt = rng.uniform(-5.0, 5.0)
    digit_height = rng.uniform(0.12, 0.3) * short  # MNIST's 20-pixel box becomes this tall
    pencil = draws["pencil"] if "pencil" in conditions else None
    strokes = _ink_density(digit, digit_height / 20.0, rng, fat and pencil is None, tilt, pencil)

    # Lines, tilted with the page: coverage in [0, 1] of each kind of line.
    rows = np.arange(height, dtype=np.float32)[:, None]
    cols = np.arange(width, dtype=np.float32)[None, :]
    cos, sin = np.float32(np.cos(np.radians(tilt))), np.float32(np.sin(np.radians(tilt)))
    thickness = max(1.0, rng.uniform(0.0007, 0.0013) * short)
    line_colour = np.array(_LINE_COLOURS[str(rng.choice(list(_LINE_COLOURS)))])
    strength = rng.uniform(0.5, 0.9)
    lines = np.zeros((height, width), np.float32)
    if paper != "plain":
        spacing = digit_height / (rng.uniform(1.3, 2.2) if paper == "ruled" else rng.uniform(2.0, 3.5))
        lines = _line_coverage(rows * cos - cols * sin, spacing, rng.uniform(0, spacing), thickness)
        if paper == "squared":
            lines = np.maximum(lines, _line_coverage(cols * cos + rows * sin, spacing, rng.uniform(0, spacing), thickness))
    margin = None
    if paper == "ruled" and rng.random() < 0.3:
        x = rng.uniform(0.08, 0.2) * width
        margin = np.clip(np.float32(0.75 * thickness + 0.5) - np.abs(cols * cos + rows * sin - np.float32(x)), 0.0, 1.0)

    # Light over the whole picture: a gradient (bright side about 200 grey, dark side about 110), a shadow, a warm cast.
    light = _gradient(frame[0], frame[1], rng, even)
    if shadow:
        light = light * _shadow(frame[0], frame[1], rng)
    cast = np.array([1.0, rng.uniform(0.94, 1.0), rng.uniform(0.84, 0.97)])

    # Where the digit goes: off-centre, wholly on the page.
    sh, sw = strokes.shape
    top = int(np.clip(rng.uniform(0.15, 0.85) * height - sh / 2, 0, max(0, height - sh)))
    left = int(np.clip(rng.uniform(0.15, 0.85) * width - sw / 2, 0, max(0, width - sw)))
    sh, sw = min(sh, height - top), min(sw, width - left)
    ink_rgb = np.array(_INKS[ink])
    opacity = rng.uniform(0.8, 0.97)
    noise = rng.standard_normal(frame, dtype=np.float32) * np.float32(rng.uniform(1.5, 4.0) / 255.0)
    paper_rgb = None
    if pencil is not None:
        ink, ink_rgb = "pencil", np.full(3, pencil.uniform(*_PENCIL_GREY))
        opacity = pencil.uniform(0.6, 0.85)
    if "tint" in conditions:
        paper_rgb = _TINTS[str(draws["tint"].choice(list(_TINTS)))]
        if pencil is None:
            ink = str(draws["tint"].choice(list(_PENS)))
            ink_rgb = np.array(_PENS[ink])

    reflectances = np.empty((height, width, 3), np.float32)
    for c in range(3):
        reflectance = 1.0 - np.float32(strength * (1.0 - line_colour[c])) * lines
        if margin is not None:
            reflectance *= 1.0 - np.float32(0.8 * (1.0 - _MARGIN_COLOUR[c])) * margin
        patch = reflectance[top : top + sh, left : left + sw]
        patch *= 1.0 - np.float32(opacity * (1.0 - ink_rgb[c])) * strokes[:sh, :sw]
        if paper_rgb is not None:
            reflectance *= np.float32(paper_rgb[c])
        reflectances[..., c] = reflectance
    if "crumple" in conditions:
        reflectances *= _crumple(height, width, draws["crumple"])[..., None]
    corners = None
    if "desk" in conditions:
        reflectances, corners = _on_desk(reflectances, frame, draws["desk"])
    if "dim" in conditions:
        light = light * np.float32(draws["dim"].uniform(0.3, 0.5))
        cast = cast * np.array(_CASTS[str(draws["dim"].choice(list(_CASTS)))])

    page = np.empty((*frame, 3), np.float32)
    for c in range(3):
        page[..., c] = reflectances[..., c] * light * np.float32(cast[c])
    if "blur" in conditions:
        page = _motion_blur(page, draws["blur"])
    page += noise[..., None]
    if "dim" in conditions:  # a phone's sensor in dim light: noise of its own in each colour
        sigma = np.float32(draws["dim"].uniform(6.0, 12.0) / 255.0)
        page += draws["dim"].standard_normal(page.shape, dtype=np.float32) * sigma
    return page, corners, ink


def _gradient(height: int, width: int, rng: np.random.Generator, even: bool) -> np.ndarray:
    """Light (H, W) falling evenly across the picture in a random direction: from about 200 grey to 110 (or even)."""
    rows = np.arange(height, dtype=np.float32)[:, None]
    cols = np.arange(width, dtype=np.float32)[None, :]
    angle = rng.uniform(0, 2 * np.pi)
    along = rows * np.float32(np.sin(angle)) + cols * np.float32(np.cos(angle))
    along = (along - along.min()) / max(float(along.max() - along.min()), 1.0)
    bright = rng.uniform(0.86, 0.95) if even else rng.uniform(0.75, 0.92)
    dark = bright - rng.uniform(0.0, 0.08) if even else rng.uniform(0.4, 0.52)
    return np.float32(bright) + np.float32(dark - bright) * along


def _ink_density(
    digit: np.ndarray, scale: float, rng: np.random.Generator, fat: bool, tilt: float, pencil: np.random.Generator | None = None
) -> np.ndarray:
    """The digit enlarged ``scale`` times as ink coverage in [0, 1]: a pen (crisp strokes), a fat marker or a pencil."""
    size = (max(1, round(digit.shape[1] * scale)), max(1, round(digit.shape[0] * scale)))
    grown = np.asarray(Image.fromarray(digit.astype(np.float32) / 255.0).resize(size, Image.Resampling.BICUBIC), np.float64)
    if fat:
        # A marker or a thick pen: strokes 1.5-2.5 times as wide as MNIST's (about 2 px in 28).
        grow = rng.uniform(0.5, 1.5) * scale
        margin = int(np.ceil(grow)) + 2
        paper = np.pad(grown < 0.5, margin, constant_values=True)
        # A blank page stays blank (the distance to ink that is nowhere is not defined: SciPy left a dot).
        outside = ndimage.distance_transform_edt(paper) if not paper.all() else np.full(paper.shape, np.inf)
        density = np.clip(grow + 0.5 - outside, 0.0, 1.0)
    else:
        # A pen: MNIST's soft strokes cut at a level, with edges about 1.5 px wide.
        level = rng.uniform(0.35, 0.65)
        if pencil is not None:
            # A pencil: cut higher (thinner strokes), and grainy (graphite misses the paper's hollows).
            level = min(level + pencil.uniform(0.15, 0.25), 0.85)
        density = np.clip((grown - level) * scale / 1.5 + 0.5, 0.0, 1.0)
        if pencil is not None:
            grain = ndimage.gaussian_filter(pencil.standard_normal(density.shape), 0.8)
            density *= np.clip(0.75 + 1.2 * grain, 0.2, 1.0)
    image = Image.fromarray(density.astype(np.float32)).rotate(tilt, Image.Resampling.BILINEAR, expand=True)
    return np.clip(np.asarray(image, np.float32), 0.0, 1.0)


def _on_desk(page: np.ndarray, frame: tuple[int, int], rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The page's reflectances (h, w, 3) laid on a desk filling ``frame``, seen at an angle; and its corners (x, y)."""
    height, width = page.shape[:2]
    rows, cols = frame
    margin = 0.03 * min(rows, cols)
    turn = np.radians(rng.uniform(-18.0, 18.0))
    centre = np.array([cols / 2 + rng.uniform(-0.06, 0.06) * cols, rows / 2 + rng.uniform(-0.06, 0.06) * rows])
    keystone = rng.uniform(-0.05, 0.05, (4, 2)) * np.array([cols, rows])
    flat = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64) - np.array([width, height]) / 2
    rotation = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]])
    for shrink in 0.96 ** np.arange(40):  # smaller until the whole page is in the picture
        corners = (flat * shrink) @ rotation.T + centre + keystone * shrink
        if corners.min() >= margin and np.all(corners.max(axis=0) <= np.array([cols, rows]) - margin):
            break
    # Pixel (i, j)'s centre is at (j + 0.5, i + 0.5) in these coordinates, as in the picture's.
    source = (np.array([[0, 0], [width, 0], [width, height], [0, height]]) - 0.5).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(source, (corners - 0.5).astype(np.float32))
    on_frame = cv2.warpPerspective(page, matrix, (cols, rows), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    cover = cv2.warpPerspective(np.ones((height, width), np.float32), matrix, (cols, rows), flags=cv2.INTER_LINEAR)
    desk = _desk(rows, cols, rng)
    return on_frame + (1.0 - cover[..., None]) * desk, corners


def _desk(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Reflectances (H, W, 3) of a desk: wood with its grain, or a dark or grey laminate with a faint texture."""
    kind = str(rng.choice(list(_DESKS)))
    colour = np.array(_DESKS[kind]) * rng.uniform(0.8, 1.2)
    # Grain: noise stretched along one direction, made at an eighth of the size and enlarged.
    small = (max(4, height // 8), max(4, width // 8))
    field = ndimage.gaussian_filter(rng.standard_normal(small), (0.7, 12.0) if kind == "wood" else (2.0, 2.0))
    field = ndimage.rotate(field, rng.uniform(0, 180), reshape=False, mode="reflect")
    field /= max(float(field.std()), 1e-6)
    grain = cv2.resize(field.astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    amount = {"wood": 0.18, "dark": 0.12, "grey": 0.06}[kind]
    texture = np.clip(1.0 + np.float32(amount) * grain, 0.5, 1.5)
    return (texture[..., None] * colour.astype(np.float32)).astype(np.float32)


def _crumple(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Light factor (H, W) of crumpled paper: soft bumps and a few folds, each a crease with a step of light."""
    small = (max(4, height // 16), max(4, width // 16))
    bumps = ndimage.gaussian_filter(rng.standard_normal(small), 2.5)
    bumps /= max(float(bumps.std()), 1e-6)
    shading = 1.0 + np.float32(rng.uniform(0.04, 0.08)) * cv2.resize(bumps.astype(np.float32), (width, height))
    rows = np.arange(height, dtype=np.float32)[:, None]
    cols = np.arange(width, dtype=np.float32)[None, :]
    short = min(height, width)
    for _ in range(int(rng.integers(2, 5))):
        angle = rng.uniform(0, np.pi)
        y, x = rng.uniform(0.1, 0.9) * height, rng.uniform(0.1, 0.9) * width
        distance = (cols - np.float32(x)) * np.float32(np.sin(angle)) - (rows - np.float32(y)) * np.float32(np.cos(angle))
        soft = np.float32(rng.uniform(0.002, 0.006) * short)
        shading *= 1.0 + np.float32(rng.uniform(-0.07, 0.07)) * np.tanh(distance / soft)
        shading *= 1.0 - np.float32(rng.uniform(0.02, 0.06)) * np.exp(-((distance / np.float32(0.6 * soft + 0.5)) ** 2))
    return np.clip(shading, 0.6, 1.15).astype(np.float32)


def _motion_blur(page: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The picture smeared along a line (the phone moved while the shutter was open): a little motion blur."""
    length = max(2.0, rng.uniform(0.0015, 0.004) * max(page.shape[:2]))
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    angle = rng.uniform(0, np.pi)
    half = (length - 1) / 2
    centre = size // 2
    ends = [(round(centre + s * half * np.cos(angle)), round(centre + s * half * np.sin(angle))) for s in (-1, 1)]
    cv2.line(kernel, ends[0], ends[1], 1.0, 1)
    return cv2.filter2D(page, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REFLECT)


def _line_coverage(position: np.ndarray, spacing: float, offset: float, thickness: float) -> np.ndarray:
    """Coverage in [0, 1] of lines ``thickness`` wide every ``spacing`` pixels along ``position``."""
    distance = np.abs(np.mod(position - np.float32(offset) + np.float32(spacing / 2), np.float32(spacing)) - np.float32(spacing / 2))
    return np.clip(np.float32(thickness / 2 + 0.5) - distance, 0.0, 1.0)


def _shadow(height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Light factor (H, W): a soft elliptical shadow of a hand or a phone reaching in from one edge."""
    edge = int(rng.integers(4))
    u = rng.uniform(0.2, 0.8)
    centre_y, centre_x = [(0.0, u), (1.0, u), (u, 0.0), (u, 1.0)][edge]
    centre_y, centre_x = centre_y * height, centre_x * width
    semi_a, semi_b = rng.uniform(0.25, 0.5) * width, rng.uniform(0.2, 0.45) * height
    turn = rng.uniform(0, np.pi)
    rows = np.arange(height, dtype=np.float32)[:, None] - np.float32(centre_y)
    cols = np.arange(width, dtype=np.float32)[None, :] - np.float32(centre_x)
    cos, sin = np.float32(np.cos(turn)), np.float32(np.sin(turn))
    radius = np.sqrt(((cols * cos + rows * sin) / np.float32(semi_a)) ** 2 + ((rows * cos - cols * sin) / np.float32(semi_b)) ** 2)
    soft = np.float32(rng.uniform(0.05, 0.15))  # penumbra, as a fraction of the shadow's size
    inside = np.clip((1.0 + soft - radius) / (2.0 * soft), 0.0, 1.0)
    inside = inside * inside * (3.0 - 2.0 * inside)  # smoothstep: a penumbra without a kink
    return 1.0 - np.float32(rng.uniform(0.25, 0.45)) * inside
