"""The lesson's interactive page: draw or photograph a digit and watch the video's own network answer.

``write_playground`` adds ``touch.html`` to a lesson folder, with its style
and script (``touch.css``, ``touch.js``, plain JS), OpenCV.js for its photo path
(``opencv-js/``, loaded only when a photo is opened; fetched from npm by
``./project.sh setup``), and
``touch-data.js``: everything the page computes with, exported here from
``assets/`` through netcore's loaders (the network's weights and biases, the
training checkpoints with their test accuracies, netcore.preprocess's
constants, the lesson's digit) and the questions, made from the beats'
records by :mod:`studio.questions`. The data is a script, not JSON to fetch,
because browsers refuse ``fetch`` on ``file://`` pages. Arrays travel as
base64 of little-endian floats, so the page computes with exactly the numbers
netcore does. The JS holds no number of its own.

The page's JS interface (documented in the README):
``window.explainer.forward(pixels)`` with 784 numbers in [0, 1] returns
``{activations: [a1, a2, a3], answer}``, and ``window.explainer.prepare(imageData)``
returns the 784 numbers the network sees for a drawing or a photo.
"""

from __future__ import annotations

import base64
import inspect
import json
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

import jinja2
import numpy as np

from netcore import contrast, glare, ink, page, paperlines, preprocess, strokes
from netcore.checkpoints import load_checkpoints
from netcore.errors import NetcoreError
from netcore.inputs import SceneInputs
from netcore.network import Network
from netcore.paths import CHECKPOINTS_FILE
from netcore.scenedata.glimpse import glimpse_numbers
from storyboard.record import FADE_OUT, Record
from storyboard.words import MINUS, decimals_that_add_up
from studio.questions import questions_for

__all__ = ["DATA_FILE", "OPENCV_FILES", "OPENCV_JS", "PAGE", "PAGE_FILES", "page_data", "write_playground"]

PAGE = "touch.html"
DATA_FILE = "touch-data.js"
PAGE_FILES = (PAGE, "touch.css", "touch.js", DATA_FILE)
# Where ./project.sh setup unpacks the npm package @techstark/opencv-js (OpenCV 4 built for the browser, its
# WebAssembly inside the one script); the page's photo path finds and flattens the sheet with it, as netcore does with cv2.
OPENCV_JS = Path(sys.prefix) / "share" / "opencv-js"
# The lesson folder's copy: the script and its licence (Apache-2.0), from the package's dist/opencv.js and LICENSE.
OPENCV_FILES = {"opencv-js/opencv.js": "dist/opencv.js", "opencv-js/LICENSE": "LICENSE"}
TEMPLATES = Path(__file__).with_name("templates")

# The drawing pad: its side in canvas pixels, and the pen's width as a fraction of it. A digit drawn
# two thirds of the pad tall then has strokes about a tenth of its height, as MNIST's (2 px in 20).
PAD_SIDE = 280
PEN_WIDTH = 0.07
# How many of each layer's edges are drawn: those whose contribution w·a is largest in size.
EDGES_SHOWN = (64, 48, 40)


def _floats(array: np.ndarray) -> dict:
    """An array as base64 of little-endian float32 when that loses nothing, else float64, with its shape."""
    array = np.asarray(array, dtype=np.float64)
    single = array.astype("<f4")
    exact = np.array_equal(single.astype(np.float64), array)
    packed = single if exact else array.astype("<f8")
    return {"type": "float32" if exact else "float64", "shape": list(array.shape),
            "data": base64.b64encode(packed.tobytes()).decode("ascii")}


def _network(network: Network) -> dict:
    """Sizes, each layer's activation function, weights (n_out, n_in) and biases."""
    return {
        "sizes": network.sizes,
        "activations": [network.layer_activation(layer).name for layer in range(1, len(network.sizes))],
        "weights": [_floats(w) for w in network.weights],
        "biases": [_floats(b) for b in network.biases],
    }


def _preprocess_rules() -> dict:
    """netcore.preprocess's sizes and thresholds, which the page's preparation follows."""
    return {
        "size": preprocess.SIZE, "box": preprocess.BOX, "centre": preprocess.CENTRE, "workSide": preprocess.WORK_SIDE,
        "minContrast": ink.MIN_CONTRAST, "minInk": ink._MIN_INK, "minPiece": ink._MIN_PIECE, "near": ink._NEAR,
        "minDigit": ink.MIN_DIGIT, "minDigitPixels": ink.MIN_DIGIT_PIXELS,
        "strayLength": paperlines._STRAY_LENGTH, "strayAspect": paperlines._STRAY_ASPECT,
        "lineThickness": paperlines._LINE_THICKNESS, "lineContrast": paperlines.LINE_CONTRAST, "lineFill": paperlines._LINE_FILL,
        "lineSpan": paperlines._LINE_SPAN, "minChord": paperlines._MIN_CHORD, "maxTilt": paperlines.MAX_TILT,
        "anglePoints": paperlines._ANGLE_POINTS,
        "secondMass": ink._SECOND_MASS, "secondHeight": ink._SECOND_HEIGHT, "secondGap": ink._SECOND_GAP,
        "minStroke": strokes._MIN_STROKE, "thinTarget": strokes._THIN_TARGET, "grain": strokes._GRAIN,
        "maxStroke": strokes._MAX_STROKE, "fatTarget": strokes._FAT_TARGET,
        "hysteresis": ink._HYSTERESIS, "maxGrowth": ink._MAX_GROWTH, "shadingLevel": ink._SHADING_LEVEL,
        "faintest": ink._FAINTEST, "faintestClear": ink._FAINTEST_CLEAR, "scattered": ink._SCATTERED, "scatteredLevel": ink._SCATTERED_LEVEL,
        "rimBand": ink._RIM_BAND, "rimNear": ink._RIM_NEAR, "medianSide": ink._MEDIAN_SIDE,
        "photo": _photo_rules(),
    }


