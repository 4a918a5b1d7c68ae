"""The ``python -m studio`` command line: the chapter's beats and everything made from them.

User errors print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from netcore.cli import OneLineParser, add_input_options, choices_from_args, run_parsed
from netcore.files import write_atomically
from netcore.inputs import load_inputs
from storyboard.record import to_json
from storyboard.registry import BEATS, beat_named
from studio import batch, chapter, lesson, render, slides

__all__ = ["build_parser", "main"]


def cmd_beats(args: argparse.Namespace) -> None:
    """List the beats in the chapter's order: name, scene file and class."""
    name_width = max(len(beat.name) for beat in BEATS)
    file_width = max(len(beat.file) for beat in BEATS)
    for beat in BEATS:
        print(f"{beat.name:{name_width}}  {beat.file:{file_width}}  {beat.scene}")


def cmd_scene_data(args: argparse.Namespace) -> None:
    """Export a beat's record (numbers, words, steps) as JSON."""
    beat = beat_named(args.beat)
    text = to_json(beat.build(load_inputs(choices_from_args(args))))
    if args.out is None:
        sys.stdout.write(text)
    else:
        write_atomically(args.out, text.encode())
        print(f"scene data of {beat.name} written to {args.out}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = OneLineParser(prog="python -m studio", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("beats", help="list the chapter's beats in order")
    p.set_defaults(run=cmd_beats)

    p = commands.add_parser("scene-data", help="export everything a beat shows, as JSON")
    p.add_argument("beat", help="a beat name (see: python -m studio beats)")
    add_input_options(p)
    p.add_argument("--neuron", type=int, help="first-hidden-layer neuron for the neuron beats")
    p.add_argument("--out", type=Path, help="write to this file instead of standard output")
    p.set_defaults(run=cmd_scene_data)

    chapter.add_parser(commands)
    render.add_parser(commands)
    batch.add_parser(commands)
    lesson.add_parser(commands)
    slides.add_parser(commands)
    return parser


def _unwind_on_sigterm() -> None:
    """SIGTERM stops a command as Ctrl-C does: work folders are removed, a batch writes its report."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    args.argv = argv[1:]
    _unwind_on_sigterm()
    return run_parsed(args)
