"""mkdocs hook: the API reference shows the public constants as their values, computed at build time.

mkdocstrings shows an attribute's source (a dict comprehension, say); the marker
``<!-- constants -->`` in api.md becomes the values themselves, so the page cannot go stale.
"""

from __future__ import annotations

import html

MARKER = "<!-- constants -->"


def _cell(value: object) -> str:
    return html.escape(str(value)).replace("|", "&#124;").replace("\n", " ")


def constants_markdown() -> str:
    """The constants of ``boundcalc`` and ``boundcalc.tables``, as Markdown."""
    import boundcalc
    import boundcalc.tables

    lines = [
        f"- `boundcalc.STATUSES` = `{boundcalc.STATUSES!r}`: the status labels, strongest first.",
        f"- `boundcalc.tables.FORMATS` = `{boundcalc.tables.FORMATS!r}`: what `render` writes.",
        f"- `boundcalc.REGISTRY`: {len(boundcalc.REGISTRY)} theorems, "
        + ", ".join(f"`{key}`" for key in boundcalc.REGISTRY)
        + ".",
        "- `boundcalc.SYMBOLS`: each input's SymPy symbol, by name: "
        + ", ".join(f"`{name}` → `{symbol}`" for name, symbol in boundcalc.SYMBOLS.items())
        + ".",
        "- `boundcalc.INPUTS`: each input the formulas read, with its meaning, kind and default:",
        "",
        "| name | meaning | kind | default |",
        "|---|---|---|---|",
    ]
    for name, spec in boundcalc.INPUTS.items():
        lines.append(f"| `{name}` | {_cell(spec.meaning)} | {_cell(spec.kind)} | {_cell(spec.default_text or '—')} |")
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri == "api.md" and MARKER in markdown:
        return markdown.replace(MARKER, constants_markdown())
    return markdown
