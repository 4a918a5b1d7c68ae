"""Photos as students really take them (issue 29): a page on a desk at an angle, pencil, dim light,
tinted or crumpled paper, blur, small frames, heavy JPEG; the page found; honest refusals.

The photos are made by tests/photos.py from the validation digits train10k[8500:9500] (never
trained on, t10k is kept for reporting), at 1 megapixel, fewer than bench/photos.py reads.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from netcore.errors import NetcoreError
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.preprocess import prepare_photo
from photos import CONDITIONS, class_mix, desk_photo, make_photo, photo_of_validation_digit, save_jpeg, validation_digits, with_glare

# Issue 29's targets: within 5 points of the same digits given clean, at most 2% refused,
# the page's corners within 2% of the picture's size.
MAX_BEHIND_CLEAN = 0.05
MAX_REFUSED = 0.02
CORNER_TOLERANCE = 0.02
PHOTOS = 50  # per condition: one refusal is 2%
MEGAPIXELS = 1.0


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    try:
        return validation_digits()
    except NetcoreError as exc:
        pytest.skip(f"real MNIST digits needed, shared data absent: {exc}")


@pytest.fixture(scope="module")
def network() -> Network:
    if not DEFAULT_WEIGHTS.is_file():
        pytest.skip(f"trained weights {DEFAULT_WEIGHTS} not there")
    return load_network(DEFAULT_WEIGHTS)


def _read(
    network: Network, digits: tuple[np.ndarray, np.ndarray], conditions: tuple[str, ...] | Callable[[int], tuple[str, ...]],
    folder: Path, photos: int = PHOTOS,
) -> tuple[float, float, float]:
    """(share right, share refused, share right of the same digits clean) for the first ``photos`` photos under
    ``conditions`` (or each photo under the conditions ``conditions(n)`` gives)."""
    images, labels = digits
    answers = []
    for n in range(photos):
        photo = photo_of_validation_digit(images, labels, n, MEGAPIXELS, conditions=conditions(n) if callable(conditions) else conditions)
        try:
            answers.append(network.forward(prepare_photo(save_jpeg(photo, folder / "photo.jpg")).pixels.ravel()).prediction)
        except NetcoreError:
            answers.append(-1)
    answers, truth = np.array(answers), labels[:photos]
    clean = network.forward(images[:photos].reshape(photos, -1) / 255.0).prediction
    return float(np.mean(answers == truth)), float(np.mean(answers < 0)), float(np.mean(clean == truth))


@pytest.mark.parametrize("condition", CONDITIONS)
def test_each_condition_alone_is_read_about_as_well_as_clean_digits(condition: str, digits, network, tmp_path: Path) -> None:
    right, refused, clean = _read(network, digits, (condition,), tmp_path)
    report = f"{condition}: {right:.1%} right, {refused:.1%} refused; the same digits clean {clean:.1%}"
    print(report)
    assert right >= clean - MAX_BEHIND_CLEAN, report
    assert refused <= MAX_REFUSED, report


def test_a_class_mix_of_conditions_is_read_about_as_well_as_clean_digits(digits, network, tmp_path: Path) -> None:
    # A class's photos: each condition with chance 1/2 (four on average), 100 photos, since one refusal is 2% of 50.
    right, refused, clean = _read(network, digits, class_mix, tmp_path, photos=2 * PHOTOS)
    report = f"a class's mix: {right:.1%} right, {refused:.1%} refused; the same digits clean {clean:.1%}"
    print(report)
    assert right >= clean - MAX_BEHIND_CLEAN, report
    assert refused <= MAX_REFUSED, report


def test_a_dim_close_up_with_a_shadow_at_its_rim_is_read_as_dark_ink(digits, network, tmp_path: Path) -> None:
    # Pencil in dim light on crumpled, tinted paper, no desk (photo 40 of a class's mix): where a shadow's edge met
    # the picture's rim, the light's local median stood further above it than the digit's pencil below, and the
    # ink was taken for light on dark: a "speck of 3x1 pixels" refused. The rim is now left out of that test.
    images, labels = digits
    photo = photo_of_validation_digit(images, labels, 40, MEGAPIXELS, conditions=class_mix(40))
    assert "desk" not in photo.conditions
    assert network.forward(prepare_photo(save_jpeg(photo, tmp_path / "dim.jpg")).pixels.ravel()).prediction == labels[40]


# Not met yet (bench/photos.py, README): a strict expected failure, so that the day it passes the test says so.
@pytest.mark.xfail(strict=True, reason="all conditions at once: 86% right, 2% refused (bench, 100 photos; 84% and 4% on these 50); not met yet")
def test_all_conditions_together_are_read_about_as_well_as_clean_digits(digits, network, tmp_path: Path) -> None:
    right, refused, clean = _read(network, digits, CONDITIONS, tmp_path)
    assert right >= clean - MAX_BEHIND_CLEAN and refused <= MAX_REFUSED, (right, refused, clean)


def test_close_ups_in_dim_light_are_read_as_dark_ink(digits, network, tmp_path: Path) -> None:
    # Every condition but the desk: a dim close-up, whose paper's light varies along the border by less
    # than MIN_CONTRAST in absolute terms, was judged "evenly lit" and its ink's polarity taken from the
    # sensor noise's extremes: 14% refused as blank, 74% right (300 photos). Now 2.3% and 85%.
    right, refused, clean = _read(network, digits, tuple(c for c in CONDITIONS if c != "desk"), tmp_path)
    report = f"close-ups, every condition but the desk: {right:.1%} right, {refused:.1%} refused; clean {clean:.1%}"
    print(report)
    assert right >= clean - 2 * MAX_BEHIND_CLEAN and refused <= 2 * MAX_REFUSED, report


@pytest.mark.parametrize("conditions", [("desk",), CONDITIONS])
def test_the_page_is_found_where_the_generator_put_it(conditions: tuple[str, ...], digits, tmp_path: Path) -> None:
    images, labels = digits
    errors = []
    for n in range(12):
        photo = photo_of_validation_digit(images, labels, n, MEGAPIXELS, conditions=conditions)
        try:
            prepared = prepare_photo(save_jpeg(photo, tmp_path / "desk.jpg"))
        except NetcoreError as exc:  # a refusal is not the subject here, but it must have seen the page
            assert "sheet of paper covering" in str(exc), str(exc)
            continue
        page = next(step.params for step in prepared.steps if step.name == "page")
        found = np.array(page["corners"])  # in the file's pixels, clockwise from the top left
        errors.append(np.abs(found - photo.corners).max() / max(photo.pixels.shape[:2]))
        # The thumbnail's outline is the same quadrilateral, at the thumbnail's scale.
        scale = prepared.photo.shape[1] / photo.pixels.shape[1]
        np.testing.assert_allclose(prepared.page, found * scale, atol=0.5)
    print(f"page corners: largest error {max(errors):.2%} of the picture's size ({len(errors)} photos)")
    assert len(errors) >= 8 and max(errors) <= CORNER_TOLERANCE


def test_close_ups_have_no_page_and_are_read_whole(digits, tmp_path: Path) -> None:
    images, labels = digits
    for n in range(8):
        photo = photo_of_validation_digit(images, labels, n, MEGAPIXELS)
        prepared = prepare_photo(save_jpeg(photo, tmp_path / "close.jpg"))
        assert {"name": "page", "params": {"found": False}} in [vars(s) for s in prepared.steps]
        assert prepared.page is None


def test_the_current_photos_are_unchanged_by_the_new_conditions(digits) -> None:
    images, labels = digits
    for n in (0, 7):
        before = make_photo(images[n], int(labels[n]), seed=n, megapixels=0.3)
        again = make_photo(images[n], int(labels[n]), seed=n, megapixels=0.3, conditions=())
        np.testing.assert_array_equal(before.pixels, again.pixels)
        assert before.corners is None and before.quality == 70
    # Each condition draws its own numbers: switching one on leaves the others' as they were.
    one = photo_of_validation_digit(images, labels, 3, 0.3, conditions=("pencil", "tint"))
    other = photo_of_validation_digit(images, labels, 3, 0.3, conditions=("pencil", "tint", "jpeg"))
    np.testing.assert_array_equal(one.pixels, other.pixels)
    assert other.quality != 70 or 45 <= other.quality <= 80


def _refusal(path: Path) -> str:
    with pytest.raises(NetcoreError) as exc:
        prepare_photo(path)
    message = str(exc.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")  # what was seen, not the file's name (the test's folder says "blank")


@pytest.mark.parametrize("seed", range(2))
def test_bad_photos_are_refused_saying_what_was_seen(seed: int, digits, tmp_path: Path) -> None:
    images, labels = digits
    only_desk = _refusal(save_jpeg(desk_photo(seed), tmp_path / "desk.jpg"))
    assert "no sheet of paper" in only_desk and ("no ink" in only_desk or "speck" in only_desk)
    pair = np.hstack([images[0], np.zeros((28, 12), np.uint8), images[1]])
    two = _refusal(save_jpeg(make_photo(pair, -1, seed=seed, megapixels=MEGAPIXELS, style="pen", conditions=("desk",)), tmp_path / "two.jpg"))
    assert "two or more separate digits" in two and "sheet of paper covering" in two
    glare = with_glare(photo_of_validation_digit(images, labels, seed, MEGAPIXELS, conditions=("desk",)), seed)
    assert "glare: a washed-out white patch covers" in _refusal(save_jpeg(glare, tmp_path / "glare.jpg"))


def test_a_crumpled_page_lit_bright_is_no_glare(digits, network, tmp_path: Path) -> None:
    # Pencil on crumpled ruled paper (photo 50 of a class's mix): a bump turned to the lamp washed 4% of the
    # picture nearly white, its ruled lines still showing, and the photo was refused as glare. Glare clips the
    # sensor; paper lit bright stays below the clip.
    images, labels = digits
    photo = photo_of_validation_digit(images, labels, 50, MEGAPIXELS, conditions=("pencil", "crumple"))
    assert network.forward(prepare_photo(save_jpeg(photo, tmp_path / "lit.jpg")).pixels.ravel()).prediction == labels[50]


def test_blank_pages_under_every_condition_are_mostly_refused_as_blank(tmp_path: Path) -> None:
    # Crumples, a shadow's rim and noise left after smoothing cross the threshold in faint patches: before
    # the smudge rule (netcore.ink._refuse_smudges) 37 of 100 such blank pages were read as a digit, now 13.
    refused = 0
    for seed in range(20):
        blank = make_photo(np.zeros((28, 28), np.uint8), -1, seed=seed, megapixels=MEGAPIXELS, conditions=CONDITIONS)
        try:
            prepare_photo(save_jpeg(blank, tmp_path / "page.jpg"))
        except NetcoreError as exc:
            refused += "blank" in str(exc).removeprefix(str(tmp_path))
    assert refused >= 16, f"{refused} of 20 blank pages refused as blank"


def test_crumpled_blank_pages_are_never_read_as_a_digit(tmp_path: Path) -> None:
    # Without strong noise, a crumpled blank page's bumps stood 1.5 to 2 times above the threshold, where
    # the same photos' digits stand at least 3.3 times: 12 of 100 such pages were read as a digit, now none
    # (netcore.ink._FAINTEST_CLEAR). Seed 7 was one of them.
    seen = []
    for seed in range(30):
        blank = make_photo(np.zeros((28, 28), np.uint8), -1, seed=seed, megapixels=MEGAPIXELS, conditions=("crumple",))
        try:
            prepare_photo(save_jpeg(blank, tmp_path / "page.jpg"))
            seen.append("read as a digit")
        except NetcoreError as exc:
            seen.append("blank" if "blank" in str(exc).removeprefix(str(tmp_path)) else "other refusal")
    assert "read as a digit" not in seen and seen.count("blank") >= 29, seen


@pytest.mark.parametrize("conditions", [("desk",), ("desk", "crumple")])
def test_a_blank_sheet_on_a_desk_is_refused_as_blank(conditions: tuple[str, ...], tmp_path: Path) -> None:
    # Shadows' rims, crumples and folds are no digit, let alone two.
    for seed in range(3):
        blank = make_photo(np.zeros((28, 28), np.uint8), -1, seed=seed, megapixels=MEGAPIXELS, conditions=conditions)
        message = _refusal(save_jpeg(blank, tmp_path / "blank.jpg"))
        assert "blank" in message and "sheet of paper covering" in message and "two or more" not in message, message


@pytest.mark.parametrize("style", ["pen", "marker"])
def test_a_blank_page_is_drawn_blank_whatever_the_pen(style: str) -> None:
    # A marker's strokes are grown from the digit's ink by a distance transform; with no ink at all
    # that transform is undefined, and once left a dot on the "blank" page.
    from photos import _ink_density

    blank = np.zeros((28, 28), np.uint8)
    density = _ink_density(blank, 3.0, np.random.default_rng(0), style == "marker", tilt=4.0)
    assert density.max() == 0.0
