"""The ``python -m netcore`` command line: train, inspect and run the network.

User errors print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable, NoReturn

import numpy as np

from netcore.checkpoints import CHECKPOINT_EPOCHS, make_checkpoints, save_checkpoints
from netcore.choices import Choices
from netcore.errors import NetcoreError, one_line
from netcore.files import check_writable
from netcore.inputs import SceneInputs, load_inputs
from netcore.mnist import load_split
from netcore.network import ACTIVATIONS, Network, Trace, load_network
from netcore.paths import DEFAULT_WEIGHTS, SAMPLE_FILE, checkpoints_file
from netcore.preprocess import Prepared, save_png
from netcore.samples import SAMPLE_RANGE, TRAIN_RANGE, VALIDATION_RANGE, make_sample
from netcore.train import TrainingConfig, train

__all__ = ["OneLineParser", "add_input_options", "choices_from_args", "main", "run_parsed"]


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"sizes must be comma-separated whole numbers, not {text!r}") from None
    if len(sizes) < 2 or sizes[0] != 784 or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must start with 784 inputs and have at least one more layer")
    return sizes


def _positive(kind: type[int] | type[float], zero: bool = False) -> Callable[[str], int | float]:
    """An argparse type accepting only numbers above zero (or zero too, with ``zero``)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a positive number, not {text!r}") from None
        if value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError(f"must be {'zero or more' if zero else 'above zero'}, not {text}")
        return value

    return parse


def cmd_train(args: argparse.Namespace) -> None:
    config = TrainingConfig(
        epochs=args.epochs,
        batch_size=args.batch_size,
        learning_rate=args.learning_rate,
        momentum=args.momentum,
        lmbda=args.lmbda,
        augment=not args.no_augment,
        clean_epochs=args.clean_epochs,
        seed=args.seed,
    )
    check_writable(args.out)  # before minutes of training, not after
    data, test = load_split("train10k", args.data), load_split("t10k", args.data)
    train_slice, valid_slice = slice(TRAIN_RANGE.start, TRAIN_RANGE.stop), slice(VALIDATION_RANGE.start, VALIDATION_RANGE.stop)
    validation = (data.inputs()[valid_slice], data.labels[valid_slice])
    network = Network.random(args.sizes, args.activation, seed=config.seed)
    print(f"training {'-'.join(map(str, args.sizes))} {args.activation} on {len(TRAIN_RANGE)} digits of train10k, {config.epochs} epochs")
    start = time.perf_counter()

    def report(epoch: int, seconds: float, accuracy: float) -> None:
        print(f"epoch {epoch:3d}/{config.epochs}  {seconds:5.2f} s  validation {accuracy:.2%}", flush=True)

    train(network, data.images[train_slice], data.labels[train_slice], config, report, validation)
    elapsed = time.perf_counter() - start
    test_accuracy = network.accuracy(test.inputs(), test.labels)
    network.metadata = {
        "seed": config.seed,
        "training": {k: v for k, v in vars(config).items()},
        "train_digits": f"train10k[{TRAIN_RANGE.start}:{TRAIN_RANGE.stop}]",
        "validation_digits": f"train10k[{VALIDATION_RANGE.start}:{VALIDATION_RANGE.stop}]",
        "data_sha256": {**data.sha256, **test.sha256},
        "validation_accuracy": round(network.accuracy(*validation), 6),
        "test_accuracy": round(test_accuracy, 6),
        "command": " ".join(["python -m netcore train", shlex.join(args.argv)]).strip(),
    }
    network.save(args.out)
    print(f"test accuracy {test_accuracy:.2%} on {len(test.labels)} digits of t10k")
    print(f"trained in {elapsed:.1f} s; weights written to {args.out}")


def cmd_checkpoints(args: argparse.Namespace) -> None:
    """Rerun the shipped network's training (``train``'s defaults), keeping it after a few epochs;
    with ``--sizes`` or ``--activation``, the same recipe and seed for another network."""
    config = TrainingConfig()
    epochs = tuple(e for e in CHECKPOINT_EPOCHS if e <= args.last_epoch)
    out = args.out or checkpoints_file(args.sizes, args.activation)
    check_writable(out)  # before the training, not after
    data, test = load_split("train10k", args.data), load_split("t10k", args.data)
    train_slice = slice(TRAIN_RANGE.start, TRAIN_RANGE.stop)
    network = Network.random(args.sizes, args.activation, seed=config.seed)
    name = "-".join(map(str, args.sizes))
    print(f"training {name} {args.activation} as `python -m netcore train` does; keeping epochs {', '.join(map(str, epochs))}", flush=True)
    start = time.perf_counter()
    checkpoints = make_checkpoints(network, (data.images[train_slice], data.labels[train_slice]), (test.inputs(), test.labels), config, epochs)
    checkpoints.metadata.update(
        {
            "sizes": list(args.sizes),
            "seed": config.seed,
            "training": dict(vars(config)),
            "train_digits": f"train10k[{TRAIN_RANGE.start}:{TRAIN_RANGE.stop}]",
            "test_digits": "t10k",
            "data_sha256": {**data.sha256, **test.sha256},
            "command": " ".join(["python -m netcore checkpoints", shlex.join(args.argv)]).strip(),
        }
    )
    save_checkpoints(checkpoints, out)
    for epoch, accuracy in zip(checkpoints.epochs, checkpoints.test_accuracy):
        print(f"epoch {epoch:3d}: test accuracy {accuracy:.2%}")
    print(f"trained in {time.perf_counter() - start:.1f} s; checkpoints written to {out}")


