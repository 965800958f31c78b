"""The cite command: BibTeX records of entries, ready for a paper's bibliography."""

from __future__ import annotations

import click

from boundcalc.cli.options import bound_file_option


@click.command("cite")
@click.argument("keys", nargs=-1, required=True)
@bound_file_option
def cite_command(keys: tuple[str, ...], bound_files: tuple[str, ...]) -> None:
    """BibTeX records of the entries named (e.g. boundcalc cite als19-gd du19-2layer), each once."""
    from boundcalc.numbers.queries import cite

    click.echo(cite(*keys, bound_files=bound_files))


COMMANDS = (cite_command,)
