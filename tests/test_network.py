"""The network: forward pass, sizes, the weights file and the shipped weights."""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import numpy as np
import pytest

from netcore.errors import NetcoreError
from netcore.mnist import SHARED_DIR, SPLITS, load_split
from netcore.network import Network, load_network
from netcore.paths import DEFAULT_WEIGHTS
from netcore.samples import load_sample

# ---------------------------------------------------------------- helpers


def _sigmoid(z: float) -> float:
    # Written out by hand (not scipy's expit) so the check is independent; stable for large |z|.
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def slow_forward(weights: list[np.ndarray], biases: list[np.ndarray], pixels: list[float], hidden: str = "sigmoid") -> list[list[float]]:
    """Every layer's activations, one neuron and one weight at a time in plain Python."""
    layers = [list(map(float, pixels))]
    for layer, (w, b) in enumerate(zip(weights, biases), start=1):
        previous = layers[-1]
        last = layer == len(weights)
        out = []
        for j in range(w.shape[0]):
            z = float(b[j])
            for k in range(w.shape[1]):
                z += float(w[j, k]) * previous[k]
            if last or hidden == "sigmoid":
                out.append(_sigmoid(z))
            else:
                out.append(z if z > 0 else 0.0)
        layers.append(out)
    return layers


def one_line_error(excinfo: pytest.ExceptionInfo[NetcoreError], path: Path, *phrases: str) -> str:
    """Check the error names ``path``, fits on one line and says each phrase; return it."""
    message = str(excinfo.value)
    assert str(path) in message, message
    assert "\n" not in message, message
    for phrase in phrases:
        assert phrase in message, message
    return message


def small_network(activation: str = "sigmoid", seed: int = 3) -> Network:
    return Network.random([784, 5, 4, 10], activation, seed=seed)


def save_arrays(path: Path, **arrays: np.ndarray) -> Path:
    np.savez(path, **arrays)
    return path


def arrays_of(network: Network, metadata: dict | None = None) -> dict[str, np.ndarray]:
    arrays = {}
    for i, (w, b) in enumerate(zip(network.weights, network.biases), start=1):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    meta = {"sizes": network.sizes, "activation": network.activation} if metadata is None else metadata
    arrays["metadata"] = np.array(json.dumps(meta))
    return arrays


@pytest.fixture(scope="module")
def shipped() -> Network:
    return load_network(DEFAULT_WEIGHTS)


@pytest.fixture(scope="module")
def sample_inputs() -> np.ndarray:
    sample = load_sample()
    return sample.images.reshape(len(sample), -1).astype(np.float64) / 255.0


# ---------------------------------------------------------------- forward pass


