"""Turn a photo or scan of a handwritten digit into a 28x28 MNIST-style input.

MNIST's digits were prepared like this (LeCun, Cortes and Burges): the ink was
cropped to its bounding box, scaled with anti-aliasing to fit a 20x20 box
keeping the aspect ratio, and placed in a 28x28 field so that the centre of
mass of the ink lies at the centre. The network only knows digits made this
way, so a student's own image goes through the same steps:

1. read it with Pillow (PNG, JPEG and a few other still formats), turn it
   grey, and reduce a big photo early (JPEG's own reduced decoding, then an
   area average) to ``WORK_SIDE`` pixels on its long side. Transparent pixels
   become the colour farthest from the drawing's own (white behind dark ink,
   black behind light ink), so a digit drawn on a transparent background is
   read whatever its colour;
2. find the digit's ink and nothing else, on evenly or unevenly lit paper,
   plain, ruled or squared (:mod:`netcore.ink`);
3. crop to the ink and bring its strokes to MNIST's width: strokes much
   thinner than MNIST's are widened, much fatter ones (markers, blown-up
   scans) thinned, with SciPy's distance transform;
4. scale to fit 20x20 keeping the shape, and shift by whole pixels so the
   centre of mass sits on pixel (14, 14).

Measured on MNIST's test set, every digit's centre of mass lies within half a
pixel of (14, 14) (mean 13.99, 14.01): MNIST shifted by whole pixels towards
pixel 14, not 13.5, and this module does the same (``CENTRE``).

:func:`prepare_photo` returns a :class:`Prepared` record: the 28x28 pixels,
the steps applied with their parameters, and a small grey copy of the
picture, so that the picture and what the network saw can be shown side by side.

Refused, each with a one-line :class:`NetcoreError` naming the file: missing
or unreadable files, files that are not images, images of more than
``MAX_PIXELS`` pixels (checked from the header, before anything is decoded),
animated or multi-page images (which frame holds the digit would be a guess,
so the user is asked for one still image), blank images, a speck too small to
be a digit, and two or more separate digits.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.files import write_atomically
from netcore.ink import Step, find_ink, stroke_width

__all__ = [
    "BOX",
    "CENTRE",
    "FORMATS",
    "MAX_PIXELS",
    "PHOTO_SIDE",
    "SIZE",
    "WORK_SIDE",
    "Prepared",
    "Step",
    "load_image",
    "prepare",
    "prepare_digit",
    "prepare_image_file",
    "prepare_photo",
    "save_png",
]

SIZE = 28  # side of an MNIST image
BOX = 20  # MNIST scaled each digit to fit a box of this side
CENTRE = 14.0  # where MNIST's centres of mass lie (row and column; see the module docstring)

# A phone photo has 12-50 megapixels; 40 million pixels decode to 40 MB of grey
# (160 MB as float32), which is as much as we are willing to spend on one digit.
# Larger images are refused before decoding, so a tiny file that claims huge
# dimensions (a decompression bomb) costs nothing.
MAX_PIXELS = 40_000_000

# Still-image formats Pillow decodes itself. Others are refused on purpose: EPS,
# for one, would start Ghostscript on an untrusted file.
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")

# Big photos are first reduced (area average) to this long side: 20 output pixels
# need nowhere near 40 megapixels, a digit a tenth of the picture's height
# still spans 90 pixels, and every later step then costs little.
WORK_SIDE = 1200
# The grey copy of the picture kept for display has at most this long side.
PHOTO_SIDE = 200
# Stroke widths (2 x area / perimeter of the ink above 0.5) in MNIST's 20-pixel
# box: median 2.0 px; 1% of the validation digits are thinner than 1.08 px and
# 5% fatter than 3.1 px. The network reads strokes far outside this range
# badly (fat 1s as 8), so strokes thinner than _MIN_STROKE are widened to about
# _THIN_TARGET and strokes fatter than _MAX_STROKE thinned to _FAT_TARGET before
# scaling; MNIST-like strokes are left alone.
_MIN_STROKE = 0.8
_THIN_TARGET = 1.8
_MAX_STROKE = 3.0
_FAT_TARGET = 2.4


@dataclass(frozen=True)
class Prepared:
    """A picture prepared for the network, and how."""

    pixels: np.ndarray  # (28, 28) float64 in [0, 1], 1 = ink: exactly what the network sees
    steps: tuple[Step, ...]  # what was done, in order, with the numbers chosen
    photo: np.ndarray  # the picture in grey, float in [0, 1], at most PHOTO_SIDE pixels on its long side


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file as a grey float32 array (rows, columns), 0 = black, 1 = white, at full size.

    Colour is turned into luminance, transparency is filled in (see the module
    docstring), a palette is looked up, and a photo's EXIF orientation is applied.
    """
    return _load(Path(path), max_side=None)[0]


