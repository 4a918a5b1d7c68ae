"""Read a still image file as grey levels, refusing what is not one: every fault is one line naming the file.

Pillow reads PNG, JPEG and a few other still formats. A colour image is read
in colour (:func:`read_picture`; the page and ink of any colour are found in
colour) or as luminance (:func:`read_grey`), a palette is looked up, a photo's
EXIF orientation is applied.
Transparent pixels become the colour farthest from the drawing's own (white
behind dark ink, black behind light ink), so a digit drawn on a transparent
background is read from its alpha channel whatever its colour. A big photo
is reduced early (JPEG's own reduced decoding, then a whole-pixel area
average) when the caller needs no more than a given size.

Refused, each with a one-line :class:`NetcoreError` naming the file: missing
or unreadable files, files that are not images, images of more than
``MAX_PIXELS`` pixels (checked from the header, before anything is decoded),
and animated or multi-page images (which frame holds the digit would be a
guess, so the user is asked for one still image).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from netcore.errors import NetcoreError
from netcore.steps import Step

__all__ = ["FORMATS", "MAX_PIXELS", "luminance", "read_grey", "read_picture"]

# A phone photo has 12-50 megapixels; 40 million pixels decode to 40 MB of grey
# (160 MB as float32), which is as much as we are willing to spend on one digit.
# Larger images are refused before decoding, so a tiny file that claims huge
# dimensions (a decompression bomb) costs nothing.
MAX_PIXELS = 40_000_000

# Still-image formats Pillow decodes itself. Others are refused on purpose: EPS,
# for one, would start Ghostscript on an untrusted file.
FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")


# ITU-R 601 luma, as Pillow's conversion to grey.
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)


def luminance(picture: np.ndarray) -> np.ndarray:
    """The grey levels of a picture: itself if grey (H, W), its luma if in colour (H, W, 3)."""
    return picture if picture.ndim == 2 else picture @ _LUMA


def read_grey(path: Path, max_side: int | None) -> tuple[np.ndarray, list[Step]]:
    """Read ``path`` as a grey float32 array (rows, columns), 0 = black, 1 = white, and the steps taken.

    With ``max_side``, a big image is reduced towards that many pixels on its
    long side, never below it; without, it is read at full size.
    """
    picture, steps = read_picture(path, max_side)
    return luminance(picture), steps


def read_picture(path: Path, max_side: int | None) -> tuple[np.ndarray, list[Step]]:
    """Read ``path`` as float32 in [0, 1]: (rows, columns) for a grey image, (rows, columns, 3) RGB for a
    colour one; and the steps taken. ``max_side`` as for :func:`read_grey`."""
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
                if grey.mode == "RGB" and max_side is not None and max(grey.size) > max_side:
                    # Colour is reduced the rest of the way here, while it is still one byte a channel.
                    factor = max_side / max(grey.size)
                    size = (max(1, round(grey.size[0] * factor)), max(1, round(grey.size[1] * factor)))
                    array = cv2.resize(np.asarray(grey), size, interpolation=cv2.INTER_AREA)
                    steps.append(Step("reduce", {"width": size[0], "height": size[1]}))
                else:
                    array = np.asarray(grey)
                array = array.astype(np.float32)
                return (array / np.float32(255.0) if grey.mode in ("L", "RGB") else array), steps
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
    """An "L" image (grey), "RGB" (colour) or "F" in [0, 1]; and the colour transparent pixels were given, if any."""
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
        grey = image.convert("L") if image.mode in ("L", "LA", "1") else image.convert("RGB")
    except ValueError:
        raise NetcoreError(f"{path}: unsupported colour mode {mode}") from None
    return grey, background


