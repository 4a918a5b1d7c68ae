"""Orchestration: everything made from the beats, behind one command line (``python -m studio``).

It exports records, renders beats (one process and one media folder per
render), joins the chapter, and builds lessons and class batches. It may
import ``netcore``, ``storyboard`` and call Manim; nothing below imports it.
"""