def prepare_photo(path: str | os.PathLike[str]) -> Prepared:
    """Read an image file and prepare it for the network; errors name the file."""
    path = Path(path)
    grey, steps = _load(path, max_side=WORK_SIDE)
    try:
        prepared = prepare(grey)
    except NetcoreError as exc:
        raise NetcoreError(f"{path}: {exc}") from None
    return Prepared(prepared.pixels, tuple(steps) + prepared.steps, prepared.photo)


def prepare_image_file(path: str | os.PathLike[str]) -> np.ndarray:
    """The 28x28 input the network sees for an image file (:func:`prepare_photo`'s pixels)."""
    return prepare_photo(path).pixels


def prepare_digit(grey: np.ndarray) -> np.ndarray:
    """Turn a grey image of one digit into MNIST's form: (28, 28) float64 in [0, 1], 1 = ink.

    ``grey`` is 2-D: floats in [0, 1] (as :func:`load_image` returns) or an
    integer image, scaled by its type's maximum. Dark ink on light paper and
    light ink on a dark background both work. An image without a digit raises
    :class:`NetcoreError`, as does anything that is not a 2-D grey image.
    """
    return prepare(grey).pixels


def prepare(grey: np.ndarray) -> Prepared:
    """:func:`prepare_digit`, with the steps applied and a small copy of the picture."""
    grey, steps = _as_grey(grey)
    ink, found = find_ink(grey)
    steps += found
    ink, strokes = _normalise_strokes(_crop(ink))
    steps.append(strokes)
    pixels, placed = _place(_crop(ink))
    steps += placed
    return Prepared(pixels, tuple(steps), _thumbnail(grey))


def _load(path: Path, max_side: int | None) -> tuple[np.ndarray, list[Step]]:
    """Read ``path`` as grey float32 in [0, 1], reduced towards ``max_side`` if given, with the steps taken."""
    try:
        if path.is_dir():
            raise NetcoreError(f"{path}: is a directory, not an image file")
        if path.stat().st_size == 0:
            raise NetcoreError(f"{path}: file is empty (0 bytes), not an image")
        # Pillow warns above its own limit (~89 megapixels) and refuses above
        # twice that; the warning becomes an error so it reaches the user too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=FORMATS) as image:
                _check_header(path, image)
                steps = [Step("read", {"format": image.format, "width": image.size[0], "height": image.size[1]})]
                if max_side is not None and image.format == "JPEG":
                    # JPEG decodes directly at 1/2, 1/4 or 1/8 size, no smaller than asked: much faster.
                    factor = max_side / max(image.size)
                    image.draft(None, (int(np.ceil(image.size[0] * factor)), int(np.ceil(image.size[1] * factor))))
                image.load()
                image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
                grey, background = _to_grey(path, image)
                if background is not None:
                    steps.append(Step("transparency", {"filled_with": background}))
                if max_side is not None and max(grey.size) >= 2 * max_side:
                    grey = grey.reduce(max(grey.size) // max_side)  # whole-pixel area average, fast
                array = np.asarray(grey, dtype=np.float32)
                return (array / np.float32(255.0) if grey.mode == "L" else array), steps
    except FileNotFoundError:
        raise NetcoreError(f"{path}: file not found") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise NetcoreError(
            f"{path}: image has more than {MAX_PIXELS / 1e6:g} million pixels, refused as too large "
            "(possibly a decompression bomb)"
        ) from None
    except UnidentifiedImageError:
        raise NetcoreError(
            f"{path}: not an image in a supported format (PNG or JPEG; also GIF, BMP, TIFF, WebP)"
        ) from None
    except PermissionError:
        raise NetcoreError(f"{path}: cannot read the file (permission denied)") from None
    except NetcoreError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, MemoryError) as exc:
        # Pillow reports damaged data (a truncated JPEG, a bad PNG chunk) with these.
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise NetcoreError(f"{path}: damaged or unsupported image data ({reason})") from None


def _check_header(path: Path, image: Image.Image) -> None:
    """Refuse, before decoding, images that are empty, too large or have several frames."""
    width, height = image.size
    if width == 0 or height == 0:
        raise NetcoreError(f"{path}: image has zero size ({width}x{height} pixels)")
    if width * height > MAX_PIXELS:
        raise NetcoreError(
            f"{path}: image is {width}x{height} = {width * height / 1e6:.1f} million pixels, more than the "
            f"limit of {MAX_PIXELS / 1e6:g} million (refused as a possible decompression bomb)"
        )
    # is_animated looks for a second frame only, where n_frames may decode them all.
    if getattr(image, "is_animated", False) or getattr(image, "n_frames", 1) > 1:
        raise NetcoreError(
            f"{path}: image is animated or has several pages; save the digit as one still PNG or JPEG"
        )


