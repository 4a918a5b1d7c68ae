"""Where the project's own files are, found from this package's location."""

from pathlib import Path

__all__ = ["PROJECT_ROOT", "ASSETS", "DEFAULT_WEIGHTS", "SAMPLE_FILE", "CHECKPOINTS_FILE", "CONFIG_FILE", "checkpoints_file"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "assets"
DEFAULT_WEIGHTS = ASSETS / "weights" / "mnist-784-16-16-10.npz"
SAMPLE_FILE = ASSETS / "digits" / "sample.npz"
CHECKPOINTS_FILE = ASSETS / "checkpoints" / "mnist-784-16-16-10-training.npz"
CONFIG_FILE = PROJECT_ROOT / "manim.cfg"


def checkpoints_file(sizes: list[int], activation: str) -> Path:
    """The shipped checkpoints of a network trained with the shipped recipe: the chapter's own
    (784-16-16-10 sigmoid) is :data:`CHECKPOINTS_FILE`, others name their activation too."""
    name = "-".join(map(str, sizes))
    if activation == "sigmoid" and name == "784-16-16-10":
        return CHECKPOINTS_FILE
    return ASSETS / "checkpoints" / f"mnist-{name}-{activation}-training.npz"
