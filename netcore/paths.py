"""Where the project's own files are, found from this package's location."""

from pathlib import Path

__all__ = ["PROJECT_ROOT", "ASSETS", "DEFAULT_WEIGHTS", "SAMPLE_FILE", "CHECKPOINTS_FILE", "CONFIG_FILE"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "assets"
DEFAULT_WEIGHTS = ASSETS / "weights" / "mnist-784-16-16-10.npz"
SAMPLE_FILE = ASSETS / "digits" / "sample.npz"
CHECKPOINTS_FILE = ASSETS / "checkpoints" / "mnist-784-16-16-10-training.npz"
CONFIG_FILE = PROJECT_ROOT / "manim.cfg"
