"""A student's own digit image becomes an MNIST-style input: round trips, bad files, properties."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image
from scipy import ndimage

from netcore.errors import NetcoreError
from netcore.imagefile import MAX_PIXELS, read_grey
from netcore.mnist import Digits
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.preprocess import (
    BOX,
    PHOTO_SIDE,
    SIZE,
    prepare,
    prepare_digit,
    prepare_image_file,
    prepare_photo,
    save_png,
)
from netcore.steps import Step
from netcore.strokes import stroke_width
from photos import STYLES, make_photo, photo_of_validation_digit, save_jpeg, validation_digits

# MNIST's centres of mass lie within half a pixel of pixel (14, 14), not (13.5, 13.5):
# checked against the data below.
MNIST_CENTRE = 14.0
# Another weights file for the round trip while the shipped one does not exist yet.
WEIGHTS_ENV = "NETCORE_TEST_WEIGHTS"


@pytest.fixture(scope="module")
def validation() -> Digits:
    """The validation digits train10k[8500:9500]: real digits the network never trained on (t10k is for reporting)."""
    try:
        images, labels = validation_digits()
    except NetcoreError as exc:
        pytest.skip(f"real MNIST digits needed, shared data absent: {exc}")
    return Digits(images, labels, {})


@pytest.fixture(scope="module")
def network() -> Network:
    path = Path(os.environ.get(WEIGHTS_ENV) or DEFAULT_WEIGHTS)
    if not path.is_file():
        pytest.skip(f"trained weights {path} not there yet (they are shipped later); set {WEIGHTS_ENV} to test with others")
    return load_network(path)


# --- helpers -----------------------------------------------------------------


def render(image28: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An MNIST digit drawn 3-8 times larger (bicubic) at a random place on a larger black canvas."""
    k = int(rng.integers(3, 9))
    big = np.asarray(Image.fromarray(image28).resize((28 * k, 28 * k), Image.Resampling.BICUBIC))
    height, width = 28 * k + int(rng.integers(0, 28 * k)), 28 * k + int(rng.integers(0, 28 * k))
    canvas = np.zeros((height, width), np.uint8)
    top, left = int(rng.integers(0, height - 28 * k + 1)), int(rng.integers(0, width - 28 * k + 1))
    canvas[top : top + 28 * k, left : left + 28 * k] = big
    return canvas


def save_variant(canvas: np.ndarray, kind: int, folder: Path, name: str) -> Path:
    """Save a rendered digit in one of four styles a student might produce."""
    if kind == 0:  # light ink on black, PNG
        path, image = folder / f"{name}.png", Image.fromarray(canvas)
    elif kind == 1:  # dark ink on white, PNG
        path, image = folder / f"{name}.png", Image.fromarray(255 - canvas)
    elif kind == 2:  # blue ballpoint on off-white paper, JPEG
        ink = canvas.astype(np.float64)[..., None] / 255.0
        rgb = np.array([235.0, 230.0, 220.0]) - ink * np.array([200.0, 180.0, 60.0])
        path, image = folder / f"{name}.jpg", Image.fromarray(np.round(rgb).astype(np.uint8))
    else:  # dark ink on white, JPEG
        path, image = folder / f"{name}.jpg", Image.fromarray(255 - canvas)
    image.save(path, **({"quality": 90} if path.suffix == ".jpg" else {}))
    return path


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])


