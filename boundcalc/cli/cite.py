"""The cite command: BibTeX records of entries, ready for a paper's bibliography."""

from __future__ import annotations

import click

from boundcalc.cli.options import bound_file_option
from boundcalc.errors import InputError
from boundcalc.theory.registry import registry_with
from boundcalc.theory.sources.bibliography import CITATIONS, REFERENCES


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@bound_file_option
def cite_command(keys: tuple[str, ...], bound_files: tuple[str, ...]) -> None:
    """BibTeX records of the entries named (e.g. boundcalc cite als19-gd du19-2layer), each once."""
    registry = registry_with(bound_files)
    chosen: list[str] = []
    for key in keys:
        registry[key]  # an unknown key is refused with a suggestion
        if key not in CITATIONS:
            raise InputError(f"{key} has no publication to cite (source: {registry[key].source})")
        if CITATIONS[key] not in chosen:
            chosen.append(CITATIONS[key])
    click.echo("\n\n".join(REFERENCES[citation].bibtex() for citation in chosen))


COMMANDS = (cite_command,)
