"""The gradient-check view: relative error per tensor, the worst element, and heatmaps.

The heatmap is drawn with coloured text blocks, one cell per element (or per
block of elements for big tensors): the colour says how far the analytic
gradient is from the numerical one there, "·" marks elements the check did not
sample. The colours are fixed hues of medium brightness, readable on light
and dark themes alike.
"""

from __future__ import annotations

import math

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from workbench import plots, strings

# one colour per band of plots.LEVELS (green: tiny error … red: large error)
# a cell: two lower-7/8 blocks and a gap, so rows and columns stay apart
CELL = "▇▇ "
COLOURS = ("#2e7d32", "#689f38", "#9e9d24", "#f9a825", "#ef6c00", "#c62828")


def heatmap_text(error_map, max_rows: int = 6, max_cols: int = 12, blocks: plots.Blocks | None = None) -> Text:
    """The map as coloured cells; with `blocks`, each block (an LSTM gate) drawn apart under its
    label, "│" between blocks, the wrong blocks' labels in red."""
    if blocks is None:
        return _cells(plots.error_grid(error_map, max_rows, max_cols))
    matrix = plots.as_matrix(error_map)
    spans = blocks.spans(matrix.shape[1])
    width = max(1, max_cols // len(spans))  # cells per block: a cell never mixes two blocks
    grids = [plots.error_grid(matrix[:, start:stop], max_rows, width) for start, stop in spans]
    text = Text()
    for k, (grid, label) in enumerate(zip(grids, blocks.labels)):
        cells = len(CELL) * grid.shape[1] + (2 if k else 0)
        wrong = k in blocks.wrong
        text.append(f"{label}{' ✘' if wrong else ''}".center(cells), style="bold red" if wrong else "dim")
    for r in range(grids[0].shape[0]):
        text.append("\n")
        for k, grid in enumerate(grids):
            if k:
                text.append("│ ", style="bold")
            text.append_text(_cells(grid[r:r + 1]))
    return text


def _cells(grid) -> Text:
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


def gradients_renderable(result, lang: str, shown: int = 0):
    """The table of every tensor and the heatmap of one: the `shown`-th of plots.tensor_maps
    (0: the tensor the diagnosis names first)."""
    entries = plots.tensor_maps(result)
    if not entries:
        return None
    shown %= len(entries)
    rows = plots.gradient_rows(result)  # in the order of entries
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", padding=(0, 2, 0, 0))
    for key in ("ex.col.tensor", "ex.col.relative", "ex.col.worst", "ex.col.at", "ex.col.sampled"):
        table.add_column(strings.get(key, lang), justify="left" if key in ("ex.col.tensor", "ex.col.at") else "right")
    for k, (row, entry) in enumerate(zip(rows, entries)):
        style = ("bold red" if entry.wrong else "") + (" reverse" if k == shown else "")
        table.add_row(Text(f"{'▶ ' if k == shown else '  '}{entry.layer}.{row.tensor}", style=style.strip()),
                      _sci(row.relative_error), _sci(row.worst_abs), _index(row.worst_index),
                      f"{row.sampled}/{row.size}")
    entry = entries[shown]
    title = Text(f"{entry.layer}.{entry.tensor} {tuple(entry.error_map.shape)}", style="bold")
    if len(entries) > 1:
        title.append("  " + strings.get("ex.heatmap_step", lang, number=shown + 1, total=len(entries)), style="dim")
    return Group(
        Text(strings.get("ex.gradients", lang), style="bold underline"),
        table,
        Text(""),
        Text(strings.get("ex.heatmap", lang)),
        title,
        heatmap_text(entry.error_map, blocks=entry.blocks),
        legend(),
    )


class GradientView(Static):
    """Relative errors and worst elements of every gradient check's tensors, and the heatmap of
    one of them: first the one the diagnosis names; step() shows the next (], [ in the panel)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result = None
        self.lang = "en"
        self.shown = 0  # which of plots.tensor_maps(result) the heatmap shows

    def show(self, result, lang: str) -> None:
        if result is not self.result and _tensors(result) != _tensors(self.result):
            # another diagnosis: its tensor first; the same one timed afterwards keeps the learner's place
            self.shown = 0
        self.result, self.lang = result, lang
        self._draw()

    @property
    def count(self) -> int:
        """How many tensors the heatmap can show."""
        return len(plots.tensor_maps(self.result)) if self.result is not None else 0

    def step(self, by: int) -> bool:
        """Show the heatmap of the next (by=1) or previous (by=-1) tensor; False if there is none."""
        count = self.count
        if count < 2:
            return False
        self.shown = (self.shown + by) % count
        self._draw()
        return True

    @property
    def shown_tensor(self) -> str | None:
        entries = plots.tensor_maps(self.result) if self.result is not None else []
        return entries[self.shown % len(entries)].tensor if entries else None

    def _draw(self) -> None:
        renderable = gradients_renderable(self.result, self.lang, self.shown) if self.result is not None else None
        self.display = renderable is not None
        self.update(renderable if renderable is not None else "")


def _tensors(result) -> list[tuple[str, str]]:
    """Which tensors a result's heatmap steps through, in order (none for no result)."""
    return [(entry.layer, entry.tensor) for entry in plots.tensor_maps(result)] if result is not None else []
