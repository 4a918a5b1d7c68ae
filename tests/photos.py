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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage

from netcore.mnist import load_split
from netcore.samples import VALIDATION_RANGE

__all__ = ["STYLES", "Photo", "make_photo", "photo_of_validation_digit", "save_jpeg", "validation_digits"]

STYLES = ("pen", "marker", "scan")
_STYLE_ODDS = (0.6, 0.2, 0.2)
PAPERS = ("plain", "ruled", "squared")
_PAPER_ODDS = (0.3, 0.4, 0.3)
JPEG_QUALITY = 70

# Reflectances (R, G, B) of inks and printed lines on white paper.
_INKS = {"black": (0.09, 0.09, 0.11), "blue": (0.13, 0.19, 0.56)}
_LINE_COLOURS = {"blue": (0.45, 0.62, 0.86), "grey": (0.58, 0.58, 0.6)}
_MARGIN_COLOUR = (0.86, 0.32, 0.32)


@dataclass(frozen=True)
class Photo:
    """An RGB photo (H, W, 3) uint8 of one digit, with what was drawn."""

    pixels: np.ndarray
    label: int
    style: str  # one of STYLES
    paper: str  # one of PAPERS
    ink: str  # a key of _INKS
    shadow: bool


def validation_digits(directory: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The validation digits train10k[8500:9500] (images uint8 (1000, 28, 28), labels); NetcoreError if absent."""
    data = load_split("train10k", directory)
    part = slice(VALIDATION_RANGE.start, VALIDATION_RANGE.stop)
    return data.images[part], data.labels[part]


def photo_of_validation_digit(
    images: np.ndarray, labels: np.ndarray, n: int, megapixels: float = 3.0, style: str | None = None
) -> Photo:
    """Photo number ``n`` of the series: validation digit ``n`` modulo 1000, seeded by ``n``."""
    i = n % len(labels)
    return make_photo(images[i], int(labels[i]), seed=n, megapixels=megapixels, style=style)


def make_photo(digit: np.ndarray, label: int, seed: int, megapixels: float = 3.0, style: str | None = None) -> Photo:
    """A photo of ``digit`` on a page of about ``megapixels`` million pixels (4:3).

    ``digit`` is uint8, ink high, 28 pixels high like an MNIST digit and as
    wide as wanted (two digits side by side; all zeros for a blank page).
    """
    rng = np.random.default_rng([14, seed])
    style = str(rng.choice(STYLES, p=_STYLE_ODDS)) if style is None else style
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}")
    long_side = int(round(np.sqrt(megapixels * 1e6 * 4 / 3)))
    size = (long_side * 3 // 4, long_side) if rng.random() < 0.5 else (long_side, long_side * 3 // 4)
    paper = str(rng.choice(PAPERS, p=_PAPER_ODDS))
    ink = str(rng.choice(list(_INKS)))
    if style == "scan":
        # Scanned at a low resolution, then blown up: even light, no shadow, everything blurred.
        low = rng.uniform(0.12, 0.25)
        small = (max(8, round(size[0] * low)), max(8, round(size[1] * low)))
        page = _page(digit, small, rng, paper, ink, fat=True, shadow=False, even=True)
        page = ndimage.gaussian_filter(page, sigma=(0.6, 0.6, 0.0))
        pixels = np.asarray(Image.fromarray(_to_uint8(page)).resize(size[::-1], Image.Resampling.BICUBIC))
        return Photo(pixels, label, style, paper, ink, False)
    shadow = bool(rng.random() < 0.7)
    page = _page(digit, size, rng, paper, ink, fat=style == "marker", shadow=shadow, even=False)
    return Photo(_to_uint8(page), label, style, paper, ink, shadow)


def save_jpeg(photo: Photo, path: str | Path, quality: int = JPEG_QUALITY) -> Path:
    """Save the photo as a JPEG (as a phone would), return the path."""
    path = Path(path)
    Image.fromarray(photo.pixels).save(path, format="JPEG", quality=quality)
    return path


def _to_uint8(page: np.ndarray) -> np.ndarray:
    return np.clip(np.round(page * 255.0), 0, 255).astype(np.uint8)


def _page(
    digit: np.ndarray,
    size: tuple[int, int],
    rng: np.random.Generator,
    paper: str,
    ink: str,
    fat: bool,
    shadow: bool,
    even: bool,
) -> np.ndarray:
    """Grey levels in [0, 1] (H, W, 3): lit paper with lines and the digit."""
    height, width = size
    short = min(height, width)
    tilt = rng.uniform(-5.0, 5.0)
    digit_height = rng.uniform(0.12, 0.3) * short  # MNIST's 20-pixel box becomes this tall
    strokes = _ink_density(digit, digit_height / 20.0, rng, fat, tilt)

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

    # Light: a gradient across the page (bright side about 200 grey, dark side about 110), a shadow, a warm cast.
    angle = rng.uniform(0, 2 * np.pi)
    along = rows * np.float32(np.sin(angle)) + cols * np.float32(np.cos(angle))
    along = (along - along.min()) / max(float(along.max() - along.min()), 1.0)
    bright = rng.uniform(0.86, 0.95) if even else rng.uniform(0.75, 0.92)
    dark = bright - rng.uniform(0.0, 0.08) if even else rng.uniform(0.4, 0.52)
    light = np.float32(bright) + np.float32(dark - bright) * along
    if shadow:
        light = light * _shadow(height, width, rng)
    cast = np.array([1.0, rng.uniform(0.94, 1.0), rng.uniform(0.84, 0.97)])

    # Where the digit goes: off-centre, wholly on the page.
    sh, sw = strokes.shape
    top = int(np.clip(rng.uniform(0.15, 0.85) * height - sh / 2, 0, max(0, height - sh)))
    left = int(np.clip(rng.uniform(0.15, 0.85) * width - sw / 2, 0, max(0, width - sw)))
    sh, sw = min(sh, height - top), min(sw, width - left)
    ink_rgb = np.array(_INKS[ink])
    opacity = rng.uniform(0.8, 0.97)
    noise = rng.standard_normal((height, width), dtype=np.float32) * np.float32(rng.uniform(1.5, 4.0) / 255.0)

    page = np.empty((height, width, 3), np.float32)
    for c in range(3):
        reflectance = 1.0 - np.float32(strength * (1.0 - line_colour[c])) * lines
        if margin is not None:
            reflectance *= 1.0 - np.float32(0.8 * (1.0 - _MARGIN_COLOUR[c])) * margin
        patch = reflectance[top : top + sh, left : left + sw]
        patch *= 1.0 - np.float32(opacity * (1.0 - ink_rgb[c])) * strokes[:sh, :sw]
        page[..., c] = reflectance * light * np.float32(cast[c]) + noise
    return page


def _ink_density(digit: np.ndarray, scale: float, rng: np.random.Generator, fat: bool, tilt: float) -> np.ndarray:
    """The digit enlarged ``scale`` times as ink coverage in [0, 1]: a pen (crisp strokes) or a fat marker."""
    size = (max(1, round(digit.shape[1] * scale)), max(1, round(digit.shape[0] * scale)))
    grown = np.asarray(Image.fromarray(digit.astype(np.float32) / 255.0).resize(size, Image.Resampling.BICUBIC), np.float64)
    if fat:
        # A marker or a thick pen: strokes 1.5-2.5 times as wide as MNIST's (about 2 px in 28).
        grow = rng.uniform(0.5, 1.5) * scale
        margin = int(np.ceil(grow)) + 2
        outside = ndimage.distance_transform_edt(np.pad(grown < 0.5, margin, constant_values=True))
        density = np.clip(grow + 0.5 - outside, 0.0, 1.0)
    else:
        # A pen: MNIST's soft strokes cut at a level, with edges about 1.5 px wide.
        level = rng.uniform(0.35, 0.65)
        density = np.clip((grown - level) * scale / 1.5 + 0.5, 0.0, 1.0)
    image = Image.fromarray(density.astype(np.float32)).rotate(tilt, Image.Resampling.BILINEAR, expand=True)
    return np.clip(np.asarray(image, np.float32), 0.0, 1.0)


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
