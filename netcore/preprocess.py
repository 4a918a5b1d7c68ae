"""Turn a photo or scan of a handwritten digit into a 28x28 MNIST-style input.

MNIST's digits were prepared like this (LeCun, Cortes and Burges): the ink was
cropped to its bounding box, scaled with anti-aliasing to fit a 20x20 box
keeping the aspect ratio, and placed in a 28x28 field so that the centre of
mass of the ink lies at the centre. The network only knows digits made this
way, so a student's own image goes through the same steps:

1. read it, in colour if it has colour (:mod:`netcore.imagefile`);
2. find the sheet of paper, if the photo shows one lying on a desk, and
   flatten it (:mod:`netcore.page`); otherwise a big photo is reduced to
   ``WORK_SIDE`` pixels on its long side and read whole;
3. in colour, divide out the paper's own colour and light, so the paper is
   white and ink of any colour dark, and smooth strong sensor noise
   (:mod:`netcore.contrast`);
4. find the digit's ink and nothing else, on evenly or unevenly lit paper,
   plain, ruled or squared (:mod:`netcore.ink`, :mod:`netcore.paperlines`);
5. crop to the ink and bring its strokes to MNIST's width (:mod:`netcore.strokes`);
6. scale to fit 20x20 keeping the shape, and shift by whole pixels so the
   centre of mass sits on pixel (14, 14).

Measured on MNIST's test set, every digit's centre of mass lies within half a
pixel of (14, 14) (mean 13.99, 14.01): MNIST shifted by whole pixels towards
pixel 14, not 13.5, and this module does the same (``CENTRE``).

:func:`prepare_photo` returns a :class:`Prepared` record: the 28x28 pixels,
the steps applied with their parameters, a small grey copy of the whole
picture and the page's corners on it, so that the picture (with the page
found outlined) and what the network saw can be shown side by side.

Refused, each with a one-line :class:`NetcoreError` naming the file and
saying what was seen: what is not a readable still image
(:mod:`netcore.imagefile`), glare (a washed-out patch), a blank page, a speck
too small to be a digit, two or more separate digits, and a picture of marks
all alike (a desk's or a cloth's texture, no digit).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.contrast import paper_relative
from netcore.glare import GLARE_AREA, GLARE_SIDE, glare_fraction
from netcore.imagefile import luminance, read_picture
from netcore.ink import find_ink, is_dark_ink
from netcore.page import find_page, rectify
from netcore.steps import Step, rounded
from netcore.strokes import normalise_strokes

__all__ = [
    "BOX",
    "CENTRE",
    "PHOTO_SIDE",
    "SIZE",
    "WORK_SIDE",
    "Prepared",
    "prepare",
    "prepare_digit",
    "prepare_image_file",
    "prepare_photo",
    "save_png",
]

SIZE = 28  # side of an MNIST image
BOX = 20  # MNIST scaled each digit to fit a box of this side
CENTRE = 14.0  # where MNIST's centres of mass lie (row and column; see the module docstring)

# Big photos are first reduced (area average) to this long side: 20 output pixels
# need nowhere near 40 megapixels, a digit a tenth of the picture's height
# still spans 90 pixels, and every later step then costs little.
WORK_SIDE = 1200
# The grey copy of the picture kept for display has at most this long side.
PHOTO_SIDE = 200


@dataclass(frozen=True)
class Prepared:
    """A picture prepared for the network, and how."""

    pixels: np.ndarray  # (28, 28) float64 in [0, 1], 1 = ink: exactly what the network sees
    steps: tuple[Step, ...]  # what was done, in order, with the numbers chosen
    photo: np.ndarray  # the whole picture in grey, float in [0, 1], at most PHOTO_SIDE pixels on its long side
    page: np.ndarray | None = None  # the sheet's corners (x, y) in ``photo``'s pixels, clockwise from top left


def prepare_photo(path: str | os.PathLike[str]) -> Prepared:
    """Read an image file and prepare it for the network; errors name the file."""
    path = Path(path)
    picture, steps = read_picture(path, max_side=WORK_SIDE)
    try:
        prepared = _prepare(picture)
    except NetcoreError as exc:
        raise NetcoreError(f"{path}: {exc}") from None
    # The page's corners in the file's own pixels (a big JPEG is decoded smaller).
    factor = max(steps[0].params["width"], steps[0].params["height"]) / max(picture.shape[:2])
    done = tuple(_scaled_page(step, factor) for step in prepared.steps)
    return Prepared(prepared.pixels, tuple(steps) + done, prepared.photo, prepared.page)


def _scaled_page(step: Step, factor: float) -> Step:
    """A "page" step with its corners multiplied by ``factor``; any other step as it is."""
    if step.name != "page" or "corners" not in step.params:
        return step
    corners = [[rounded(x * factor), rounded(y * factor)] for x, y in step.params["corners"]]
    return Step("page", {**step.params, "corners": corners})


def prepare_image_file(path: str | os.PathLike[str]) -> np.ndarray:
    """The 28x28 input the network sees for an image file (:func:`prepare_photo`'s pixels)."""
    return prepare_photo(path).pixels


def prepare_digit(grey: np.ndarray) -> np.ndarray:
    """Turn a grey image of one digit into MNIST's form: (28, 28) float64 in [0, 1], 1 = ink.

    ``grey`` is 2-D: floats in [0, 1] (as :func:`netcore.imagefile.read_grey` returns) or an
    integer image, scaled by its type's maximum. Dark ink on light paper and
    light ink on a dark background both work. An image without a digit raises
    :class:`NetcoreError`, as does anything that is not a 2-D grey image.
    """
    return prepare(grey).pixels


def prepare(grey: np.ndarray) -> Prepared:
    """:func:`prepare_digit`, with the steps applied and a small copy of the picture."""
    if np.ndim(grey) != 2:
        raise NetcoreError(f"expected a 2-D grey image, got an array of shape {np.shape(grey)}")
    return _prepare(grey)


def _prepare(picture: np.ndarray) -> Prepared:
    """:func:`prepare` for a grey (H, W) or colour (H, W, 3) picture."""
    picture, steps = _as_picture(picture)
    # Everything below works on the picture reduced to WORK_SIDE: the page is found and flattened there too.
    given = max(picture.shape[:2])
    picture, reduced = _reduce(picture)
    steps += reduced
    photo = _thumbnail(luminance(picture))
    glare = glare_fraction(luminance(picture)) if min(picture.shape[:2]) >= GLARE_SIDE else 0.0
    if glare > GLARE_AREA:
        raise NetcoreError(
            f"glare: a washed-out white patch covers {glare:.0%} of the picture (a reflection: a photo through "
            "glass, glossy paper?) and hides what lies under it: photograph the page without reflections"
        )
    corners = find_page(picture)
    page = None if corners is None else corners * (np.array(photo.shape[::-1]) / np.array(picture.shape[1::-1]))
    if corners is None:
        steps.append(Step("page", {"found": False}))
        seen = "no sheet of paper on a desk, the picture read whole"
    else:
        whole, back = picture.shape[0] * picture.shape[1], given / max(picture.shape[:2])
        picture, step = rectify(picture, corners, WORK_SIDE)
        steps.append(_scaled_page(step, back))  # corners in the given picture's pixels, not the reduced one's
        seen = f"a sheet of paper covering {_area(corners) / whole:.0%} of the picture"
    try:
        grey = luminance(picture).astype(np.float64)
        dark_ink = corners is not None or is_dark_ink(grey)  # on a page found, ink is darker than the paper
        smoothed = False
        if picture.ndim == 3 and dark_ink:
            relative, step = paper_relative(picture)
            grey, smoothed = relative.astype(np.float64), step.params["smoothed"] > 0
            steps.append(step)
        ink, found = find_ink(grey, smoothed)
    except NetcoreError as exc:
        raise NetcoreError(f"{exc} (seen: {seen})") from None
    steps += found
    ink, strokes = normalise_strokes(_crop(ink), BOX)
    steps.append(strokes)
    pixels, placed = _place(_crop(ink))
    steps += placed
    return Prepared(pixels, tuple(steps), photo, page)


def save_png(array28: np.ndarray, path: str | os.PathLike[str], scale: int = 1) -> None:
    """Write a prepared digit as a grey PNG, ink white on black, exactly as the network sees it.

    ``scale`` enlarges each pixel to a ``scale`` x ``scale`` block (no smoothing),
    since 28 pixels are hard to see. The file appears whole or not at all.
    """
    path = Path(path)
    array = np.asarray(array28, dtype=np.float64)
    if array.shape != (SIZE, SIZE):
        raise NetcoreError(f"{path}: a prepared digit is {SIZE}x{SIZE}, got shape {array.shape}")
    if not np.all(np.isfinite(array)) or array.min() < 0.0 or array.max() > 1.0:
        raise NetcoreError(f"{path}: a prepared digit holds values in [0, 1] only")
    if not isinstance(scale, int) or not 1 <= scale <= 64:
        raise NetcoreError(f"{path}: scale must be a whole number from 1 to 64, got {scale!r}")
    pixels = np.round(array * 255.0).astype(np.uint8)
    pixels = np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    try:
        write_atomically(path, buffer.getvalue())
    except OSError as exc:
        raise NetcoreError(f"{path}: cannot write ({exc.strerror or exc})") from None


def _area(corners: np.ndarray) -> float:
    """The area of a polygon (the shoelace formula)."""
    x, y = corners[:, 0], corners[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def _as_picture(picture: np.ndarray) -> tuple[np.ndarray, list[Step]]:
    """Check the array (grey 2-D, or RGB with 3 channels last) and return it as float32 in [0, 1]."""
    array = np.asarray(picture)
    if array.ndim != 2 and not (array.ndim == 3 and array.shape[2] == 3):
        raise NetcoreError(f"expected a 2-D grey image, got an array of shape {array.shape}")
    if array.size == 0:
        raise NetcoreError(f"image has zero size ({array.shape[1]}x{array.shape[0]} pixels)")
    if array.dtype == bool:
        array = array.astype(np.float64)
    elif np.issubdtype(array.dtype, np.integer):
        array = array.astype(np.float64) / np.iinfo(array.dtype).max
    elif np.issubdtype(array.dtype, np.floating):
        if not np.all(np.isfinite(array)):
            raise NetcoreError("image holds NaN or infinite grey levels")
        if array.min() < 0.0 or array.max() > 1.0:
            raise NetcoreError(f"grey levels must lie in [0, 1], found {array.min():g} to {array.max():g}")
    else:
        raise NetcoreError(f"expected grey levels as numbers, got an array of {array.dtype}")
    # Grey pictures in float64 (as they always were: their results stay the same), colour in float32 for OpenCV.
    return array.astype(np.float64 if array.ndim == 2 else np.float32), []


def _reduce(picture: np.ndarray) -> tuple[np.ndarray, list[Step]]:
    """The picture reduced (area average: anti-aliased) to WORK_SIDE pixels on its long side if larger, with the step."""
    height, width = picture.shape[:2]
    if max(height, width) <= WORK_SIDE:
        return picture, []
    factor = WORK_SIDE / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    if picture.ndim == 2:
        picture = _resize(picture, size, Image.Resampling.BOX)
    else:
        picture = cv2.resize(picture, size, interpolation=cv2.INTER_AREA)
    return picture, [Step("reduce", {"width": size[0], "height": size[1]})]


def _thumbnail(grey: np.ndarray) -> np.ndarray:
    """A copy of the picture at most PHOTO_SIDE pixels on its long side (never enlarged), for display."""
    height, width = grey.shape
    factor = min(1.0, PHOTO_SIDE / max(height, width))
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return np.clip(_resize(grey, size, Image.Resampling.BOX), 0.0, 1.0)


def _crop(ink: np.ndarray) -> np.ndarray:
    """The bounding box of the ink (there is always some at this point)."""
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _resize(array: np.ndarray, size: tuple[int, int], resample: Image.Resampling) -> np.ndarray:
    """Resample a float array to ``size`` = (width, height) with Pillow's anti-aliased filters."""
    image = Image.fromarray(np.ascontiguousarray(array, dtype=np.float32))
    return np.asarray(image.resize(size, resample), dtype=np.float64)


def _place(ink: np.ndarray) -> tuple[np.ndarray, list[Step]]:
    """Scale the cropped ink to fit the 20x20 box and centre its mass on pixel (14, 14)."""
    height, width = ink.shape
    scale = BOX / max(height, width)
    while True:
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        # Bilinear in Pillow widens its kernel when shrinking (anti-aliasing) and,
        # unlike Lanczos, never overshoots, so grey levels stay in [0, 1].
        digit = np.clip(_resize(ink, size, Image.Resampling.BILINEAR), 0.0, 1.0)
        field = np.zeros((SIZE, SIZE))
        top, left = (SIZE - size[1]) // 2, (SIZE - size[0]) // 2
        field[top : top + size[1], left : left + size[0]] = digit
        if field.max() <= 0.0:  # ink too faint to survive the scaling; cannot happen with level-1 ink
            raise NetcoreError("no ink found: the image is blank or its marks are too faint")
        # Whole-pixel shift, as MNIST did: no blurring, centre within half a pixel.
        shift = np.round(CENTRE - np.array(ndimage.center_of_mass(field)))
        rows = np.flatnonzero(field.any(axis=1)) + shift[0]
        cols = np.flatnonzero(field.any(axis=0)) + shift[1]
        if rows[0] >= 0 and cols[0] >= 0 and rows[-1] < SIZE and cols[-1] < SIZE:
            break
        # A lopsided digit (most ink on one side) would be pushed partly out of
        # the field; MNIST would have cut it off, we shrink it a little instead.
        scale *= 0.9
    field = ndimage.shift(field, shift, order=0, mode="constant", cval=0.0)
    steps = [
        Step("fit", {"box": BOX, "width": size[0], "height": size[1], "scale": round(scale, 5)}),
        Step("centre", {"field": SIZE, "shift_rows": int(shift[0]), "shift_columns": int(shift[1])}),
    ]
    return np.clip(field / field.max(), 0.0, 1.0), steps