def png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and header for any dimensions, with a few bytes of (garbage) data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def assert_one_line_about(exc: pytest.ExceptionInfo[NetcoreError], path: Path, *words: str) -> None:
    message = str(exc.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message
    for word in words:
        assert word in message, message


def seven(size: tuple[int, int] = (240, 300), ink: int = 0, paper: int = 255) -> Image.Image:
    """A thick hand-drawn-like 7 on plain paper (grey image)."""
    from PIL import ImageDraw

    image = Image.new("L", size, paper)
    w, h = size
    ImageDraw.Draw(image).line([(w * 0.25, h * 0.2), (w * 0.75, h * 0.2), (w * 0.4, h * 0.85)], fill=ink, width=max(3, h // 12))
    return image


def assert_mnist_form(x: np.ndarray) -> None:
    """The properties every prepared digit has."""
    assert x.shape == (SIZE, SIZE) and x.dtype == np.float64
    assert x.min() >= 0.0 and x.max() == pytest.approx(1.0)
    com = np.array(ndimage.center_of_mass(x))
    assert np.all(np.abs(com - MNIST_CENTRE) <= 0.5 + 1e-9), com
    rows, cols = np.flatnonzero(x.any(axis=1)), np.flatnonzero(x.any(axis=0))
    assert rows[-1] - rows[0] + 1 <= BOX and cols[-1] - cols[0] + 1 <= BOX
    assert rows[0] >= 0 and cols[0] >= 0 and rows[-1] < SIZE and cols[-1] < SIZE


# --- round trips with real digits --------------------------------------------------


def test_enlarged_real_digits_are_classified_as_their_label(validation: Digits, network: Network, tmp_path: Path) -> None:
    # Only digits the network gets right as they are: the test measures what
    # preparing loses, not how good the network is.
    untouched = network.forward(validation.inputs()).prediction
    rng = np.random.default_rng(2017)
    chosen = rng.permutation(np.flatnonzero(untouched == validation.labels))[:300]
    prepared = []
    for n, i in enumerate(chosen):
        path = save_variant(render(validation.images[i], rng), n % 4, tmp_path, f"digit{n}")
        prepared.append(prepare_image_file(path).ravel())
    predicted = network.forward(np.array(prepared)).prediction
    rate = float(np.mean(predicted == validation.labels[chosen]))
    by_style = [float(np.mean((predicted == validation.labels[chosen])[k::4])) for k in range(4)]
    report = (
        f"round trip: {rate:.1%} of {len(chosen)} enlarged, shifted, saved and prepared digits classified as "
        f"their label (per style {', '.join(f'{r:.0%}' for r in by_style)}; "
        f"the network's accuracy on all of them as they are: {np.mean(untouched == validation.labels):.1%})"
    )
    print(report)
    assert len(chosen) == 300
    assert rate >= 0.90, report


def test_enlarged_real_digit_comes_back_close_to_the_original(validation: Digits, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    correlations = []
    for n, i in enumerate(rng.choice(len(validation.labels), 60, replace=False)):
        path = save_variant(render(validation.images[i], rng), n % 4, tmp_path, f"digit{n}")
        correlations.append(correlation(prepare_image_file(path), validation.images[i]))
    correlations = np.array(correlations)
    print(f"correlation with the original: median {np.median(correlations):.3f}, min {correlations.min():.3f}")
    assert np.median(correlations) > 0.95
    assert np.mean(correlations > 0.8) >= 0.9


def test_mnist_centres_of_mass_are_at_pixel_14(validation: Digits) -> None:
    centres = np.array([ndimage.center_of_mass(image) for image in validation.images[:1000]])
    assert np.all(np.abs(centres - MNIST_CENTRE) <= 0.5 + 1e-9)
    assert np.allclose(centres.mean(axis=0), MNIST_CENTRE, atol=0.05)


def test_mnist_digit_itself_is_almost_unchanged(validation: Digits) -> None:
    correlations = [correlation(prepare_digit(image), image) for image in validation.images[:200]]
    assert np.median(correlations) > 0.98


def test_uint8_and_float_input_agree(validation: Digits) -> None:
    image = validation.images[0]
    np.testing.assert_allclose(prepare_digit(image), prepare_digit(image / 255.0), atol=1e-12)


def test_dark_on_light_and_light_on_dark_give_the_same_input(validation: Digits, tmp_path: Path) -> None:
    canvas = render(validation.images[3], np.random.default_rng(1))
    light = prepare_image_file(save_variant(canvas, 0, tmp_path, "light"))
    dark = prepare_image_file(save_variant(canvas, 1, tmp_path, "dark"))
    np.testing.assert_allclose(light, dark, atol=1e-6)
    assert correlation(light, validation.images[3]) > 0.9


# --- students' photos (issue 14) ------------------------------------------------------

# Photos read by the test: enough to measure the targets to a few percent, small
# enough to be quick (bench/photos.py reads 500 larger ones and times 12-megapixel photos).
PHOTOS = 120
PHOTO_MEGAPIXELS = 1.0
# Issue 14's targets: at least 90% read right, at most 2% refused.
MIN_RIGHT = 0.90
MAX_REFUSED = 0.02


def test_students_photos_are_read_like_mnist_digits(validation: Digits, network: Network, tmp_path: Path) -> None:
    truth, answers, styles = [], [], []
    for n in range(PHOTOS):
        photo = photo_of_validation_digit(validation.images, validation.labels, n, megapixels=PHOTO_MEGAPIXELS)
        path = save_jpeg(photo, tmp_path / "photo.jpg")
        try:
            answers.append(network.forward(prepare_image_file(path).ravel()).prediction)
        except NetcoreError:
            answers.append(-1)
        truth.append(photo.label)
        styles.append(photo.style)
    answers, truth = np.array(answers), np.array(truth)
    clean = network.forward(validation.inputs()[:PHOTOS]).prediction
    report = (
        f"{np.mean(answers == truth):.1%} of {PHOTOS} photos read right, {np.mean(answers < 0):.1%} refused; "
        f"the same digits clean: {np.mean(clean == truth):.1%}"
    )
    print(report)
    assert set(styles) == set(STYLES)
    assert np.mean(answers == truth) >= MIN_RIGHT, report
    assert np.mean(answers < 0) <= MAX_REFUSED, report


def test_digit_on_paper_lit_from_200_to_110_grey_is_read(validation: Digits, network: Network, tmp_path: Path) -> None:
    # The report: dark ink on plain paper, 200 grey on one side and 110 on the other,
    # refused as blank, where the same digit on evenly lit paper was read.
    index = int(np.flatnonzero(network.forward(validation.inputs()).prediction == validation.labels)[0])
    digit = np.asarray(Image.fromarray(validation.images[index]).resize((280, 280), Image.Resampling.BICUBIC)) / 255.0
    prepared = {}
    for light, page in (("even", np.full((1200, 1600), 200.0)), ("uneven", np.tile(np.linspace(200.0, 110.0, 1600), (1200, 1)))):
        page[800:1080, 1100:1380] *= 1.0 - 0.85 * digit  # on the dark side
        path = tmp_path / f"{light}.jpg"
        Image.fromarray(np.round(page).astype(np.uint8)).save(path, quality=70)
        prepared[light] = prepare_photo(path)
        paper = next(step.params for step in prepared[light].steps if step.name == "paper")
        assert paper["light"] == light
    assert paper["darkest"] < 110 / 255 + 0.03 and paper["brightest"] > 200 / 255 - 0.03
    assert network.forward(prepared["uneven"].pixels.ravel()).prediction == validation.labels[index]
    assert correlation(prepared["uneven"].pixels, prepared["even"].pixels) > 0.98


def test_lines_and_shadows_are_removed(validation: Digits, tmp_path: Path) -> None:
    correlations = []
    for n in range(12):
        photo = make_photo(validation.images[n], int(validation.labels[n]), seed=n, megapixels=1.0, style="pen")
        prepared = prepare_photo(save_jpeg(photo, tmp_path / f"photo{n}.jpg"))
        names = [step.name for step in prepared.steps]
        assert ("lines" in names) == (photo.paper != "plain"), (n, photo.paper, names)
        correlations.append(correlation(prepared.pixels, validation.images[n]))
    print(f"correlation with the original digit: median {np.median(correlations):.3f}, min {np.min(correlations):.3f}")
    assert np.median(correlations) > 0.85
    assert np.min(correlations) > 0.6


def test_fat_strokes_are_thinned_towards_mnist(validation: Digits, tmp_path: Path) -> None:
    widths = []
    for n in range(8):
        style = ("marker", "scan")[n % 2]
        photo = make_photo(validation.images[n], int(validation.labels[n]), seed=n, megapixels=1.0, style=style)
        prepared = prepare_photo(save_jpeg(photo, tmp_path / f"photo{n}.jpg"))
        strokes = next(step.params for step in prepared.steps if step.name == "strokes")
        widths.append((strokes["width"], stroke_width(prepared.pixels >= 0.5)))
    before, after = np.array(widths).T
    print(f"stroke widths in the 20-px box before {np.round(before, 2)}, after {np.round(after, 2)}")
    assert np.median(before) > 3.2  # fatter than 95% of MNIST's digits
    assert np.all(after < 3.2)  # MNIST: median 2.0 px, 95% below 3.1 px


def test_prepared_photo_records_its_steps_and_a_small_grey_copy(validation: Digits, tmp_path: Path) -> None:
    photo = make_photo(validation.images[0], int(validation.labels[0]), seed=3, megapixels=2.0, style="pen")
    path = save_jpeg(photo, tmp_path / "photo.jpg")
    prepared = prepare_photo(path)
    names = [step.name for step in prepared.steps]
    assert names[:2] == ["read", "reduce"] and names[-3:] == ["strokes", "fit", "centre"]
    assert {"polarity", "paper", "threshold", "digit", "ink"} <= set(names)
    read = prepared.steps[0].params
    assert (read["format"], read["width"], read["height"]) == ("JPEG", photo.pixels.shape[1], photo.pixels.shape[0])
    assert max(prepared.photo.shape) == PHOTO_SIDE
    aspect = photo.pixels.shape[0] / photo.pixels.shape[1]
    assert prepared.photo.shape[0] / prepared.photo.shape[1] == pytest.approx(aspect, rel=0.02)
    assert prepared.photo.min() >= 0.0 and prepared.photo.max() <= 1.0
    # The copy is the picture itself, in grey: darker where the page is darker.
    expected = np.asarray(Image.fromarray(photo.pixels).convert("L").resize(prepared.photo.shape[::-1], Image.Resampling.BOX))
    assert correlation(prepared.photo, expected) > 0.98
    np.testing.assert_array_equal(prepare_image_file(path), prepared.pixels)
    assert_mnist_form(prepared.pixels)


def test_small_pictures_are_kept_as_they_are_for_display() -> None:
    image = np.asarray(seven(size=(60, 80)))
    assert prepare(image).photo.shape == (80, 60)


@pytest.mark.parametrize("style", STYLES)
def test_blank_pages_are_refused(style: str, tmp_path: Path) -> None:
    # Lines, shadows, uneven light and JPEG noise, but no digit.
    for seed in range(3):
        path = save_jpeg(make_photo(np.zeros((28, 28), np.uint8), -1, seed=seed, megapixels=1.0, style=style), tmp_path / f"{seed}.jpg")
        with pytest.raises(NetcoreError) as exc:
            prepare_image_file(path)
        assert_one_line_about(exc, path, "blank")


def test_two_digits_are_refused(validation: Digits, tmp_path: Path) -> None:
    pair = np.hstack([validation.images[0], np.zeros((28, 12), np.uint8), validation.images[1]])
    with pytest.raises(NetcoreError, match="two or more separate digits"):
        prepare_digit(pair)
    for seed in range(3):
        path = save_jpeg(make_photo(pair, -1, seed=seed, megapixels=1.0, style="pen"), tmp_path / f"{seed}.jpg")
        with pytest.raises(NetcoreError) as exc:
            prepare_image_file(path)
        assert_one_line_about(exc, path, "two or more separate digits")


@pytest.mark.parametrize(("size", "speck"), [((300, 300), 3), ((28, 28), 2), ((3000, 4000), 20)])
def test_a_lone_speck_of_dust_is_refused(tmp_path: Path, size: tuple[int, int], speck: int) -> None:
    pixels = np.full(size, 250, np.uint8)
    pixels[size[0] // 3 : size[0] // 3 + speck, size[1] // 2 : size[1] // 2 + speck] = 20
    path = tmp_path / "dust.png"
    Image.fromarray(pixels).save(path)
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "speck")


def test_photos_are_made_the_same_way_every_time(validation: Digits) -> None:
    one = make_photo(validation.images[5], 0, seed=7, megapixels=0.3)
    again = make_photo(validation.images[5], 0, seed=7, megapixels=0.3)
    other = make_photo(validation.images[5], 0, seed=8, megapixels=0.3)
    np.testing.assert_array_equal(one.pixels, again.pixels)
    assert one.pixels.shape != other.pixels.shape or not np.array_equal(one.pixels, other.pixels)
    assert one.pixels.dtype == np.uint8 and one.pixels.ndim == 3


# --- colour modes -----------------------------------------------------------------


def test_rgba_with_transparent_background_is_composited_on_white(tmp_path: Path) -> None:
    grey = np.asarray(seven())
    plain = prepare_image_file(_save(Image.fromarray(grey), tmp_path / "plain.png"))
    # Ink opaque black; the background transparent with black RGB underneath,
    # which a plain conversion to grey would turn into one black square.
    rgba = np.zeros(grey.shape + (4,), np.uint8)
    rgba[..., 3] = 255 - grey
    result = prepare_image_file(_save(Image.fromarray(rgba), tmp_path / "rgba.png"))
    np.testing.assert_allclose(result, plain, atol=0.02)
    grey_alpha = Image.fromarray(rgba).convert("LA")
    np.testing.assert_allclose(prepare_image_file(_save(grey_alpha, tmp_path / "la.png")), plain, atol=0.02)


def test_white_ink_on_a_transparent_background_is_read_from_the_alpha_channel(tmp_path: Path) -> None:
    grey = np.asarray(seven())
    plain = prepare_image_file(_save(Image.fromarray(grey), tmp_path / "plain.png"))
    # White strokes, drawn where alpha is high; white (or any) colour under the transparent part.
    rgba = np.full(grey.shape + (4,), 255, np.uint8)
    rgba[..., 3] = 255 - grey
    for name, image in (("rgba.png", Image.fromarray(rgba)), ("la.png", Image.fromarray(rgba).convert("LA"))):
        prepared = prepare_photo(_save(image, tmp_path / name))
        np.testing.assert_allclose(prepared.pixels, plain, atol=0.02)
        assert Step("transparency", {"filled_with": "black"}) in prepared.steps
    # Black ink on the same transparent background still goes on white.
    rgba[..., :3] = 0
    prepared = prepare_photo(_save(Image.fromarray(rgba), tmp_path / "black.png"))
    np.testing.assert_allclose(prepared.pixels, plain, atol=0.02)
    assert Step("transparency", {"filled_with": "white"}) in prepared.steps


def test_palette_images_read_like_grey(tmp_path: Path) -> None:
    image = seven()
    plain = prepare_image_file(_save(image, tmp_path / "plain.png"))
    palette = image.convert("RGB").convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    assert palette.mode == "P"
    assert correlation(prepare_image_file(_save(palette, tmp_path / "palette.png")), plain) > 0.97
    # A GIF whose background colour is the transparent one: also composited on white.
    transparent = Image.fromarray(np.where(np.asarray(image) > 128, 0, 1).astype(np.uint8), mode="P")
    transparent.putpalette([0, 0, 0, 10, 10, 10])
    path = tmp_path / "transparent.gif"
    transparent.save(path, transparency=0)
    assert correlation(prepare_image_file(path), plain) > 0.97


def test_colour_jpeg_16_bit_and_cmyk_images_work(tmp_path: Path) -> None:
    grey = np.asarray(seven())
    plain = prepare_image_file(_save(Image.fromarray(grey), tmp_path / "plain.png"))
    sixteen = Image.fromarray(grey.astype(np.uint16) * 257)
    cmyk = Image.fromarray(grey).convert("CMYK")
    for name, image in (("16bit.png", sixteen), ("cmyk.jpg", cmyk), ("rgb.jpg", Image.fromarray(grey).convert("RGB"))):
        assert correlation(prepare_image_file(_save(image, tmp_path / name)), plain) > 0.97, name


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = seven()
    upright = prepare_image_file(_save(image, tmp_path / "upright.png"))
    # Stored rotated, with EXIF orientation 6 ("rotate 90 degrees clockwise to view").
    exif = Image.Exif()
    exif[0x0112] = 6
    stored = image.transpose(Image.Transpose.ROTATE_90)
    path = tmp_path / "phone.jpg"
    stored.save(path, exif=exif, quality=95)
    assert correlation(prepare_image_file(path), upright) > 0.95


def test_thin_pen_on_a_big_image_is_widened_to_mnist_strokes(tmp_path: Path) -> None:
    from PIL import ImageDraw

    image = Image.new("L", (900, 1200), 250)
    ImageDraw.Draw(image).line([(200, 200), (700, 200), (350, 1000)], fill=30, width=2)
    x = prepare_image_file(_save(image, tmp_path / "thin.png"))
    assert_mnist_form(x)
    mask = x >= 0.5
    padded = np.pad(mask, 1)
    perimeter = np.count_nonzero(padded[1:] != padded[:-1]) + np.count_nonzero(padded[:, 1:] != padded[:, :-1])
    # Without widening a 2-pixel line shrunk 40 times would be 0.05 px wide and very faint.
    assert 2 * mask.sum() / perimeter > 1.2
    assert np.count_nonzero(x >= 0.9) >= 15


def test_specks_of_dust_are_ignored(tmp_path: Path) -> None:
    clean = np.asarray(seven(size=(400, 500)))
    dusty = clean.copy()
    dusty[5:8, 5:8] = 0  # a speck in a far corner would otherwise stretch the bounding box
    dusty[480:482, 390:393] = 40
    np.testing.assert_allclose(prepare_digit(dusty), prepare_digit(clean), atol=1e-9)


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path)
    return path


# --- bad input: one line naming the file ----------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.png"
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "not found")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(NetcoreError) as exc:
        read_grey(tmp_path, max_side=None)
    assert_one_line_about(exc, tmp_path, "directory")


def test_text_file_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "digit.png"
    path.write_text("this is my digit, a seven\n")
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "not an image")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.write_bytes(b"")
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "empty", "0 bytes")


