"""Turn a photo or scan of a handwritten digit into a 28x28 MNIST-style input.

MNIST's digits were prepared like this (LeCun, Cortes and Burges): the ink was
cropped to its bounding box, scaled with anti-aliasing to fit a 20x20 box
keeping the aspect ratio, and placed in a 28x28 field so that the centre of
mass of the ink lies at the centre. The network only knows digits made this
way, so a student's own image goes through the same steps:

1. read it with Pillow (PNG, JPEG and a few other still formats), compositing
   any transparency on white, and turn it grey;
2. find the background from the image's border and invert if the ink is
   dark on light paper, so that ink is high (1) and paper is 0;
3. zero everything within the paper's noise, drop specks of dust;
4. crop to the ink, widen strokes much thinner than MNIST's, scale to fit 20x20;
5. shift by whole pixels so the centre of mass sits on pixel (14, 14).

Measured on MNIST's test set, every digit's centre of mass lies within half a
pixel of (14, 14) (mean 13.99, 14.01): MNIST shifted by whole pixels towards
pixel 14, not 13.5, and this module does the same (``CENTRE``).

Refused, each with a one-line :class:`NetcoreError` naming the file: missing
or unreadable files, files that are not images, images of more than
``MAX_PIXELS`` pixels (checked from the header, before anything is decoded),
animated or multi-page images (which frame holds the digit would be a guess,
so the user is asked for one still image), and blank images without ink.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.files import write_atomically

__all__ = [
    "BOX",
    "CENTRE",
    "FORMATS",
    "MAX_PIXELS",
    "SIZE",
    "load_image",
    "prepare_digit",
    "prepare_image_file",
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
# need nowhere near 40 megapixels, and every later step then costs little.
_WORK_SIDE = 1600
# Ink must differ from the paper by at least this much (grey levels in [0, 1]):
# about 25 of 255 levels, more than JPEG noise on a blank sheet.
_MIN_CONTRAST = 0.1
# Ink below this fraction of the typical stroke level is paper: shadows, texture,
# JPEG ringing. MNIST digits themselves have almost nothing so faint.
_MIN_INK = 0.25
# A connected piece of ink weighing less than this fraction of the biggest piece
# is a speck of dust or noise, not part of the digit (whose pieces are larger).
_MIN_PIECE = 0.03
# Stroke widths (2 x area / perimeter of the ink above 0.5) in MNIST's 20-pixel
# box: median 2.0 px, and only 0.1% of the test digits are thinner than 0.9 px.
# A thin pen on a big image would come out fainter and thinner than any MNIST
# digit, so strokes thinner than _MIN_STROKE are widened to about
# _TARGET_STROKE before scaling; MNIST-like strokes are left alone.
_MIN_STROKE = 0.8
_TARGET_STROKE = 1.8


def load_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an image file as a grey float32 array (rows, columns), 0 = black, 1 = white.

    Colour is turned into luminance, transparency is composited on white, a
    palette is looked up, and a photo's EXIF orientation is applied.
    """
    path = Path(path)
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
                image.load()
                image = ImageOps.exif_transpose(image)  # phones store rotation in EXIF
                return _to_grey(path, image)
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


def _to_grey(path: Path, image: Image.Image) -> np.ndarray:
    """Luminance in [0, 1] as float32; transparency composited on white paper."""
    mode = image.mode
    if mode == "F":
        return np.clip(np.nan_to_num(np.asarray(image, dtype=np.float32)), 0.0, 1.0)
    if mode == "I" or mode.startswith("I;16"):
        # 16-bit grey PNGs arrive as these modes, with levels up to 65535.
        return np.clip(np.asarray(image, dtype=np.float32) / 65535.0, 0.0, 1.0)
    if "A" in image.getbands() or "a" in image.getbands() or "transparency" in image.info:
        # Transparent pixels often hold black RGB; drawn on white they become paper.
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    try:
        grey = image.convert("L") if mode in ("L", "1", "P", "RGB") else image.convert("RGB").convert("L")
    except ValueError:
        raise NetcoreError(f"{path}: unsupported colour mode {mode}") from None
    return np.asarray(grey, dtype=np.float32) / np.float32(255.0)


def prepare_digit(grey: np.ndarray) -> np.ndarray:
    """Turn a grey image of one digit into MNIST's form: (28, 28) float64 in [0, 1], 1 = ink.

    ``grey`` is 2-D: floats in [0, 1] (as :func:`load_image` returns) or an
    integer image, scaled by its type's maximum. Dark ink on light paper and
    light ink on a dark background both work. An image without ink raises
    :class:`NetcoreError`, as does anything that is not a 2-D grey image.
    """
    ink = _ink(_as_grey(grey))
    ink = _crop(_remove_specks(ink))
    ink = _crop(_widen_thin_strokes(ink))
    return _place(ink)


