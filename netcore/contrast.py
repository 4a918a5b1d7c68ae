"""Ink against the paper's own colour: a colour photo becomes grey levels in which the paper is white.

Tinted paper, a yellow lamp, a blue shadow and a red pen are all one problem
for a grey picture: luminance mixes the paper's colour and the light's with the
ink's, and a red pen on yellow paper, or a pencil in dim light, is barely darker
than its paper. :func:`paper_relative` removes the paper instead:

1. **paper colour**: in each colour channel, the paper under every pixel is
   estimated by a grey closing wider than any stroke (the brightest the
   channel gets nearby: strokes are removed, the light's gradients and
   shadows kept), computed on the means of small blocks, as :mod:`netcore.ink` does
   (smoothed first in strong noise); once the strokes are seen, the window
   narrows to three times the widest dark mark, so that it follows crumpled
   paper's bumps and a shadow's tip;
2. **ratio**: each channel is divided by its paper, so paper becomes 1 in
   every channel whatever its tint or light, and ink is its own reflectance
   relative to the paper (a red pen: low in green and blue, high in red);
3. **grey**: the luminance of the ratios (paper 1 whatever its tint, light
   or cast); but ink that is faint in luminance and far darker in one channel
   (a yellow or orange pen, a light pen on tinted paper) is read from its
   darkest channel, where it stands out;
4. **noise**: sensor noise is measured on the paper (the spread of the
   ratios around their shading, so crumples are no noise), and, if it is
   above ``QUIET``, removed by non-local means (OpenCV's
   ``fastNlMeansDenoising``, filter strength the noise itself): each pixel
   becomes the average of the pixels nearby whose 7x7 patches look like its
   own, so a faint pencil stroke is averaged along itself and keeps its
   shape, where a Gaussian wide enough to quiet the noise smeared thin
   strokes below the threshold (all conditions at once, 300 photos: 74% read
   right and 6% refused with Gaussians, 82% and 1.3% with non-local means).
   A channel the light barely reaches (blue under a warm lamp: less than
   half the brightest channel's paper) is left out, as it is mostly noise.

Dark ink on light paper only: light ink on a dark background (chalk, white
ink) is read from luminance, as before.
"""

from __future__ import annotations

import cv2
import numpy as np

from netcore.steps import Step, rounded

__all__ = ["QUIET", "paper_relative"]

# Noise of the ratios (robust standard deviation on paper) that needs no smoothing.
QUIET = 0.02
# Non-local means: the filter strength in units of the noise (stronger blurred faint strokes away on
# the harder photos, weaker left speckle: 0.9 to 1.2 tried), the patch compared and the window searched (pixels).
_NLM_STRENGTH = 1.0
_NLM_PATCH = 7
_NLM_SEARCH = 21
# Variations of the paper wider than this Gaussian (pixels) are shading, not noise.
_SHADING = 8.0
# A channel whose paper is darker than this fraction of the brightest channel's is left out.
_DIM_CHANNEL = 0.5
# Ink reaching less than this below the paper in luminance, and this many times further in its
# darkest channel, is read from that channel.
_FAINT = 0.35
_COLOUR_GAIN = 1.5
_LUMA = np.array([0.299, 0.587, 0.114], np.float32)
# The closing's window, as a fraction of the picture's shorter side: wider than three strokes of a digit
# that fills the picture's height.
_WINDOW = 1 / 6
# Ink darker than this below the paper is measured for its width, and the closing then narrowed to
# _CLEAR times the widest dark mark, but to no less than _NARROWEST of the picture's shorter side.
_STRONG = 0.4
_CLEAR = 3.0
_NARROWEST = 1 / 16
# Before the closing, the paper is smoothed by a Gaussian this fraction of the window wide.
_NOISE_BLUR = 1 / 16


def paper_relative(rgb: np.ndarray) -> tuple[np.ndarray, Step]:
    """Grey levels in [0, 1] of ``rgb`` (H, W, 3 floats in [0, 1]) relative to the paper (paper 1, ink darker),
    and the step, with the paper's colour (its median), the channels used, the closing's window, the
    noise found and the strength of the non-local means that removed it (0: none)."""
    rgb = np.ascontiguousarray(rgb, np.float32)
    short = min(rgb.shape[:2])
    window = max(3, round(short * _WINDOW))
    grey, noise, params = _relative(rgb, window)
    # A window that wide cannot follow the paper's smaller bumps (crumples) nor the tip of a shadow,
    # whose rest would be taken for ink: once the strokes are seen, it narrows to a few times the
    # widest dark mark (a marker's stroke keeps it wide), down to _NARROWEST of the picture.
    dark = (grey < 1.0 - _STRONG).astype(np.uint8)
    widest = 2.0 * float(cv2.distanceTransform(dark, cv2.DIST_L2, 3).max()) if dark.any() else 0.0
    narrow = max(3, round(short * _NARROWEST), round(_CLEAR * widest))
    if narrow < window:
        grey, noise, params = _relative(rgb, narrow)
    # Noise is removed once, from the picture kept (the dearest step: the first look only measures marks).
    strength = _NLM_STRENGTH * noise if noise > QUIET else 0.0
    if strength:
        grey = _denoised(grey, strength)
    return np.clip(grey, 0.0, 1.0), Step("colour", params | {"smoothed": rounded(strength)})


