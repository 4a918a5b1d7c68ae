"""How long the network's arithmetic takes: forward passes, and training to 95% on the test set.

Run from the project root, offline:  .venv/bin/python bench/compute.py [--repeats N] [--target 0.95]

The training run is ``python -m netcore train``'s default recipe on the same
8,500 digits; after every epoch (outside the timing) the network is scored on
the official test set, and the training seconds until it first reaches the
target are printed with the final accuracy.

It needs the MNIST files (t10k and train10k) in $MNIST_DIR or ../shared/data/mnist.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script from anywhere

from netcore.errors import NetcoreError  # noqa: E402
from netcore.mnist import load_split  # noqa: E402
from netcore.network import Network, load_network  # noqa: E402
from netcore.paths import DEFAULT_WEIGHTS  # noqa: E402
from netcore.samples import TRAIN_RANGE  # noqa: E402
from netcore.train import TrainingConfig, augment, train  # noqa: E402


def best_of(repeats: int, run) -> float:  # noqa: ANN001
    """The shortest of ``repeats`` wall-clock timings of ``run()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def digit_by_digit(network: Network, inputs: np.ndarray) -> np.ndarray:
    """Predictions one digit at a time, with a plain Python loop over the layers."""
    predictions = np.empty(len(inputs), dtype=np.int64)
    layers = [(w, b, network.layer_activation(i).f) for i, (w, b) in enumerate(zip(network.weights, network.biases), start=1)]
    for n, a in enumerate(inputs):
        for w, b, f in layers:
            a = f(w @ a + b)
        predictions[n] = int(np.argmax(a))
    return predictions


def training_run(images: np.ndarray, labels: np.ndarray, config: TrainingConfig, test: tuple[np.ndarray, np.ndarray]) -> list[tuple[float, float]]:
    """(training seconds, test accuracy) after each epoch of training a fresh 784-16-16-10 network."""
    epochs: list[tuple[float, float]] = []
    network = Network.random([784, 16, 16, 10], seed=config.seed)
    train(network, images, labels, config, lambda epoch, s, acc: epochs.append((s, acc)), test)
    return epochs


def time_to(target: float, epochs: list[tuple[float, float]]) -> tuple[int, float] | None:
    """The first epoch whose test accuracy reaches ``target`` and the training seconds until then."""
    elapsed = 0.0
    for epoch, (seconds, accuracy) in enumerate(epochs, start=1):
        elapsed += seconds
        if accuracy >= target:
            return epoch, elapsed
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="timings per batch measurement (best is kept)")
    parser.add_argument("--epochs", type=int, default=2, help="epochs timed without augmentation")
    parser.add_argument("--target", type=float, default=0.95, help="test accuracy the training run is timed to")
    parser.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)
    args = parser.parse_args()
    try:
        network = load_network(args.weights)
        test = load_split("t10k")
        data = load_split("train10k")
    except NetcoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    inputs = test.inputs()
    n = len(inputs)
    batch = best_of(args.repeats, lambda: network.forward(inputs))
    loop = best_of(max(1, args.repeats // 3), lambda: digit_by_digit(network, inputs))
    same = np.array_equal(network.forward(inputs).prediction, digit_by_digit(network, inputs))

    train_images = data.images[TRAIN_RANGE.start : TRAIN_RANGE.stop]
    train_labels = data.labels[TRAIN_RANGE.start : TRAIN_RANGE.stop]
    config = TrainingConfig()
    augment_time = best_of(3, lambda: augment(train_images, np.random.default_rng(0)))
    cpu_start = time.process_time()
    run = training_run(train_images, train_labels, config, (inputs, test.labels))
    cpu = time.process_time() - cpu_start  # less sensitive than wall time to other users of the machine
    without_aug = [s for s, _ in training_run(train_images, train_labels, replace(config, epochs=args.epochs, augment=False), (inputs, test.labels))]
    reached = time_to(args.target, run)

    steps = -(-len(train_images) // config.batch_size)
    epoch_times = [s for s, _ in run]
    distorted = epoch_times[: config.epochs - config.clean_epochs]
    print(f"network {'-'.join(map(str, network.sizes))} {network.activation}, {network.parameter_count:,} parameters ({args.weights.name})")
    print(f"numpy {np.__version__}; best of {args.repeats} runs for the batch, best of {max(1, args.repeats // 3)} for the loop")
    print()
    print(f"{'forward pass, ' + format(n, ',') + ' t10k digits':<46}{'seconds':>10}{'µs / digit':>12}")
    print(f"{'  one batch (matrix products)':<46}{batch:>10.4f}{1e6 * batch / n:>12.2f}")
    print(f"{'  digit by digit (Python loop over layers)':<46}{loop:>10.4f}{1e6 * loop / n:>12.2f}")
    print(f"{'  ratio loop / batch':<46}{loop / batch:>10.1f}x")
    print(f"{'  same predictions both ways':<46}{'yes' if same else 'NO':>10}")
    print()
    print(f"training, train10k[0:8500], default recipe: {config.epochs} epochs, batch {config.batch_size}, {steps} steps an epoch,")
    print(f"  lr {config.learning_rate} (cosine), momentum {config.momentum}, lmbda {config.lmbda}, seed {config.seed}")
    print(f"{'':<46}{'best s':>10}{'mean s':>8}")
    print(f"{'  one epoch, augmentation on':<46}{min(distorted):>10.2f}{np.mean(distorted):>8.2f}")
    print(f"{'  one epoch, augmentation off':<46}{min(without_aug):>10.2f}{np.mean(without_aug):>8.2f}")
    print(f"{'  of which augment() alone (8,500 images)':<46}{augment_time:>10.2f}")
    print(f"  all {config.epochs} epochs ({config.clean_epochs} without augmentation): {sum(epoch_times):.1f} s of training,")
    print(f"  {cpu:.1f} s of CPU with the test-set scoring; final test accuracy {run[-1][1]:.2%}")
    if reached is None:
        print(f"  test accuracy never reached {args.target:.2%} (best {max(a for _, a in run):.2%})")
    else:
        print(f"  time to {args.target:.2%} on t10k: {reached[1]:.1f} s (epoch {reached[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