@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
def test_forward_matches_loops_on_a_small_random_network(hidden: str) -> None:
    network = Network.random([7, 5, 4, 3], hidden, seed=11)
    x = np.random.default_rng(5).uniform(0, 1, 7)
    trace = network.forward(x)
    expected = slow_forward(network.weights, network.biases, x.tolist(), hidden)
    assert len(trace.activations) == 4 and len(trace.zs) == 3
    for got, want in zip(trace.activations, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    # z really is the pre-activation: a = f(z) layer by layer.
    for layer, z in enumerate(trace.zs, start=1):
        np.testing.assert_allclose(network.layer_activation(layer).f(z), trace.activations[layer], rtol=0, atol=0)
    assert trace.prediction == int(np.argmax(expected[-1]))


@pytest.mark.parametrize("index", [0, 11, 257, 499])
def test_forward_matches_loops_on_shipped_weights(shipped: Network, sample_inputs: np.ndarray, index: int) -> None:
    x = sample_inputs[index]
    trace = shipped.forward(x)
    expected = slow_forward(shipped.weights, shipped.biases, x.tolist(), shipped.activation)
    assert [len(a) for a in expected] == [784, 16, 16, 10]
    for got, want in zip(trace.activations[1:], expected[1:]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-13)
    assert trace.prediction == int(np.argmax(expected[-1]))
    assert isinstance(trace.prediction, int)


def test_batch_forward_equals_digit_by_digit(shipped: Network, sample_inputs: np.ndarray) -> None:
    batch = sample_inputs[:64]
    trace = shipped.forward(batch)
    assert trace.output.shape == (64, 10)
    assert trace.prediction.shape == (64,)
    for i, x in enumerate(batch):
        single = shipped.forward(x)
        for layer in range(len(single.activations)):
            np.testing.assert_allclose(trace.activations[layer][i], single.activations[layer], rtol=1e-13, atol=1e-15)
        assert single.prediction == trace.prediction[i]


def test_forward_rejects_wrong_input_size() -> None:
    network = small_network()
    with pytest.raises(NetcoreError, match="783"):
        network.forward(np.zeros(783))
    with pytest.raises(NetcoreError):
        network.forward(np.zeros((2, 3, 784)))


def test_relu_hidden_layers_and_sigmoid_output() -> None:
    network = Network.random([784, 16, 16, 10], "relu", seed=4)
    x = np.random.default_rng(1).uniform(0, 1, (20, 784))
    trace = network.forward(x)
    for layer in (1, 2):
        z, a = trace.zs[layer - 1], trace.activations[layer]
        np.testing.assert_array_equal(a, np.maximum(z, 0.0))
        assert (z < 0).any() and (z > 0).any()  # both sides of the hinge are exercised
        assert np.all(a[z < 0] == 0.0)
        assert network.layer_activation(layer).name == "relu"
    z_out = trace.zs[-1]
    np.testing.assert_allclose(trace.output, 1 / (1 + np.exp(-z_out)), rtol=1e-13)
    assert network.layer_activation(3).name == "sigmoid"
    # Hidden relu output is unbounded, a sigmoid one is not.
    assert trace.activations[1].max() > 1.0 or trace.activations[2].max() > 1.0
    assert np.all((trace.output > 0) & (trace.output < 1))


def test_unknown_activation_rejected() -> None:
    with pytest.raises(NetcoreError, match="tanh"):
        Network.random([4, 3, 2], "tanh")


# ---------------------------------------------------------------- sizes


def test_sizes_and_parameter_count() -> None:
    network = Network.random([784, 16, 16, 10])
    assert network.sizes == [784, 16, 16, 10]
    assert network.parameter_count == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13_002
    assert [w.shape for w in network.weights] == [(16, 784), (16, 16), (10, 16)]
    assert [b.shape for b in network.biases] == [(16,), (16,), (10,)]
    other = Network.random([6, 4, 3, 2])
    assert other.sizes == [6, 4, 3, 2]
    assert other.parameter_count == 6 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2 == 51


def test_shipped_weights_are_the_chapters_network(shipped: Network) -> None:
    assert shipped.sizes == [784, 16, 16, 10]
    assert shipped.parameter_count == 13_002
    assert shipped.activation in ("sigmoid", "relu")
    assert all(w.dtype == np.float64 for w in shipped.weights)


def test_random_is_seeded() -> None:
    a, b, c = Network.random([784, 16, 10], seed=1), Network.random([784, 16, 10], seed=1), Network.random([784, 16, 10], seed=2)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights + a.biases, b.weights + b.biases))
    assert not np.array_equal(a.weights[0], c.weights[0])