def _to_grey(path: Path, image: Image.Image) -> tuple[Image.Image, str | None]:
    """Luminance as an "L" image, or "F" in [0, 1]; and the colour transparent pixels were given, if any."""
    mode = image.mode
    if mode == "F":
        return Image.fromarray(np.clip(np.nan_to_num(np.asarray(image, dtype=np.float32)), 0.0, 1.0)), None
    if mode == "I" or mode.startswith("I;16"):
        # 16-bit grey PNGs arrive as these modes, with levels up to 65535.
        return Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) / 65535.0, 0.0, 1.0)), None
    background = None
    if "A" in image.getbands() or "a" in image.getbands() or "transparency" in image.info:
        # Transparent pixels often hold black RGB, whatever the drawing's colour.
        # Behind a dark drawing they become white paper, behind a light one
        # black: white ink on a transparent background stays readable.
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba.getchannel("A"), dtype=np.float64)
        luminance = np.asarray(rgba.convert("RGB").convert("L"), dtype=np.float64)
        drawing = float(np.sum(luminance * alpha) / max(np.sum(alpha), 1.0))
        light = alpha.any() and drawing > 127.5
        background = "black" if light else "white"
        paper = Image.new("RGBA", rgba.size, (0, 0, 0, 255) if light else (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    try:
        grey = image.convert("L") if image.mode in ("L", "1", "P", "RGB") else image.convert("RGB").convert("L")
    except ValueError:
        raise NetcoreError(f"{path}: unsupported colour mode {mode}") from None
    return grey, background


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


def _as_grey(grey: np.ndarray) -> tuple[np.ndarray, list[Step]]:
    """Check the array and return it as float64 in [0, 1], reduced if it is very large, with the steps."""
    array = np.asarray(grey)
    if array.ndim != 2:
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
    steps = []
    height, width = array.shape
    if max(height, width) > WORK_SIDE:
        factor = WORK_SIDE / max(height, width)
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        array = _resize(array, size, Image.Resampling.BOX)  # area average: anti-aliased
        steps.append(Step("reduce", {"width": size[0], "height": size[1]}))
    return array.astype(np.float64), steps


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


def _normalise_strokes(ink: np.ndarray) -> tuple[np.ndarray, Step]:
    """Bring strokes that would be far thinner or fatter than MNIST's in the 20-pixel box to about MNIST's width."""
    mask = ink >= 0.5
    if not mask.any():
        mask = ink > 0
    scale = BOX / max(ink.shape)
    width = stroke_width(mask) * scale
    params: dict[str, object] = {"width": round(float(width), 3)}
    if width < _MIN_STROKE:
        ink = _widen(ink, mask, (_THIN_TARGET / scale - width / scale) / 2.0)
        params.update(action="widened", to=_THIN_TARGET)
    elif width > _MAX_STROKE:
        ink = _thin(ink, mask, _FAT_TARGET / scale)
        thinned = stroke_width(ink >= 0.5) * scale
        params.update(action="thinned" if thinned < width else "kept (thinning would cut strokes)", to=round(float(thinned), 3))
    else:
        params.update(action="kept")
    return ink, Step("strokes", params)


def _widen(ink: np.ndarray, mask: np.ndarray, grow: float) -> np.ndarray:
    """Ink grown by ``grow`` pixels on each side of every stroke."""
    margin = int(np.ceil(grow)) + 2
    padded = np.pad(ink, margin)
    distance = ndimage.distance_transform_edt(~np.pad(mask, margin))
    # Full ink within ``grow`` of a stroke, fading out over the next pixel.
    return np.maximum(padded, np.clip(grow + 1.0 - distance, 0.0, 1.0))


def _thin(ink: np.ndarray, mask: np.ndarray, target: float) -> np.ndarray:
    """Ink peeled evenly (by the distance to the paper) until its strokes are ``target`` pixels wide.

    Width is measured as everywhere here (2 x area / perimeter), which does not
    fall in step with the peeling for short fat strokes, so the depth is found
    by bisection. Peeling never cuts a stroke or loses a piece: if the full
    depth would (a digit with a few thin parts), half as much is tried, and so
    on; the ink is returned as it was if even a little would.
    """
    inside = ndimage.distance_transform_edt(mask)
    low, high = 0.0, float(inside.max()) - 1.0
    for _ in range(12):
        middle = (low + high) / 2.0
        low, high = (middle, high) if stroke_width(inside >= middle + 1.0) > target else (low, middle)
    pieces = ndimage.label(mask, structure=np.ones((3, 3)))[1]
    for depth in (low, low / 2.0, low / 4.0):
        thinned = np.clip(inside - depth, 0.0, 1.0)  # the edge moves in by ``depth``, fading over one pixel
        if ndimage.label(thinned >= 0.5, structure=np.ones((3, 3)))[1] == pieces:
            return thinned
    return ink


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
        Step("centre", {"shift_rows": int(shift[0]), "shift_columns": int(shift[1])}),
    ]
    return np.clip(field / field.max(), 0.0, 1.0), steps