def cmd_make_sample(args: argparse.Namespace) -> None:
    data = load_split("train10k", args.data)
    sample = make_sample(data.images, data.labels, args.out)
    print(f"wrote {len(sample)} digits (train10k[{SAMPLE_RANGE.start}:{SAMPLE_RANGE.stop}]) to {args.out}")


def cmd_info(args: argparse.Namespace) -> None:
    network = load_network(args.weights)
    print(f"weights file: {args.weights}")
    print(f"layers: {' -> '.join(map(str, network.sizes))}   activation: {network.activation} (output: sigmoid)")
    for i, (w, b) in enumerate(zip(network.weights, network.biases), start=1):
        print(f"  layer {i}: W{i} {w.shape[0]}x{w.shape[1]} = {w.size:,} weights, b{i} {b.size} biases")
    weights = sum(w.size for w in network.weights)
    print(f"total: {weights:,} weights + {network.parameter_count - weights:,} biases = {network.parameter_count:,} parameters")
    for key in ("test_accuracy", "validation_accuracy", "seed"):
        if key in network.metadata:
            print(f"{key.replace('_', ' ')}: {network.metadata[key]}")


def choices_from_args(args: argparse.Namespace) -> Choices:
    return Choices(digit=args.digit, label=args.label, image=args.image, weights=args.weights, neuron=getattr(args, "neuron", None))


def add_input_options(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument("--digit", type=int, help="index in the shipped sample (default: the default digit)")
    which.add_argument("--label", type=int, help="the first sample digit with this label")
    which.add_argument("--image", type=Path, help="your own image of one digit (PNG or JPEG)")
    p.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)


def _prediction_json(inputs: SceneInputs, trace: Trace, prepared_png: Path | None) -> str:
    """``predict --json``: the digit's source, the prediction, every activation and the preprocessing steps."""
    digit = inputs.digit
    record = {
        "source": {
            "description": digit.description,
            "image": None if digit.image is None else str(digit.image),
            "sample_digit": digit.sample_index,
            "label": digit.label,
        },
        "weights": str(inputs.weights_file),
        "prediction": int(trace.prediction),
        "outputs": trace.output.tolist(),
        "hidden_layers": [a.tolist() for a in trace.activations[1:-1]],
        "page": _page_corners(digit.prepared),
        "preprocessing": [] if digit.prepared is None else [asdict(step) for step in digit.prepared.steps],
        "prepared_png": None if prepared_png is None else str(prepared_png),
    }
    return json.dumps(record, indent=2)


def _page_corners(prepared: Prepared | None) -> list[list[float]] | None:
    """The sheet of paper's corners (x, y) in the image file's pixels, clockwise from top left; None if none found."""
    if prepared is None:
        return None
    page = next((step.params for step in prepared.steps if step.name == "page"), {})
    return page.get("corners")


def cmd_predict(args: argparse.Namespace) -> None:
    inputs = load_inputs(choices_from_args(args))
    digit = inputs.digit
    if args.save_prepared is not None:
        save_png(digit.pixels, args.save_prepared)
    trace = inputs.network.forward(digit.pixels.reshape(-1))
    if args.json:
        print(_prediction_json(inputs, trace, args.save_prepared))
        return
    if args.save_prepared is not None:
        print(f"prepared 28x28 image written to {args.save_prepared}")
    print(f"{digit.description}")
    if digit.prepared is not None:
        corners = _page_corners(digit.prepared)
        where = "none found, the picture read whole" if corners is None else " ".join(f"({x:g}, {y:g})" for x, y in corners)
        print(f"page: {where}")
        print("preprocessing: " + " -> ".join(step.name for step in digit.prepared.steps))
    for layer, a in enumerate(trace.activations[1:-1], start=1):
        print(f"hidden layer {layer}: " + " ".join(f"{v:.2f}" for v in a))
    for k, v in enumerate(trace.output):
        print(f"  {k}: {v:.4f}{'  <- prediction' if k == trace.prediction else ''}")
    verdict = "" if digit.label is None else ("  (correct)" if trace.prediction == digit.label else f"  (wrong: it is a {digit.label})")
    print(f"prediction: {trace.prediction}{verdict}")


