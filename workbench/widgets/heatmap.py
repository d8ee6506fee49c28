"""The gradient-check view: relative error per tensor, the worst element, and heatmaps.

The heatmap is drawn with coloured text blocks, one cell per element (or per
block of elements for big tensors): the colour says how far the analytic
gradient is from the numerical one there, "·" marks elements the check did not
sample. The colours are fixed hues of medium brightness, readable on light
and dark themes alike.
"""

from __future__ import annotations

import math

from rich.columns import Columns
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from workbench import plots, strings

# one colour per band of plots.LEVELS (green: tiny error … red: large error)
# a cell: two lower-7/8 blocks and a gap, so rows and columns stay apart
CELL = "▇▇ "
COLOURS = ("#2e7d32", "#689f38", "#9e9d24", "#f9a825", "#ef6c00", "#c62828")


def heatmap_text(error_map, max_rows: int = 6, max_cols: int = 12) -> Text:
    grid = plots.error_grid(error_map, max_rows, max_cols)
    text = Text()
    for r, row in enumerate(grid):
        if r:
            text.append("\n")
        for value in row:
            band = plots.level(value)
            if band is None:
                text.append(" · ", style="dim")
            else:
                text.append(CELL, style=COLOURS[band])
    return text


def legend() -> Text:
    text = Text()
    labels = ["<1e-12"] + [f"<{edge:.0e}".replace("e-0", "e-") for edge in plots.LEVELS[1:]] + [
        f"≥{plots.LEVELS[-1]:.0e}".replace("e-0", "e-")]
    for colour, label in zip(COLOURS, labels):
        text.append(CELL.strip(), style=colour)
        text.append(f" {label}  ")
    return text


def _index(index) -> str:
    return "—" if index is None else "[" + ", ".join(str(i) for i in index) + "]"


def _sci(value) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.1e}"


def gradients_renderable(result, lang: str):
    rows = plots.gradient_rows(result)
    if not rows:
        return None
    failing = {c.name for c in result.checks if not c.passed}
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    for key in ("ex.col.tensor", "ex.col.relative", "ex.col.worst", "ex.col.at", "ex.col.sampled"):
        table.add_column(strings.get(key, lang), justify="left" if key in ("ex.col.tensor", "ex.col.at") else "right")
    maps = []
    for row in rows:
        layer = row.check.split(":", 1)[-1].strip()
        style = "bold red" if row.check in failing else ""
        table.add_row(Text(f"{layer}.{row.tensor}", style=style), _sci(row.relative_error), _sci(row.worst_abs),
                      _index(row.worst_index), f"{row.sampled}/{row.size}")
        map_ = next(errors.maps[row.tensor] for check, errors in plots.gradient_errors(result)
                    if check == row.check and row.tensor in errors.maps)
        title = Text(f"{layer}.{row.tensor} {tuple(row.shape)}\n", style="bold")
        maps.append(Text.assemble(title, heatmap_text(map_)))
    return Group(
        Text(strings.get("ex.gradients", lang), style="bold underline"),
        table,
        Text(""),
        Text(strings.get("ex.heatmap", lang)),
        Columns(maps, padding=(0, 3)),
        legend(),
    )


class GradientView(Static):
    """Relative errors, worst elements and heatmaps of every gradient check of a result."""

    def show(self, result, lang: str) -> None:
        renderable = gradients_renderable(result, lang) if result is not None else None
        self.display = renderable is not None
        self.update(renderable if renderable is not None else "")
