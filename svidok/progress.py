"""Progress for long work: a bar with rows per second on a terminal, periodic lines otherwise."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

__all__ = ["progress"]


@contextlib.contextmanager
def progress(
    label: str, total: int | None = None, *, unit: str = "rows", quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; shows a live bar on a terminal and a line every 10 s elsewhere."""
    if quiet:
        yield lambda n: None
        return
    console = Console(stderr=True)
    if console.is_terminal:
        columns = [
            TextColumn("{task.description}", style="bold", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        ]
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(label, total=total, rate="")
            started = time.monotonic()
            done = 0

            def advance(n: int) -> None:
                nonlocal done
                done += n
                rate = done / max(time.monotonic() - started, 1e-9)
                bar.update(task, advance=n, rate=f"{rate:,.0f} {unit}/s")

            yield advance
        return
    started = last = time.monotonic()
    done = 0

    def report(n: int) -> None:
        nonlocal done, last
        done += n
        now = time.monotonic()
        if now - last >= 10:
            last = now
            of = f"/{total:,}" if total else ""
            rate = done / max(now - started, 1e-9)
            print(
                f"{label}: {done:,}{of} {unit} ({rate:,.0f} {unit}/s)", file=sys.stderr, flush=True
            )

    yield report
