"""The cite command: records of entries (and of boundcalc itself), ready for a paper's bibliography."""

from __future__ import annotations

import click

from boundcalc.cli.options import bound_file_option
from boundcalc.render.citations import FORMATS


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="bibtex",
    show_default=True,
    help="bibtex (natbib), biblatex, or csl-json (Zotero, pandoc)",
)
@bound_file_option
def cite_command(keys: tuple[str, ...], fmt: str, bound_files: tuple[str, ...]) -> None:
    """Records of the entries named, each publication once (e.g. boundcalc cite als19-gd du19-2layer);
    `boundcalc cite boundcalc` gives boundcalc's own record, with its version, to cite beside them."""
    from boundcalc.tables import cite

    click.echo(cite(*keys, fmt=fmt, bound_files=bound_files), nl=False)


COMMANDS = (cite_command,)
