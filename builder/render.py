"""Render the HTML pages with Jinja2 (CPython only; no template engine ships to the browser)."""

from __future__ import annotations

from pathlib import Path

import jinja2


def make_environment(templates: Path) -> jinja2.Environment:
    """A Jinja2 environment where an undefined variable is an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(env: jinja2.Environment, template: str, context: dict) -> str:
    """Render one page template with ``context``."""
    return env.get_template(template).render(**context)
