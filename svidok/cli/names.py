"""Names across scripts: explain and search."""

from __future__ import annotations

import json

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._base import Context, cli, pass_context

__all__: list[str] = []


@cli.group()
def names() -> None:
    """Names across scripts: parts, nominatives, transliterations, keys; search."""


@names.command("explain")
@click.argument("name")
@click.option(
    "--order",
    type=click.Choice(["auto", "surname_first", "given_first"]),
    default="auto",
    show_default=True,
    help="How the name is written, if known.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def names_explain(name: str, order: str, as_json: bool) -> None:
    """Show how Svidok reads NAME: parts, nominatives, Latin variants and linkage keys."""
    from ..names import analyze

    data = analyze(name, order).to_json()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    out = Console(highlight=False, markup=False)
    parts = data["parts"]
    out.print(Text.assemble((name, "bold"), f"  (order: {data['order']})"))
    for slot in ("surname", "given", "patronymic"):
        if parts[slot]:
            lemmas = ", ".join(data["lemmas"].get(slot, []))
            out.print(f"  {slot:<10} {parts[slot]:<20} nominative: {lemmas}")
    if parts["initials"]:
        out.print(f"  initials   {' '.join(parts['initials'])}")
    out.print("  scripts    " + ", ".join(f"{t['text']}: {t['script']}" for t in data["tokens"]))
    for slot, forms in data["variants"].items():
        out.print(
            f"  {slot} in Latin: {', '.join(forms[:16])}" + (" ..." if len(forms) > 16 else "")
        )
    keys = data["keys"]
    out.print(f"  canonical  {keys['canonical']}")
    for key in ("surname", "surname_skeleton", "surname_phonetic", "given", "patronymic"):
        out.print(f"  {key:<17} {', '.join(keys[key])}")


@names.command("search")
@click.argument("query")
@click.option("--limit", default=20, show_default=True)
@pass_context
def names_search(ctx: Context, query: str, limit: int) -> None:
    """Find person records whose name can be QUERY's, in any script."""
    from ..names import NameIndex

    index = NameIndex()
    with ctx.store() as store:
        for person in store.scan("person"):
            name = person.get("name")
            if name is not None:
                index.add(person.id, name.full)
    matches = index.search(query, limit=limit)
    if not matches:
        click.echo(f"No names fit {query!r} among {len(index)} named person records.")
        return
    table = Table(box=box.SIMPLE)
    for column in ("Person", "Name as written", "Fit", "Why"):
        table.add_column(column)
    for m in matches:
        table.add_row(m.id, m.name, f"{m.score:.2f}", m.comparison.reason)
    ctx.out.print(table)
