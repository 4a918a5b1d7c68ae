"""What preprocessing did to a student's picture, in a few short phrases for the screen."""

from __future__ import annotations

from collections.abc import Iterable

from netcore.steps import Step

__all__ = ["preparation_phrases"]

# Paper whose colour channels differ by more than this fraction of the brightest is tinted (or lit by a cast).
_TINTED = 0.08


def _phrase(step: Step) -> str | None:
    """One phrase for a step that changed the picture; None for a step that did not (or only read it)."""
    params = step.params
    if step.name == "transparency":
        return f"transparent background made {params['filled_with']}"
    if step.name == "page" and "corners" in params:
        return "page found and flattened"
    if step.name == "colour":
        return _colour_phrase(params)
    if step.name == "polarity" and params["ink"] == "light on dark":
        return "light ink on dark: ink taken as 1"
    if step.name == "paper" and params["light"] == "uneven":
        return "uneven light evened out"
    if step.name == "lines":
        count = int(params.get("lines_across", 0)) + int(params.get("lines_down", 0))
        return f"{count} paper line{'s' if count != 1 else ''} removed"
    if step.name == "digit" and int(params["specks_removed"]) + int(params["stray_lines_removed"]) > 0:
        marks = int(params["specks_removed"]) + int(params["stray_lines_removed"])
        return f"{marks} stray mark{'s' if marks != 1 else ''} removed"
    if step.name == "strokes" and params["action"] in ("widened", "thinned"):
        return f"strokes {params['action']} to MNIST's width"
    if step.name == "fit":
        return f"scaled to fit {params['box']}\u00d7{params['box']} pixels"
    if step.name == "centre":
        return f"centred by its mass in {params['field']}\u00d7{params['field']}"
    return None


def _colour_phrase(params: dict) -> str | None:
    """What dividing out the paper's colour did, if it did something to see: a tint, a colour ink, noise."""
    paper = [float(v) for v in params["paper"]]
    parts = []
    if max(paper) - min(paper) > _TINTED * max(paper):
        parts.append("paper's tint removed")
    if params.get("grey_from") == "darkest channel":
        parts.append("ink read in its darkest colour")
    if float(params["smoothed"]) > 0:
        parts.append("noise smoothed")
    return ", ".join(parts) or None


def preparation_phrases(steps: Iterable[Step]) -> list[str]:
    """The steps that changed a picture on its way to the network, in order, as short phrases."""
    return [phrase for phrase in map(_phrase, steps) if phrase is not None]
