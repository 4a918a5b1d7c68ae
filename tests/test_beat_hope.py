"""The hope beat: its shapes are real pixels of real sample digits, cut as the record says."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from netcore.choices import Choices
from netcore.inputs import load_inputs
from netcore.paths import SAMPLE_FILE
from netcore.scenedata.hope import LINE, LOOP, MIN_HOLE, SOLID, digit_parts
from storyboard.hope import hope_record


@pytest.fixture(scope="module")
def record():
    return hope_record(load_inputs(Choices()))


@pytest.fixture(scope="module")
def sample() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with np.load(SAMPLE_FILE, allow_pickle=False) as npz:
        return npz["images"], npz["labels"], npz["source_indices"]


def holes_by_flood_fill(pixels: np.ndarray) -> list[set[tuple[int, int]]]:
    """Background regions that do not reach the border, found by a plain breadth-first search (4-connected)."""
    background = pixels < SOLID
    seen = np.zeros_like(background)
    regions = []
    for start in zip(*np.nonzero(background)):
        if seen[start]:
            continue
        region, border, queue = set(), False, deque([start])
        seen[start] = True
        while queue:
            r, c = queue.popleft()
            region.add((r, c))
            border |= r in (0, 27) or c in (0, 27)
            for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if 0 <= nr < 28 and 0 <= nc < 28 and background[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    queue.append((nr, nc))
        if not border:
            regions.append(region)
    return regions


def test_the_digits_are_real_sample_digits(record, sample) -> None:
    images, labels, sources = sample
    for digit, label in zip(record.numbers.digits, (9, 8)):
        assert digit.label == label == labels[digit.sample_index]
        assert digit.source_index == sources[digit.sample_index]
        np.testing.assert_array_equal(digit.pixels, images[digit.sample_index] / 255.0)
    assert [list(d.kinds) for d in record.numbers.digits] == [[LOOP, LINE], [LOOP, LOOP]]


def test_loops_are_the_holes_found_independently(record) -> None:
    for digit in record.numbers.digits:
        holes = [h for h in holes_by_flood_fill(digit.pixels) if len(h) >= MIN_HOLE]
        assert len(holes) == sum(k == LOOP for k in digit.kinds)
        assert sorted(sorted(h) for h in holes) == sorted(sorted(zip(*np.nonzero(h))) for h in digit.holes)
        # Each loop surrounds its hole: the ink right next to the hole is the loop's.
        for part, hole in zip(digit.parts, digit.holes):
            rows, cols = np.nonzero(hole)
            for r, c in zip(rows, cols):
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if digit.pixels[nr, nc] >= SOLID:
                        assert part.mask[nr, nc], (digit.label, nr, nc)


def test_parts_are_the_digits_own_pixels_and_add_up_to_it(record) -> None:
    for digit in record.numbers.digits:
        masks = np.array([p.mask for p in digit.parts])
        assert np.all(masks.sum(axis=0) == (digit.pixels > 0))  # every ink pixel in exactly one part
        total = sum(p.pixels for p in digit.parts)
        np.testing.assert_array_equal(total, digit.pixels)
        top, bottom, left, right = digit.box
        assert not np.any(digit.pixels[:top]) and not np.any(digit.pixels[bottom:])
        assert not np.any(digit.pixels[:, :left]) and not np.any(digit.pixels[:, right:])


def test_edges_cut_the_loop_by_direction(record) -> None:
    numbers = record.numbers
    loop, hole = numbers.digits[0].parts[0], numbers.digits[0].holes[0]
    np.testing.assert_array_equal(sum(numbers.edges), loop.pixels)
    centre = np.argwhere(hole).mean(axis=0)
    for edge, angle in zip(numbers.edges, numbers.edge_angles):
        assert np.any(edge > 0)
        for r, c in np.argwhere(edge > 0):
            direction = np.degrees(np.arctan2(centre[0] - r, c - centre[1]))
            assert abs((direction - angle + 180) % 360 - 180) <= 45 + 1e-9


def test_the_chosen_digits_have_the_biggest_smallest_part(record, sample) -> None:
    images, labels, _ = sample
    for digit in record.numbers.digits:
        best = min(int(p.mask.sum()) for p in digit.parts)
        for index in np.flatnonzero(labels == digit.label):
            parts, _ = digit_parts(images[index] / 255.0)
            if tuple(p.kind for p in parts) == digit.kinds and index != digit.sample_index:
                smallest = min(int(p.mask.sum()) for p in parts)
                assert smallest < best or (smallest == best and index > digit.sample_index)


def test_it_says_on_screen_it_is_an_illustration(record) -> None:
    assert "not a measurement" in record.words.disclaimer
    assert "not a measurement" in record.step("honest").caption
    assert all("sample digit" in s for s in record.words.sources)


def test_it_shows_the_sample_whatever_the_chosen_digit() -> None:
    default = hope_record(load_inputs(Choices()))
    other = hope_record(load_inputs(Choices(label=7)))
    assert [d.sample_index for d in default.numbers.digits] == [d.sample_index for d in other.numbers.digits]