# ---------------------------------------------------------------- save / load


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_save_load_round_trip(tmp_path: Path, activation: str) -> None:
    network = small_network(activation)
    network.metadata = {"seed": 7, "test_accuracy": 0.123456, "training": {"epochs": 3, "augment": True}, "note": "héllo"}
    path = tmp_path / "sub" / "w.npz"
    network.save(path)
    loaded = load_network(path)
    assert loaded.sizes == network.sizes
    assert loaded.activation == activation
    assert loaded.metadata == network.metadata
    assert len(loaded.weights) == len(network.weights)
    for got, want in zip(loaded.weights + loaded.biases, network.weights + network.biases):
        assert got.dtype == np.float64 and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(loaded.forward(np.full(784, 0.5)).output, network.forward(np.full(784, 0.5)).output)
    # The file is an ordinary npz: W1, b1, ... and the metadata string, nothing pickled.
    with np.load(path, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["W1", "W2", "W3", "b1", "b2", "b3", "metadata"]
        meta = json.loads(str(npz["metadata"]))
    assert meta["sizes"] == [784, 5, 4, 10] and meta["activation"] == activation
    assert [p.name for p in path.parent.iterdir()] == ["w.npz"]  # no temporary file left behind


def test_save_does_not_add_sizes_to_in_memory_metadata(tmp_path: Path) -> None:
    network = small_network()
    network.metadata = {"seed": 1}
    network.save(tmp_path / "w.npz")
    assert network.metadata == {"seed": 1}


def test_input_size_none_accepts_any_inputs(tmp_path: Path) -> None:
    network = Network.random([6, 4, 2], seed=0)
    network.save(tmp_path / "w.npz")
    with pytest.raises(NetcoreError):
        load_network(tmp_path / "w.npz")
    assert load_network(tmp_path / "w.npz", input_size=None).sizes == [6, 4, 2]


# ---------------------------------------------------------------- rejections


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.npz"
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "not found")


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.npz"
    path.write_text("these are not weights\n" * 20)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "not an .npz weights file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.npz"
    path.write_bytes(b"")
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "not an .npz weights file")


def test_corrupt_file(tmp_path: Path) -> None:
    good = tmp_path / "good.npz"
    small_network().save(good)
    body = bytearray(good.read_bytes())
    middle = len(body) // 2
    body[middle : middle + 64] = bytes(64)  # zero out compressed data inside W1's member
    path = tmp_path / "corrupt.npz"
    path.write_bytes(bytes(body))
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "not a readable weights file")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.99])
def test_truncated_file(tmp_path: Path, fraction: float) -> None:
    good = tmp_path / "good.npz"
    small_network().save(good)
    body = good.read_bytes()
    path = tmp_path / "truncated.npz"
    path.write_bytes(body[: int(len(body) * fraction)])
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "not a readable weights file")


def test_missing_array(tmp_path: Path) -> None:
    arrays = arrays_of(small_network())
    del arrays["b2"]
    path = save_arrays(tmp_path / "no-b2.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    message = one_line_error(excinfo, path, "missing", "b2")
    assert "W2" not in message and "b1" not in message


def test_no_arrays_at_all(tmp_path: Path) -> None:
    path = save_arrays(tmp_path / "only-meta.npz", metadata=np.array("{}"))
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "missing", "W1")


