"""The ``python -m netcore`` command line, run as users run it, and the scene choices."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from netcore.choices import Choices, read_choices
from netcore.errors import NetcoreError
from netcore.mnist import SHARED_DIR, SPLITS, load_split
from netcore.network import load_network
from netcore.paths import DEFAULT_WEIGHTS, PROJECT_ROOT
from netcore.samples import load_sample


def netcore(*args: str | Path, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m netcore ARGS`` in a clean environment (no NN_* or MNIST_DIR choices)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NN_") and k != "MNIST_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "netcore", *map(str, args)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def shared() -> Path:
    names = [getattr(SPLITS[s], f) for s in ("train10k", "t10k") for f in ("images", "labels")]
    missing = [name for name in names if not (SHARED_DIR / name).is_file()]
    if missing:
        pytest.skip(f"shared MNIST data absent: {SHARED_DIR} lacks {', '.join(missing)}")
    return SHARED_DIR


# ---------------------------------------------------------------- info, predict


def test_info_counts_parameters() -> None:
    result = netcore("info")
    assert result.returncode == 0, result.stderr
    assert "784 -> 16 -> 16 -> 10" in result.stdout
    assert "13,002 parameters" in result.stdout
    assert "12,960 weights + 42 biases" in result.stdout


def test_predict_prints_activations_and_prediction() -> None:
    result = netcore("predict", "--digit", "0")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    outputs = re.findall(r"^  (\d): (\d\.\d{4})", result.stdout, re.MULTILINE)
    assert [int(k) for k, _ in outputs] == list(range(10))
    values = np.array([float(v) for _, v in outputs])
    assert np.all((values >= 0) & (values <= 1))
    predicted = int(re.search(r"^prediction: (\d)", result.stdout, re.MULTILINE).group(1))
    # The same digit through the same network, in this process.
    sample = load_sample()
    trace = load_network(DEFAULT_WEIGHTS).forward(sample.images[0].reshape(-1) / 255.0)
    assert predicted == trace.prediction
    np.testing.assert_allclose(values, trace.output, atol=5e-5)
    assert f"a {int(sample.labels[0])}" in result.stdout
    hidden = re.findall(r"^hidden layer (\d): (.*)$", result.stdout, re.MULTILINE)
    assert [layer for layer, _ in hidden] == ["1", "2"]
    assert all(len(values.split()) == 16 for _, values in hidden)


def test_predict_by_label() -> None:
    result = netcore("predict", "--label", "7")
    assert result.returncode == 0, result.stderr
    assert ", a 7" in result.stdout


def test_predict_digit_out_of_range() -> None:
    assert_one_line_error(netcore("predict", "--digit", "100000"), "100000")


def test_predict_missing_weights(tmp_path: Path) -> None:
    missing = tmp_path / "missing.npz"
    assert_one_line_error(netcore("predict", "--weights", missing), str(missing), "not found")


def test_predict_corrupt_weights(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.npz"
    corrupt.write_bytes(DEFAULT_WEIGHTS.read_bytes()[:5000])
    assert_one_line_error(netcore("predict", "--weights", corrupt), str(corrupt))
    garbage = tmp_path / "garbage.npz"
    garbage.write_text("not a zip file\n")
    assert_one_line_error(netcore("info", "--weights", garbage), str(garbage))


# ---------------------------------------------------------------- evaluate and train (need MNIST)


def test_evaluate_prints_accuracy(shared: Path) -> None:
    result = netcore("evaluate", "--data", shared)
    assert result.returncode == 0, result.stderr
    match = re.search(r"accuracy on t10k: (\d+\.\d\d)% \((\d+) of 10000 digits\)", result.stdout)
    assert match, result.stdout
    t10k = load_split("t10k", shared)
    correct = int(np.sum(load_network(DEFAULT_WEIGHTS).forward(t10k.inputs()).prediction == t10k.labels))
    assert int(match.group(2)) == correct
    assert float(match.group(1)) == pytest.approx(correct / 100, abs=0.005)


def test_evaluate_without_data_is_one_line(tmp_path: Path) -> None:
    assert_one_line_error(netcore("evaluate", "--data", tmp_path / "nowhere"), "nowhere")


def test_train_twice_gives_the_same_file_byte_for_byte(shared: Path, tmp_path: Path) -> None:
    """Two epochs, one augmented and one clean, so both paths of the recipe are covered."""
    out = tmp_path / "w.npz"  # the same path both times: the command, --out included, is recorded in the file
    files = []
    for _ in range(2):
        result = netcore("train", "--data", shared, "--epochs", "2", "--clean-epochs", "1", "--out", out)
        assert result.returncode == 0, result.stderr
        files.append(out.read_bytes())
    assert files[0] == files[1]
    assert load_network(out).metadata["training"]["clean_epochs"] == 1


def test_train_one_epoch_writes_loadable_weights(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "w.npz"
    result = netcore("train", "--data", shared, "--epochs", "1", "--seed", "3", "--out", out)
    assert result.returncode == 0, result.stderr
    assert "epoch   1/1" in result.stdout
    network = load_network(out)
    assert network.sizes == [784, 16, 16, 10] and network.parameter_count == 13_002
    meta = network.metadata
    assert meta["seed"] == 3
    assert meta["training"]["epochs"] == 1 and meta["training"]["augment"] is True
    assert meta["train_digits"] == "train10k[0:8500]"
    assert meta["validation_digits"] == "train10k[8500:9500]"
    assert set(meta["data_sha256"]) == {SPLITS[s].images for s in ("train10k", "t10k")} | {SPLITS[s].labels for s in ("train10k", "t10k")}
    assert "--epochs 1" in meta["command"]
    t10k = load_split("t10k", shared)
    assert meta["test_accuracy"] == pytest.approx(network.accuracy(t10k.inputs(), t10k.labels), abs=1e-6)
    assert 0.1 < meta["test_accuracy"] <= 1.0
    reported = float(re.search(r"test accuracy (\d+\.\d\d)%", result.stdout).group(1))
    assert reported == pytest.approx(100 * meta["test_accuracy"], abs=0.005)
    info = netcore("info", "--weights", out)
    assert info.returncode == 0 and "13,002 parameters" in info.stdout and "seed: 3" in info.stdout


# ---------------------------------------------------------------- read_choices


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    path = tmp_path / "manim.cfg"
    path.write_text("[CLI]\nquality = low_quality\n\n[explainer]\ndigit = 3\ntheme = light\nneuron = 5\nweights = cfg-weights.npz\n")
    return path


def test_defaults_without_env_or_cfg(tmp_path: Path) -> None:
    assert read_choices({}, tmp_path / "absent.cfg") == Choices()
    assert Choices().weights == DEFAULT_WEIGHTS and Choices().theme == "dark"


def test_cfg_values_are_read(cfg: Path) -> None:
    choices = read_choices({}, cfg)
    assert choices == Choices(digit=3, weights=Path("cfg-weights.npz"), neuron=5, theme="light")


def test_env_wins_over_cfg(cfg: Path) -> None:
    choices = read_choices({"NN_DIGIT": "7", "NN_THEME": "DARK", "NN_NEURON": "2", "NN_WEIGHTS": "env.npz"}, cfg)
    assert choices == Choices(digit=7, weights=Path("env.npz"), neuron=2, theme="dark")
    # Blank variables do not count as choices.
    assert read_choices({"NN_DIGIT": " ", "NN_THEME": ""}, cfg).digit == 3


def test_env_input_replaces_cfg_input(cfg: Path) -> None:
    choices = read_choices({"NN_LABEL": "4"}, cfg)
    assert choices.label == 4 and choices.digit is None and choices.image is None
    assert choices.theme == "light" and choices.neuron == 5  # the cfg's other choices stay
    image = read_choices({"NN_IMAGE": "my-digit.png"}, cfg)
    assert image.image == Path("my-digit.png") and image.digit is None


def test_two_inputs_at_once_is_an_error(cfg: Path, tmp_path: Path) -> None:
    with pytest.raises(NetcoreError, match="digit and label") as excinfo:
        read_choices({"NN_DIGIT": "1", "NN_LABEL": "2"}, cfg)
    assert "\n" not in str(excinfo.value)
    both = tmp_path / "both.cfg"
    both.write_text("[explainer]\nlabel = 2\nimage = x.png\n")
    with pytest.raises(NetcoreError, match="label and image"):
        read_choices({}, both)


def test_bad_theme_rejected(cfg: Path, tmp_path: Path) -> None:
    with pytest.raises(NetcoreError, match="'sepia'") as excinfo:
        read_choices({"NN_THEME": "sepia"}, cfg)
    assert "\n" not in str(excinfo.value) and "dark" in str(excinfo.value)
    bad = tmp_path / "bad.cfg"
    bad.write_text("[explainer]\ntheme = neon\n")
    with pytest.raises(NetcoreError, match="'neon'"):
        read_choices({}, bad)


@pytest.mark.parametrize(("key", "value"), [("NN_DIGIT", "three"), ("NN_DIGIT", "2.5"), ("NN_LABEL", "x"), ("NN_NEURON", "first")])
def test_non_integer_rejected(cfg: Path, key: str, value: str) -> None:
    with pytest.raises(NetcoreError) as excinfo:
        read_choices({key: value}, cfg)
    message = str(excinfo.value)
    assert "\n" not in message and repr(value) in message and "whole number" in message


def test_unparseable_cfg_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cfg"
    broken.write_text("digit = 3\n[explainer\n")
    with pytest.raises(NetcoreError) as excinfo:
        read_choices({}, broken)
    assert str(broken) in str(excinfo.value) and "\n" not in str(excinfo.value)


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["predict", "--digit", "abc"], "invalid int value: 'abc'"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        (["predict", "--digit", "3", "--label", "4"], "not allowed with argument --digit"),
        (["train", "--sizes", "10,3"], "sizes must start with 784"),
        (["train", "--batch-size", "0"], "must be above zero"),
        (["train", "--epochs", "-3"], "must be above zero"),
        (["train", "--clean-epochs", "-1"], "must be zero or more"),
    ],
)
def test_bad_options_give_one_line(args: list[str], phrase: str) -> None:
    assert_one_line_error(netcore(*args), phrase)


STUDENT_DIGIT = PROJECT_ROOT / "tests" / "data" / "student-seven.jpg"


def test_predict_an_image_and_save_what_the_network_sees(tmp_path: Path) -> None:
    from PIL import Image

    from netcore.preprocess import prepare_image_file

    seen = tmp_path / "seen.png"
    result = netcore("predict", "--image", STUDENT_DIGIT, "--save-prepared", seen)
    assert result.returncode == 0, result.stderr
    assert "your image student-seven.jpg" in result.stdout
    network = load_network(DEFAULT_WEIGHTS)
    prepared = prepare_image_file(STUDENT_DIGIT)
    expected = network.forward(prepared.reshape(-1))
    assert f"prediction: {expected.prediction}" in result.stdout and expected.prediction == 7
    for k, a in enumerate(expected.output):
        assert f"  {k}: {a:.4f}" in result.stdout
    saved = np.asarray(Image.open(seen))
    assert saved.shape == (28, 28)
    np.testing.assert_allclose(saved / 255.0, prepared, atol=1 / 255 + 1e-9)


def test_predict_a_non_image_gives_one_line(tmp_path: Path) -> None:
    text = tmp_path / "digit.png"
    text.write_text("not a picture")
    assert_one_line_error(netcore("predict", "--image", text, "--save-prepared", tmp_path / "seen.png"), str(text))
    assert not (tmp_path / "seen.png").exists()


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        (b"[explainer]\ndigit = 3\n[explainer]\ndigit = 4\n", "cannot parse"),  # a section twice
        (b"[explainer]\nimage = \xff.png\n", "not UTF-8 text"),
        (b"[explainer]\ndigit = 1\ndigit = 2\n", "cannot parse"),  # a key twice
    ],
)
def test_broken_cfg_is_one_line(tmp_path: Path, text: bytes, fault: str) -> None:
    path = tmp_path / "manim.cfg"
    path.write_bytes(text)
    with pytest.raises(NetcoreError) as excinfo:
        read_choices({}, path)
    assert str(path) in str(excinfo.value) and fault in str(excinfo.value) and "\n" not in str(excinfo.value)


def test_percent_in_a_cfg_value_is_taken_literally(tmp_path: Path) -> None:
    path = tmp_path / "manim.cfg"
    path.write_text("[explainer]\nimage = 100%.png\nweights = %(here)s.npz\n")
    choices = read_choices({}, path, warn=pytest.fail)
    assert choices.image == Path("100%.png") and choices.weights == Path("%(here)s.npz")


@pytest.mark.parametrize(
    ("env", "text", "warning"),
    [
        ({}, "[explainer]\ndigits = 3\n", "[explainer]: ignoring unknown 'digits' (known: digit, label,"),
        ({"NN_DIGTI": "3"}, "", "environment: ignoring unknown 'NN_DIGTI' (known: NN_DIGIT, NN_LABEL,"),
        ({"NN_THEME": "light", "NN_COLOUR": "red", "NN_X": ""}, "", "'NN_COLOUR', 'NN_X'"),
    ],
)
def test_unknown_keys_and_variables_are_warned_about(tmp_path: Path, env: dict[str, str], text: str, warning: str) -> None:
    path = tmp_path / "manim.cfg"
    path.write_text(text)
    warnings: list[str] = []
    read_choices(env, path, warn=warnings.append)
    assert len(warnings) == 1 and warning in warnings[0] and "\n" not in warnings[0], warnings


def test_a_misspelt_variable_warns_on_stderr_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    read_choices({"NN_DIGTI": "3"}, tmp_path / "absent.cfg")
    assert capsys.readouterr().err.startswith("warning: environment: ignoring unknown 'NN_DIGTI'")


def test_predict_json_gives_prediction_activations_and_preprocessing(tmp_path: Path) -> None:
    import json

    from netcore.preprocess import prepare_photo

    seen = tmp_path / "seen.png"
    result = netcore("predict", "--image", STUDENT_DIGIT, "--json", "--save-prepared", seen)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)  # nothing but the JSON on stdout
    prepared = prepare_photo(STUDENT_DIGIT)
    expected = load_network(DEFAULT_WEIGHTS).forward(prepared.pixels.reshape(-1))
    assert record["prediction"] == expected.prediction == 7
    np.testing.assert_allclose(record["outputs"], expected.output, rtol=1e-12)
    for got, want in zip(record["hidden_layers"], expected.activations[1:-1], strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12)
    steps = [step["name"] for step in record["preprocessing"]]
    assert steps[0] == "read" and steps[-3:] == ["strokes", "fit", "centre"]
    assert record["preprocessing"][0]["params"] == {"format": "JPEG", "width": 480, "height": 360}
    assert record["source"]["image"] == str(STUDENT_DIGIT) and record["prepared_png"] == str(seen) and seen.is_file()
    sample = json.loads(netcore("predict", "--digit", "0", "--json").stdout)
    assert sample["preprocessing"] == [] and sample["source"]["sample_digit"] == 0


def _picture(case: str) -> np.ndarray:
    """A picture made for one bad-input case, from the student's seven (uint8 grey, or RGBA for transparency)."""
    from PIL import Image

    seven = np.asarray(Image.open(STUDENT_DIGIT).convert("L"))
    if case == "speck":  # one dust speck on white paper
        page = np.full(seven.shape, 255, np.uint8)
        page[100:103, 200:203] = 30
        return page
    if case == "blank":  # paper lit unevenly, nothing on it
        return np.tile(np.linspace(210, 120, seven.shape[1]), (seven.shape[0], 1)).astype(np.uint8)
    if case == "two digits":
        return np.hstack([seven, seven])
    # White ink on a transparent background: the digit is in the alpha channel only.
    rgba = np.zeros(seven.shape + (4,), np.uint8)
    rgba[..., :3] = 255
    rgba[..., 3] = 255 - seven
    return rgba


@pytest.mark.parametrize(
    ("case", "phrase"),
    [("speck", "speck"), ("blank", "blank"), ("two digits", "two or more separate digits"), ("white ink on transparent", None)],
)
def test_hard_pictures_are_read_or_refused_with_one_line(tmp_path: Path, case: str, phrase: str | None) -> None:
    from PIL import Image

    path = tmp_path / "picture.png"
    Image.fromarray(_picture(case)).save(path)
    seen = tmp_path / "seen.png"
    result = netcore("predict", "--image", path, "--save-prepared", seen)
    if phrase is None:
        assert result.returncode == 0, result.stderr
        assert "prediction: 7" in result.stdout
        return
    assert result.returncode == 2
    assert_one_line_error(result, str(path), phrase)
    assert not seen.exists()