def test_png_of_zero_width(tmp_path: Path) -> None:
    path = tmp_path / "zero.png"
    path.write_bytes(png_header_only(0, 10))
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "not an image")


def test_zero_size_array() -> None:
    with pytest.raises(NetcoreError, match="zero size"):
        prepare_digit(np.zeros((0, 7)))


@pytest.mark.parametrize(("name", "level"), [("white.png", 255), ("black.png", 0), ("grey.jpg", 200)])
def test_blank_images_have_no_ink(tmp_path: Path, name: str, level: int) -> None:
    path = tmp_path / name
    rng = np.random.default_rng(0)
    # JPEG grain of a few grey levels is not ink.
    pixels = np.clip(level + rng.integers(-4, 5, size=(300, 200)) * (name.endswith(".jpg")), 0, 255)
    Image.fromarray(pixels.astype(np.uint8)).save(path)
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "no ink")


@pytest.mark.parametrize(
    ("width", "height", "words"),
    [
        (8000, 6000, "8000x6000 = 48.0 million pixels"),  # above our limit only
        (100_000, 1_000, "too large"),  # Pillow warns (above 89 million)
        (20_000, 20_000, "too large"),  # Pillow refuses (above 179 million)
    ],
)
def test_huge_image_is_refused_before_decoding(tmp_path: Path, width: int, height: int, words: str) -> None:
    # A file of about a hundred bytes claiming tens or hundreds of millions of
    # pixels, with garbage data: decoding it would give another message.
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header_only(width, height))
    assert path.stat().st_size < 200 and width * height > MAX_PIXELS
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "million pixels", words)


