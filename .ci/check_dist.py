"""Check the built sdist and wheel: metadata a package index shows, data files shipped, no half test suite.

    python .ci/check_dist.py DIST_FOLDER

- the wheel holds every data file under boundcalc/ (``*.toml``, ``*.json``, ``py.typed``);
- its metadata names authors, the licence, keywords and classifiers, and its long description has
  no relative link (it is read on a package index, away from the repository);
- the sdist ships no tests (they need the repository: its docs, checks/ and conftests).
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ("*.toml", "*.json", "py.typed")
LINK = re.compile(r"\]\(([^)\s]+)\)|href=\"([^\"]+)\"")


def problems(dist: Path) -> list[str]:
    """What is wrong with the one wheel and the one sdist in ``dist``."""
    found: list[str] = []
    [wheel] = sorted(dist.glob("*.whl"))
    [sdist] = sorted(dist.glob("*.tar.gz"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        [metadata_name] = [name for name in names if name.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    package = ROOT / "boundcalc"
    for pattern in DATA:
        for path in package.rglob(pattern):
            name = path.relative_to(ROOT).as_posix()
            if "__pycache__" not in name and name not in names:
                found.append(f"the wheel lacks {name}")
    for field in ("Author", "License-Expression", "Keywords", "Classifier", "Requires-Python"):
        if not metadata.get_all(field):
            found.append(f"the wheel's metadata has no {field}")
    description = metadata.get_payload() or ""
    if not description.strip():
        found.append("the wheel's metadata has no long description")
    for match in LINK.finditer(description):
        target = match.group(1) or match.group(2)
        if not re.match(r"^[a-z]+://", target):
            found.append(f"the long description links to {target!r}, which is relative")
    with tarfile.open(sdist) as archive:
        shipped_tests = [name for name in archive.getnames() if re.search(r"/tests/|/conftest\.py$", name)]
    if shipped_tests:
        found.append(f"the sdist ships tests without what they need: {shipped_tests[:3]}")
    return found


if __name__ == "__main__":
    wrong = problems(Path(sys.argv[1]))
    for line in wrong:
        print(f"check_dist: {line}", file=sys.stderr)
    sys.exit(1 if wrong else 0)