def cmd_evaluate(args: argparse.Namespace) -> None:
    network = load_network(args.weights)
    data = load_split(args.split, args.data)
    correct = int(np.sum(network.forward(data.inputs()).prediction == data.labels))
    print(f"accuracy on {args.split}: {correct / len(data.labels):.2%} ({correct} of {len(data.labels)} digits)")


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (``--help`` shows the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {one_line(f'{self.prog}: {message}')} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = OneLineParser(prog="python -m netcore", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    data_help = "MNIST directory (default: $MNIST_DIR, then ../shared/data/mnist)"

    p = commands.add_parser("train", help="train a network on train10k and write its weights")
    p.add_argument("--data", type=Path, help=data_help)
    p.add_argument("--sizes", type=_sizes, default=[784, 16, 16, 10], help="neurons per layer (default 784,16,16,10)")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="sigmoid", help="hidden-layer activation")
    p.add_argument("--epochs", type=_positive(int), default=TrainingConfig.epochs)
    p.add_argument("--batch-size", type=_positive(int), default=TrainingConfig.batch_size)
    p.add_argument("--learning-rate", type=_positive(float), default=TrainingConfig.learning_rate)
    p.add_argument("--momentum", type=float, default=TrainingConfig.momentum)
    p.add_argument("--lmbda", type=float, default=TrainingConfig.lmbda, help="L2 regularisation strength")
    p.add_argument("--seed", type=int, default=TrainingConfig.seed)
    p.add_argument("--no-augment", action="store_true", help="train on the digits as they are")
    p.add_argument("--clean-epochs", type=_positive(int, zero=True), default=TrainingConfig.clean_epochs, help="last epochs without augmentation")
    p.add_argument("--out", type=Path, default=DEFAULT_WEIGHTS)
    p.set_defaults(run=cmd_train)

    p = commands.add_parser("checkpoints", help="rerun the shipped training, saving the network after a few epochs")
    p.add_argument("--data", type=Path, help=data_help)
    p.add_argument("--last-epoch", type=_positive(int), default=CHECKPOINT_EPOCHS[-1], help="keep only the checkpoints up to this epoch, and stop there (default: all)")
    p.add_argument("--sizes", type=_sizes, default=[784, 16, 16, 10], help="neurons per layer (default 784,16,16,10)")
    p.add_argument("--activation", choices=sorted(ACTIVATIONS), default="sigmoid", help="hidden-layer activation")
    p.add_argument("--out", type=Path, help="default: assets/checkpoints/mnist-<sizes>[-<activation>]-training.npz")
    p.set_defaults(run=cmd_checkpoints)

    p = commands.add_parser("make-sample", help="write the shipped sample of held-out train10k digits")
    p.add_argument("--data", type=Path, help=data_help)
    p.add_argument("--out", type=Path, default=SAMPLE_FILE)
    p.set_defaults(run=cmd_make_sample)

    p = commands.add_parser("info", help="summarise a weights file")
    p.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)
    p.set_defaults(run=cmd_info)

    p = commands.add_parser("predict", help="run one digit through the network")
    add_input_options(p)
    p.add_argument("--save-prepared", type=Path, metavar="PNG", help="save the 28x28 input the network sees")
    p.add_argument("--json", action="store_true", help="print the prediction, activations and preprocessing steps as JSON")
    p.set_defaults(run=cmd_predict)

    p = commands.add_parser("evaluate", help="accuracy on an MNIST split")
    p.add_argument("--split", default="t10k", choices=["t10k", "train10k", "train"])
    p.add_argument("--data", type=Path, help=data_help)
    p.add_argument("--weights", type=Path, default=DEFAULT_WEIGHTS)
    p.set_defaults(run=cmd_evaluate)
    return parser


def run_parsed(args: argparse.Namespace) -> int:
    """Run a parsed command; a user error is one line on stderr and exit status 2."""
    try:
        status = args.run(args)  # a command may return its own exit status (e.g. how many items failed)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:
        # The reader (say `head`) has gone: stop quietly, as a killed `cat` would, and keep
        # Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except NetcoreError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file we were asked to read or write: a folder, no permission, a full disk
        where = f"{exc.filename}: " if exc.filename is not None else ""
        print(f"error: {one_line(where + (exc.strerror or str(exc)))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(status or 0)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    args.argv = argv[1:]
    return run_parsed(args)
