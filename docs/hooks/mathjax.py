"""mkdocs hook: MathJax served with the site, from the django-static-mathjax package, never from a CDN.

MathJax 3's files (``es5/``) become files of the site under ``javascripts/mathjax/``; mkdocs.yml
loads ``javascripts/mathjax.js`` (the configuration) and ``javascripts/mathjax/tex-mml-chtml.js``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

DEST = "javascripts/mathjax"
PACKAGE = "mathjax"  # django-static-mathjax's import name: MathJax 3.2, no dependencies


def mathjax_folder() -> Path:
    """The folder holding MathJax's ``tex-mml-chtml.js`` and what it loads (fonts, extensions)."""
    spec = importlib.util.find_spec(PACKAGE)  # found, not imported: its __init__ is for Django
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        es5 = Path(folder) / "static" / "mathjax" / "es5"
        if (es5 / "tex-mml-chtml.js").is_file():
            return es5
    raise PluginError("MathJax is not installed: pip install -e '.[docs]' (django-static-mathjax serves it offline)")


def on_files(files: Files, config) -> Files:
    es5 = mathjax_folder()
    for path in sorted(es5.rglob("*")):
        if path.is_file():
            files.append(File.generated(config, f"{DEST}/{path.relative_to(es5).as_posix()}", abs_src_path=str(path)))
    return files
