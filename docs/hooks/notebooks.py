"""mkdocs hook: the notebooks of docs/notebooks, executed at build time, become pages with their output.

Each ``notebooks/NAME.ipynb`` is run by a kernel of the Python that builds the site (nbclient, offline)
and written as the page ``notebooks/NAME/``: markdown cells as they are, code as Python blocks, and
each output in its richest form — a figure as an inline PNG, a table as its HTML, LaTeX for
MathJax (served with the site), text as preformatted text, every piece of text escaped. The
``.ipynb`` stays beside it for download. A notebook that fails, or whose needs (its metadata's
``"boundcalc": {"needs": [...]}``) are not installed, fails the build: a page without its output
would show nothing. tests/project/test_notebooks.py runs the notebooks with ``execute`` as well.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import json
import os
import re
import sys
import tempfile
from pathlib import Path

KERNEL = "boundcalc-docs"
CELL_TIMEOUT = 300
_DISPLAY_MATH = re.compile(r"^\s*\$\$(.*)\$\$\s*$", re.DOTALL)
_INLINE_MATH = re.compile(r"^\s*\$(.*)\$\s*$", re.DOTALL)
_cache: dict[tuple[str, int, int], str] = {}  # `mkdocs serve` rebuilds: a notebook runs again only when it changes


def needs(path: Path) -> list[str]:
    """The modules a notebook names in its metadata as needed to run."""
    return json.loads(path.read_text(encoding="utf-8"))["metadata"].get("boundcalc", {}).get("needs", [])


def missing_needs(path: Path) -> list[str]:
    """The notebook's needs that this Python cannot import."""
    missing = []
    for module in needs(path):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            missing.append(module)
    return missing


def execute(path: Path):
    """The notebook run in its own folder by a kernel of this interpreter (no other Python is picked up)."""
    import nbformat
    from nbclient import NotebookClient

    kernels = Path(tempfile.mkdtemp(prefix="boundcalc-kernel-"))
    spec = kernels / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "boundcalc",
                "language": "python",
                # figures as PNG outputs even where the environment asks matplotlib for Agg
                "env": {"MPLBACKEND": "module://matplotlib_inline.backend_inline"},
            }
        )
    )
    notebook = nbformat.read(path, as_version=4)
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(kernels) + (os.pathsep + saved if saved else "")
    try:
        NotebookClient(
            notebook,
            kernel_name=KERNEL,
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(path.parent)}},  # relative paths resolve beside the notebook
        ).execute()
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
    return notebook


def _latex(text: str) -> str:
    display = _DISPLAY_MATH.match(text)
    inline = None if display else _INLINE_MATH.match(text)
    body = display.group(1) if display else inline.group(1) if inline else text
    return f'<div class="arithmatex notebook-output">\\[{html.escape(body.strip())}\\]</div>'


def _output(output: dict) -> str:
    kind = output["output_type"]
    if kind == "stream":
        return f'<pre class="notebook-output"><code>{html.escape(output["text"])}</code></pre>'
    if kind == "error":
        raise RuntimeError(f"{output['ename']}: {output['evalue']}")
    data = output.get("data", {})
    if "image/png" in data:
        image = "".join(data["image/png"]).replace("\n", "")
        base64.b64decode(image, validate=True)  # an inline figure, never a link to elsewhere
        alt = html.escape(data.get("text/plain", "figure"), quote=True)
        return f'<p class="notebook-output"><img src="data:image/png;base64,{image}" alt="{alt}"></p>'
    if "text/html" in data:
        return f'<div class="notebook-output">\n{data["text/html"]}\n</div>'
    if "text/latex" in data:
        return _latex(data["text/latex"])
    if "text/plain" in data:
        return f'<pre class="notebook-output"><code>{html.escape(data["text/plain"])}</code></pre>'
    return ""


def markdown(notebook, name: str) -> str:
    """The executed notebook as a Markdown page (raw HTML for the outputs)."""
    parts = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            parts.append(f"```python\n{cell.source}\n```")
            parts.extend(shown for shown in map(_output, cell.outputs) if shown)
    parts.append(f"[Download the notebook]({name}) — it runs as it is, offline, in seconds.")
    return "\n\n".join(parts) + "\n"


def page(path: Path) -> str:
    """The page of one notebook, executed now (or reused where the file has not changed)."""
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        missing = missing_needs(path)
        if missing:
            from mkdocs.exceptions import PluginError

            raise PluginError(
                f"{path.name} needs {', '.join(missing)} to run for the site: pip install -e '.[docs,check,study]'"
            )
        try:
            _cache[key] = markdown(execute(path), path.name)
        except Exception as error:  # the cell's own error, named: a page must not go out without its output
            from mkdocs.exceptions import PluginError

            raise PluginError(f"{path.name} failed to run: {error}") from error
    return _cache[key]


def on_files(files, config):
    from mkdocs.structure.files import File

    for notebook in [f for f in files if f.src_uri.startswith("notebooks/") and f.src_uri.endswith(".ipynb")]:
        text = page(Path(notebook.abs_src_path))
        files.append(File.generated(config, notebook.src_uri[: -len(".ipynb")] + ".md", content=text))
    return files