@pytest.mark.parametrize(
    ("name", "replacement", "phrases"),
    [
        ("W2", np.zeros((4, 6)), ("W2 has 6 inputs", "layer 1 has 5 neurons")),  # layer 1 has 5 neurons
        ("b1", np.zeros(4), ("b1", "(4,)")),
        ("W3", np.zeros(10), ("W3",)),  # a vector, not a matrix
    ],
    ids=["W2-wrong-inputs", "b1-wrong-length", "W3-not-a-matrix"],
)
def test_wrong_shapes_are_rejected(tmp_path: Path, name: str, replacement: np.ndarray, phrases: tuple[str, ...]) -> None:
    arrays = arrays_of(small_network(), metadata={})
    arrays[name] = replacement
    path = save_arrays(tmp_path / f"{name}.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, *phrases)


def test_w1_not_784_inputs(tmp_path: Path) -> None:
    network = Network.random([100, 5, 10], seed=0)
    path = save_arrays(tmp_path / "small-input.npz", **arrays_of(network))
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "100 inputs", "784")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("name", ["W1", "b2", "W3"])
def test_non_finite_values(tmp_path: Path, bad: float, name: str) -> None:
    arrays = arrays_of(small_network())
    arrays[name] = arrays[name].copy()
    arrays[name].flat[arrays[name].size // 2] = bad
    path = save_arrays(tmp_path / "nonfinite.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "NaN or infinite")


def test_metadata_sizes_disagree_with_arrays(tmp_path: Path) -> None:
    arrays = arrays_of(small_network(), metadata={"sizes": [784, 16, 16, 10], "activation": "sigmoid"})
    path = save_arrays(tmp_path / "meta.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "[784, 5, 4, 10]", "metadata says [784, 16, 16, 10]")


@pytest.mark.parametrize(
    ("metadata", "phrase"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"sizes": 5}', "metadata says 5"),
        ('{"activation": "tanh"}', "tanh"),
        ('{"activation": ["relu"]}', "activation"),
    ],
)
def test_bad_metadata(tmp_path: Path, metadata: str, phrase: str) -> None:
    arrays = arrays_of(small_network())
    arrays["metadata"] = np.array(metadata)
    path = save_arrays(tmp_path / "meta.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, phrase)


@pytest.mark.parametrize("dtype", ["U3", "S3", "complex128"])
def test_non_numeric_arrays(tmp_path: Path, dtype: str) -> None:
    arrays = arrays_of(small_network())
    arrays["b1"] = np.ones(5).astype(dtype)
    path = save_arrays(tmp_path / "dtype.npz", **arrays)
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "b1")


UNPICKLED: list[str] = []


def _record_unpickling(tag: str) -> str:
    UNPICKLED.append(tag)
    return tag


class Payload:
    """Unpickling this calls _record_unpickling: proof that a pickle was (not) executed."""

    def __reduce__(self):  # noqa: ANN204
        return (_record_unpickling, ("payload ran",))


def test_pickled_object_array_is_refused(tmp_path: Path) -> None:
    arrays = arrays_of(small_network())
    arrays["b2"] = np.array([Payload()] * 4, dtype=object)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # np.savez pickles object arrays
    path = tmp_path / "pickled.npz"
    path.write_bytes(buffer.getvalue())
    with zipfile.ZipFile(path) as z:
        assert b"payload ran" in z.read("b2.npy")  # the pickle really is in the file
    UNPICKLED.clear()
    with pytest.raises(NetcoreError) as excinfo:
        load_network(path)
    one_line_error(excinfo, path, "b2 holds pickled Python objects")
    assert UNPICKLED == []


# ---------------------------------------------------------------- the shipped network on MNIST


@pytest.fixture(scope="module")
def t10k():
    names = (SPLITS["t10k"].images, SPLITS["t10k"].labels)
    missing = [name for name in names if not (SHARED_DIR / name).is_file()]
    if missing:
        pytest.skip(f"shared MNIST data absent: {SHARED_DIR} lacks {', '.join(missing)}")
    return load_split("t10k", SHARED_DIR)


def test_shipped_weights_accuracy_on_t10k(shipped: Network, t10k) -> None:
    assert len(t10k.labels) == 10_000
    correct = int(np.sum(shipped.forward(t10k.inputs()).prediction == t10k.labels))
    accuracy = correct / len(t10k.labels)
    recorded = shipped.metadata.get("test_accuracy")
    assert recorded is not None, "the shipped weights file does not record its test accuracy"
    assert accuracy == pytest.approx(recorded, abs=1e-6), f"measured {accuracy}, metadata says {recorded}"
    assert accuracy >= 0.95, f"shipped network gets {accuracy:.2%} on t10k, below 95%"


def test_shipped_weights_record_the_data_they_used(shipped: Network, t10k) -> None:
    recorded = shipped.metadata.get("data_sha256", {})
    for name, digest in t10k.sha256.items():
        assert recorded.get(name) == digest