def _relative(rgb: np.ndarray, window: int) -> tuple[np.ndarray, float, dict[str, object]]:
    """The grey ratios to the paper found by a closing ``window`` pixels wide, before any noise is removed;
    their noise, and the step's parameters but the noise's removal."""
    height, width = rgb.shape[:2]
    paper = _closing(rgb, window)
    levels = np.median(paper.reshape(-1, 3)[:: max(1, height * width // 20_000)], axis=0)
    # A channel the light barely reaches (blue under a warm lamp) is mostly noise once divided by its paper.
    used = levels >= _DIM_CHANNEL * levels.max()
    luma = _LUMA[used] / _LUMA[used].sum()
    ratio = rgb[..., used] / np.maximum(paper[..., used], np.float32(0.02))
    if _spread(ratio @ luma - cv2.GaussianBlur(ratio @ luma, (0, 0), _SHADING)) > QUIET:
        # Noisy: the paper found again on a smoothed copy (the closing would follow the noise's peaks).
        paper = _closing(rgb, window, noisy=True)
        ratio = rgb[..., used] / np.maximum(paper[..., used], np.float32(0.02))
    grey = ratio @ luma
    source = "luminance"
    # Ink faint in luminance (a yellow or orange pen, a light colour on tinted paper) but dark in one
    # channel is read from that channel. Otherwise luminance: printed blue lines are darker in red than
    # in luminance, and wide blurry ones would survive line removal.
    darkest = ratio.min(axis=2)
    faint, strong = _ink_contrast(grey), _ink_contrast(darkest)
    if faint < _FAINT and strong > _COLOUR_GAIN * faint:
        grey, source = darkest, "darkest channel"
    # Noise is what varies from pixel to pixel: the paper's own shading (crumples, a shadow's rim
    # the closing did not follow) varies over many pixels and is taken out first.
    shading = cv2.GaussianBlur(grey, (0, 0), _SHADING)
    noise = _spread(grey - shading)
    params = {
        "paper": [rounded(v) for v in levels],
        "channels": "".join(c for c, u in zip("RGB", used) if u),
        "grey_from": source,
        "window": window,
        "noise": rounded(noise),
    }
    return grey, noise, params


def _denoised(grey: np.ndarray, strength: float) -> np.ndarray:
    """``grey`` (floats in [0, 1]) after non-local means of filter strength ``strength`` (grey levels in [0, 1]).

    OpenCV's non-local means works on 8 bits: the noise it removes is far larger than a level's 1/255.
    """
    levels = np.round(np.clip(grey, 0.0, 1.0) * 255.0).astype(np.uint8)
    quiet = cv2.fastNlMeansDenoising(levels, None, h=strength * 255.0, templateWindowSize=_NLM_PATCH, searchWindowSize=_NLM_SEARCH)
    return quiet.astype(np.float32) / np.float32(255.0)


def _closing(rgb: np.ndarray, window: int, noisy: bool = False) -> np.ndarray:
    """A grey closing of each channel by a square ``window`` wide, on the means of blocks a sixteenth as wide
    (smoothed first if the picture is ``noisy``)."""
    block = max(1, window // 16)
    height, width = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, width // block), max(1, height // block)), interpolation=cv2.INTER_AREA)
    reach = max(3, round(window / block)) | 1
    if noisy:
        # The brightest the paper gets nearby would follow the noise's peaks (in dim light a third
        # of the paper's own level): smooth it out first, over a fraction of the window.
        small = cv2.GaussianBlur(small, (0, 0), reach * _NOISE_BLUR)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (reach, reach))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    return cv2.resize(closed, (width, height), interpolation=cv2.INTER_LINEAR)


def _ink_contrast(grey: np.ndarray) -> float:
    """How far the darkest marks reach below the paper (1): the contrast of the 0.2% darkest pixels."""
    sample = grey.ravel()[:: max(1, grey.size // 200_000)]
    return 1.0 - float(np.percentile(sample, 0.2))


def _spread(grey: np.ndarray) -> float:
    """The robust standard deviation of a picture that is mostly paper (ink is a few per cent of it)."""
    sample = grey.ravel()[:: max(1, grey.size // 50_000)]
    return float(1.4826 * np.median(np.abs(sample - np.median(sample))))