def _photo_rules() -> dict:
    """The constants of netcore's photo steps (glare, the page found and flattened, ink against the paper's colour),
    which the page's photo path follows with OpenCV.js as netcore does with cv2."""
    return {
        "photoSide": preprocess.PHOTO_SIDE,
        "glare": {"area": glare.GLARE_AREA, "side": glare.GLARE_SIDE, "white": glare._WHITE, "clipped": glare._CLIPPED,
                  "clippedShare": glare._CLIPPED_SHARE, "paper": glare._PAPER,
                  "dark": glare._DARK, "thick": glare._THICK, "halo": glare._HALO, "haloLevel": glare._HALO_LEVEL,
                  "around": glare._AROUND, "aroundLevel": glare._AROUND_LEVEL},
        "page": {"findSide": page.FIND_SIDE, "minSide": page._MIN_SIDE, "minPage": page.MIN_PAGE, "maxPage": page.MAX_PAGE,
                 "maxAspect": page.MAX_ASPECT, "edge": page._EDGE, "smooth": page._SMOOTH, "rimRatio": page._RIM_RATIO,
                 "fill": page._FILL, "rimCrop": page._RIM_CROP},
        "colour": {"quiet": contrast.QUIET, "nlmStrength": contrast._NLM_STRENGTH, "nlmPatch": contrast._NLM_PATCH,
                   "nlmSearch": contrast._NLM_SEARCH, "shading": contrast._SHADING,
                   "dimChannel": contrast._DIM_CHANNEL, "faint": contrast._FAINT, "colourGain": contrast._COLOUR_GAIN,
                   "luma": [float(v) for v in contrast._LUMA], "window": contrast._WINDOW, "strong": contrast._STRONG,
                   "clear": contrast._CLEAR, "narrowest": contrast._NARROWEST, "noiseBlur": contrast._NOISE_BLUR},
    }


def _checkpoints(inputs: SceneInputs) -> dict:
    """The shipped training checkpoints, and whether their last one is the lesson's network (as the glimpse beat says)."""
    checkpoints = load_checkpoints(CHECKPOINTS_FILE)
    return {"epochs": [int(e) for e in checkpoints.epochs],
            "testAccuracy": [float(a) for a in checkpoints.test_accuracy],
            "networks": [_network(n) for n in checkpoints.networks],
            "sameAsShown": glimpse_numbers(inputs).same_as_shown}


def _moment(beat: dict) -> float:
    """When a beat's question is asked: as its last step ends, before its closing fade."""
    return max(beat["start"], beat["end"] - FADE_OUT)


def page_data(records: dict[str, Record], inputs: SceneInputs, beats: list[dict]) -> dict:
    """Everything the page computes with and shows, from the assets, the records and the lesson's beats."""
    moments = {beat["name"]: _moment(beat) for beat in beats}
    questions = []
    for question in questions_for(records, inputs):
        asked = asdict(question)
        asked["moment"] = moments.get(question.beat)
        asked["title"] = next((b["title"] for b in beats if b["name"] == question.beat), question.beat)
        questions.append(asked)
    digit = inputs.digit
    return {
        "network": _network(inputs.network),
        "checkpoints": _checkpoints(inputs),
        "preprocess": _preprocess_rules(),
        "digit": {"pixels": [float(p) for p in digit.pixels.reshape(-1)], "description": digit.description, "label": digit.label},
        "pad": {"side": PAD_SIDE, "pen": PEN_WIDTH},
        "edgesShown": list(EDGES_SHOWN),
        "format": {"decimals": 2, "most": inspect.signature(decimals_that_add_up).parameters["most"].default, "minus": MINUS},
        "questions": questions,
    }


def write_playground(out: Path, records: dict[str, Record], inputs: SceneInputs, beats: list[dict], page: dict) -> None:
    """Write the interactive page and its files into the lesson folder ``out``.

    ``page`` holds what the page shares with the lesson's ``index.html``: title, theme,
    video size (width, height) and its inline caption track (captions_src).
    """
    if not (OPENCV_JS / OPENCV_FILES["opencv-js/opencv.js"]).is_file():
        raise NetcoreError(f"OpenCV.js is missing from {OPENCV_JS} (the page's photo path needs it): run ./project.sh setup")
    data = page_data(records, inputs, beats)
    script = "// Written by python -m studio lesson (studio/playground.py) from assets/ and the records. Do not edit.\n"
    script += "window.EXPLAINER_DATA = " + json.dumps(data, separators=(",", ":"), allow_nan=False) + ";\n"
    (out / DATA_FILE).write_text(script, encoding="utf-8")
    for name in ("touch.css", "touch.js"):
        shutil.copyfile(TEMPLATES / name, out / name)
    for name, source in OPENCV_FILES.items():
        (out / name).parent.mkdir(exist_ok=True)
        shutil.copyfile(OPENCV_JS / source, out / name)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = environment.get_template("touch.html.j2").render(questions=data["questions"], digit=data["digit"], pad=data["pad"],
                                                            checkpoints=data["checkpoints"], **page)
    (out / PAGE).write_text(html, encoding="utf-8")
