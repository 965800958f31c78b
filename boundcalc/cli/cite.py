"""The cite command: records of entries (and of boundcalc itself), ready for a paper's bibliography."""

from __future__ import annotations

import click

from boundcalc.cli.options import bound_file_option
from boundcalc.errors import InputError
from boundcalc.render.citations import FORMATS, written
from boundcalc.theory.registry import registry_with
from boundcalc.theory.sources.bibliography import BOUNDCALC, CITATIONS, REFERENCES


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
    registry = registry_with(bound_files)
    chosen = []
    for key in keys:
        if key == "boundcalc":
            reference = BOUNDCALC
        else:
            registry[key]  # an unknown key is refused with a suggestion
            if key not in CITATIONS:
                raise InputError(f"{key} has no publication to cite (source: {registry[key].source})")
            reference = REFERENCES[CITATIONS[key]]
        if reference not in chosen:
            chosen.append(reference)
    click.echo(written(chosen, fmt), nl=False)


COMMANDS = (cite_command,)
