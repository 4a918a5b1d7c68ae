"""The class's gallery page: one row per student, linking to the files in the output folder.

Everything it shows sits in the output folder and is linked by relative
path, so the page works from a USB stick or any web server, with no external
URL. Names and messages are escaped (Jinja2's autoescape).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

__all__ = ["gallery_html"]

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,  # a missing field is a bug, not an empty cell
)


def gallery_html(students: list[dict[str, Any]], title: str, summary: str) -> str:
    """The page for the report's student entries."""
    return _TEMPLATES.get_template("gallery.html").render(students=students, title=title, summary=summary)