def prepare_image_file(path: str | os.PathLike[str]) -> np.ndarray:
    """:func:`load_image` then :func:`prepare_digit`; errors name the file."""
    grey = load_image(path)
    try:
        return prepare_digit(grey)
    except NetcoreError as exc:
        raise NetcoreError(f"{Path(path)}: {exc}") from None


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


def _as_grey(grey: np.ndarray) -> np.ndarray:
    """Check the array and return it as float64 in [0, 1], reduced if it is very large."""
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
    height, width = array.shape
    if max(height, width) > _WORK_SIDE:
        factor = _WORK_SIDE / max(height, width)
        size = (max(1, round(width * factor)), max(1, round(height * factor)))
        array = _resize(array, size, Image.Resampling.BOX)  # area average: anti-aliased
    return array.astype(np.float64)


def _ink(grey: np.ndarray) -> np.ndarray:
    """Ink strength in [0, 1] (0 = paper) with the paper's noise set to exactly 0."""
    height, width = grey.shape
    band = max(1, min(height, width) // 20)
    border = np.concatenate([grey[:band].ravel(), grey[-band:].ravel(), grey[:, :band].ravel(), grey[:, -band:].ravel()])
    # The border is mostly paper even where strokes touch it, so its median is
    # the paper's level; the ink lies on the side (darker or lighter) that
    # reaches further from it.
    paper = float(np.median(border))
    dark_ink = paper - grey.min() > grey.max() - paper
    raw = np.clip(paper - grey if dark_ink else grey - paper, 0.0, None)
    # Robust spread of the paper (median absolute deviation), at least one grey level.
    noise = max(1.4826 * float(np.median(np.abs(border - paper))), 1.0 / 255.0)
    candidates = raw[raw > max(5.0 * noise, _MIN_CONTRAST)]
    if candidates.size == 0:
        raise NetcoreError("no ink found: the image is blank or its marks are too faint")
    # The typical stroke level (not the single darkest pixel, which may be a
    # speck) becomes 1, so pencil and felt pen come out alike.
    level = float(np.percentile(candidates, 90))
    ink = np.clip(raw / level, 0.0, 1.0)
    ink[ink < min(max(_MIN_INK, 5.0 * noise / level), 0.5)] = 0.0
    return ink


def _remove_specks(ink: np.ndarray) -> np.ndarray:
    """Zero connected pieces of ink much lighter than the biggest piece."""
    labels, count = ndimage.label(ink > 0, structure=np.ones((3, 3)))
    if count <= 1:
        return ink
    mass = ndimage.sum_labels(ink, labels, index=np.arange(1, count + 1))
    keep = np.concatenate([[False], mass >= _MIN_PIECE * mass.max()])
    return np.where(keep[labels], ink, 0.0)


def _crop(ink: np.ndarray) -> np.ndarray:
    """The bounding box of the ink (there is always some at this point)."""
    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _stroke_width(mask: np.ndarray) -> float:
    """Mean stroke width in pixels, estimated as 2 x area / perimeter (exact for long strokes)."""
    padded = np.pad(mask, 1)
    perimeter = np.count_nonzero(padded[1:] != padded[:-1]) + np.count_nonzero(padded[:, 1:] != padded[:, :-1])
    return 2.0 * np.count_nonzero(mask) / perimeter


def _widen_thin_strokes(ink: np.ndarray) -> np.ndarray:
    """Widen strokes that would be thinner than MNIST's thinnest once scaled to the 20-pixel box."""
    mask = ink >= 0.5
    if not mask.any():
        mask = ink > 0
    scale = BOX / max(ink.shape)
    width = _stroke_width(mask)
    if width * scale >= _MIN_STROKE:
        return ink
    grow = (_TARGET_STROKE / scale - width) / 2.0  # pixels to add on each side
    margin = int(np.ceil(grow)) + 2
    padded = np.pad(ink, margin)
    distance = ndimage.distance_transform_edt(~np.pad(mask, margin))
    # Full ink within ``grow`` of a stroke, fading out over the next pixel.
    return np.maximum(padded, np.clip(grow + 1.0 - distance, 0.0, 1.0))


def _resize(array: np.ndarray, size: tuple[int, int], resample: Image.Resampling) -> np.ndarray:
    """Resample a float array to ``size`` = (width, height) with Pillow's anti-aliased filters."""
    image = Image.fromarray(np.ascontiguousarray(array, dtype=np.float32))
    return np.asarray(image.resize(size, resample), dtype=np.float64)


def _place(ink: np.ndarray) -> np.ndarray:
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
    return np.clip(field / field.max(), 0.0, 1.0)