def test_same_garbage_within_the_limit_is_decoded_and_found_damaged(tmp_path: Path) -> None:
    path = tmp_path / "garbage.png"
    path.write_bytes(png_header_only(4000, 3000))
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "damaged")


def test_animated_gif_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [seven(ink=0), seven(ink=0).transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "animated")


def test_multi_page_tiff_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pages.tif"
    seven().save(path, save_all=True, append_images=[seven(ink=80)])
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "several pages")


def test_truncated_jpeg_is_damaged(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    seven().save(buffer, format="JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(NetcoreError) as exc:
        prepare_image_file(path)
    assert_one_line_about(exc, path, "damaged")


@pytest.mark.parametrize(
    ("array", "words"),
    [
        (np.zeros((4, 4, 3)), "2-D"),
        (np.full((5, 5), np.nan), "NaN"),
        (np.full((5, 5), 255.0), "[0, 1]"),
        (np.array([["a", "b"]]), "numbers"),
    ],
)
def test_prepare_digit_rejects_what_is_not_a_grey_image(array: np.ndarray, words: str) -> None:
    with pytest.raises(NetcoreError, match=words.replace("[", r"\[").replace("]", r"\]")):
        prepare_digit(array)


# --- save_png ------------------------------------------------------------------------


def test_save_png_writes_what_the_network_sees(tmp_path: Path) -> None:
    x = prepare_digit(np.asarray(seven()))
    path = tmp_path / "out" / "seen.png"
    save_png(x, path)
    back = np.asarray(Image.open(path))
    assert back.shape == (28, 28) and back.dtype == np.uint8
    np.testing.assert_array_equal(back, np.round(x * 255).astype(np.uint8))
    save_png(x, path, scale=4)
    big = np.asarray(Image.open(path))
    assert big.shape == (112, 112)
    np.testing.assert_array_equal(big[::4, ::4], back)
    assert sorted(p.name for p in path.parent.iterdir()) == ["seen.png"]  # no temporary file left


@pytest.mark.parametrize(
    ("array", "scale", "words"),
    [(np.zeros((20, 20)), 1, "28x28"), (np.full((28, 28), 1.5), 1, "[0, 1]"), (np.zeros((28, 28)), 0, "scale")],
)
def test_save_png_refuses_bad_arrays(tmp_path: Path, array: np.ndarray, scale: int, words: str) -> None:
    path = tmp_path / "x.png"
    with pytest.raises(NetcoreError) as exc:
        save_png(array, path, scale=scale)
    assert_one_line_about(exc, path, words)
    assert not path.exists()


def test_save_png_unwritable_place(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = blocker / "x.png"
    with pytest.raises(NetcoreError) as exc:
        save_png(np.zeros((28, 28)), path)
    assert_one_line_about(exc, path, "cannot write")


# --- properties of prepare_digit ------------------------------------------------------


@st.composite
def drawn_digits(draw: st.DrawFn) -> np.ndarray:
    """Arrays of any size with a uniform background and one mark of contrasting ink (connected strokes at
    least 3 px thick, with paper around them, as a picture of a digit has), and a little noise."""
    height, width = draw(st.integers(16, 120)), draw(st.integers(16, 120))
    paper = draw(st.floats(0.0, 1.0))
    ink = draw(st.floats(0.0, 1.0).filter(lambda v: abs(v - paper) >= 0.3))
    image = np.full((height, width), paper)
    margin = max(2, min(height, width) // 8)
    # The first stroke is long enough to be a digit; each next one starts on the one before.
    top, left = draw(st.integers(margin, height - margin - 8)), draw(st.integers(margin, width - margin - 8))
    for n in range(draw(st.integers(1, 4))):
        long = 8 if n == 0 else 3
        down = draw(st.booleans())
        bottom = draw(st.integers(top + (long if down else 3) - 1, height - margin - 1))
        right = draw(st.integers(left + (3 if down else long) - 1, width - margin - 1))
        image[top : bottom + 1, left : right + 1] = ink
        top, left = draw(st.integers(top, bottom)), draw(st.integers(left, right))
        top, left = min(top, height - margin - 3), min(left, width - margin - 3)
    noise = draw(st.floats(0.0, 0.02))
    seed = draw(st.integers(0, 2**32 - 1))
    return np.clip(image + np.random.default_rng(seed).uniform(-noise, noise, image.shape), 0.0, 1.0)


@settings(max_examples=50, deadline=None)
@given(drawn_digits())
def test_prepared_digits_have_mnist_form(image: np.ndarray) -> None:
    x = prepare_digit(image)
    assert_mnist_form(x)
    # Ink is ink whether it is dark on light or light on dark.
    np.testing.assert_allclose(prepare_digit(1.0 - image), x, atol=1e-6)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=st.floats(0.0, 1.0)))
def test_any_grey_array_is_prepared_or_refused_cleanly(image: np.ndarray) -> None:
    try:
        x = prepare_digit(image)
    except NetcoreError as exc:
        assert any(reason in str(exc) for reason in ("no ink", "no digit", "two or more separate digits")), str(exc)
        assert "\n" not in str(exc)
        return
    assert_mnist_form(x)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(1, 100),
    st.integers(1, 100),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.04),
    st.integers(0, 2**32 - 1),
)
def test_blank_arrays_are_refused(height: int, width: int, level: float, noise: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    image = np.clip(level + rng.uniform(-noise, noise, (height, width)), 0.0, 1.0)
    with pytest.raises(NetcoreError, match="no ink"):
        prepare_digit(image)
