"""Pictures of a grading result, free of UI: numbers for the terminal, PNGs for a viewer.

The terminal widgets draw from :func:`gradient_rows` and :func:`error_grid` (and a demo's
attention map from :func:`attention_text`);
:func:`save_pictures` writes sharper matplotlib versions (Agg backend, no
pyplot global state, so it is safe in a worker thread) into
``.workbench/plots/`` of the workspace.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy

from autograder.figures import AttentionMap, Curve, GradientErrors

# |analytic − numeric| thresholds of the heatmap colours (one more colour above the last)
LEVELS = (1e-12, 1e-10, 1e-8, 1e-6, 1e-4)


@dataclass
class GradientRow:
    check: str
    tensor: str
    relative_error: float
    worst_index: tuple[int, ...] | None  # where |analytic − numeric| is largest
    worst_abs: float | None
    shape: tuple[int, ...]
    sampled: int
    size: int


def gradient_errors(result) -> list[tuple[str, GradientErrors]]:
    """(check name, its GradientErrors) of every check with an error map to draw."""
    found = [(c.name, c.figure(GradientErrors)) for c in result.checks]
    return [(name, errors) for name, errors in found if errors is not None and errors.maps]


@dataclass
class Blocks:
    """Column blocks of a stacked tensor (an LSTM's four gates in dWx): where to draw the lines."""

    labels: list[str]  # one per block, left to right ("f", "g", "i", "o")
    wrong: set[int]  # the blocks the diagnosis found wrong

    def spans(self, columns: int) -> list[tuple[int, int]]:
        """[start, stop) of each block's columns, split as numpy.array_split splits them."""
        edges = numpy.cumsum([0] + [len(part) for part in numpy.array_split(numpy.arange(columns), len(self.labels))])
        return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


@dataclass
class TensorMap:
    """One tensor's |analytic − numeric| map, as the pictures show it."""

    check: str
    tensor: str
    error_map: numpy.ndarray
    wrong: bool  # a check of the result found this tensor wrong
    blocks: Blocks | None = None  # its column blocks, when the diagnosis names wrong ones

    @property
    def layer(self) -> str:
        return self.check.split(":", 1)[-1].strip()


def tensor_maps(result) -> list[TensorMap]:
    """Every error map of the result, the tensor the diagnosis names first ahead of the rest.

    The backward check's details say which tensors are wrong (in the order its message names
    them) and, for stacked weights, which column blocks: those maps come first, the one whose
    blocks are named first of all, then the gradient check's own wrong tensors, then the others.
    """
    backward = {c.symbol: c.details for c in result.checks
                if c.kind == "backward" and not c.passed and c.details.get("wrong")}
    maps = []
    for check in result.checks:
        errors = check.figure(GradientErrors)
        if errors is None or not errors.maps:
            continue
        details = backward.get(check.symbol, {})
        named = details.get("blocks") or {}
        blocked = list(named.get("tensors", ()))
        wrong = list(details.get("wrong", ())) + list(check.details.get("wrong", ()))
        axis = named.get("axis", -1)
        for tensor, error_map in errors.maps.items():
            error_map = numpy.asarray(error_map, dtype=float)
            blocks = None
            if tensor in blocked and error_map.ndim >= 1 and axis in (-1, error_map.ndim - 1):
                blocks = Blocks([str(label) for label in named.get("labels", ())], set(named.get("wrong", ())))
            maps.append(((0 if tensor in blocked else 1 if tensor in wrong else 2,
                          blocked.index(tensor) if tensor in blocked else wrong.index(tensor) if tensor in wrong
                          else 0, len(maps)),
                         TensorMap(check.name, tensor, error_map, tensor in wrong, blocks)))
    return [entry for _, entry in sorted(maps, key=lambda pair: pair[0])]


def gradient_rows(result) -> list[GradientRow]:
    """One row per tensor, in the order of tensor_maps (the one the diagnosis names first)."""
    rows = []
    errors = dict(gradient_errors(result))
    for entry in tensor_maps(result):
        error_map = entry.error_map
        finite = numpy.isfinite(error_map)
        index = worst = None
        if finite.any():
            flat = numpy.where(finite, error_map, -numpy.inf).reshape(-1)
            pos = int(numpy.argmax(flat))
            index = tuple(int(i) for i in numpy.unravel_index(pos, error_map.shape))
            worst = float(flat[pos])
        rows.append(GradientRow(entry.check, entry.tensor, float(errors[entry.check].errors.get(entry.tensor, math.nan)),
                                index, worst, tuple(error_map.shape), int(finite.sum()), int(error_map.size)))
    return rows


def as_matrix(error_map) -> numpy.ndarray:
    """A tensor's error map as 2-D: scalars 1×1, vectors one row, N-D rows × last axis."""
    array = numpy.asarray(error_map, dtype=float)
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(1, -1)
    return array.reshape(-1, array.shape[-1])


def error_grid(error_map, max_rows: int = 8, max_cols: int = 16) -> numpy.ndarray:
    """At most max_rows × max_cols cells, each the largest error of its block (NaN: none sampled)."""
    matrix = as_matrix(error_map)
    rows, cols = matrix.shape
    step_r = max(1, math.ceil(rows / max_rows))
    step_c = max(1, math.ceil(cols / max_cols))
    out_r, out_c = math.ceil(rows / step_r), math.ceil(cols / step_c)
    grid = numpy.full((out_r, out_c), numpy.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks stay NaN
        for i in range(out_r):
            for j in range(out_c):
                block = matrix[i * step_r:(i + 1) * step_r, j * step_c:(j + 1) * step_c]
                if numpy.isfinite(block).any():
                    grid[i, j] = numpy.nanmax(block)
    return grid


def level(value: float) -> int | None:
    """Which colour band an absolute error falls in: 0 (tiny) … len(LEVELS) (large); None for NaN."""
    if value is None or not math.isfinite(value):
        return None
    for i, edge in enumerate(LEVELS):
        if value < edge:
            return i
    return len(LEVELS)


def curve_of(result) -> Curve | None:
    """The first training curve of the result (the loss per epoch, a perplexity …), or None."""
    return next((c.figure(Curve) for c in result.checks if c.figure(Curve) is not None), None)


# -- matplotlib PNGs -------------------------------------------------------------------

def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from workbench import fonts

    fonts.use_in_matplotlib()  # Chinese titles and labels (DejaVu Sans has none)
    figure = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(figure)
    return figure


def wrap_title(text: str, width_inches: float, fontsize: float) -> str:
    """`text` broken at spaces into lines that fit `width_inches` at `fontsize` points (a title
    matplotlib would otherwise cut at the figure's edge); a wide (CJK) character counts twice."""
    from workbench.cjk import is_wide

    room = max(8, int(width_inches * 72 / (fontsize * 0.62)))  # an average Latin glyph: 0.62 em at most
    lines, line = [], ""
    for word in (w for w in text.split(" ") if w):  # a no-break space (inside a shape) holds
        candidate = f"{line} {word}" if line else word
        if line and sum(2 if is_wide(ch) else 1 for ch in candidate) > room:
            lines.append(line)
            line = word
        else:
            line = candidate
    return "\n".join(lines + [line])


def gradient_figure(result):
    """The matplotlib figure of every gradient check's |analytic − numeric| map (None: no maps),
    the tensor the diagnosis names first at the top left, column blocks (gates) marked."""
    entries = tensor_maps(result)
    if not entries:
        return None
    from matplotlib.colors import LogNorm
    from matplotlib.ticker import MaxNLocator

    cols = min(3, len(entries))
    lines = math.ceil(len(entries) / cols)
    width, fontsize = 3.6 * cols, 8
    figure = _figure(width, 2.9 * lines + 0.7)
    figure.suptitle(wrap_title(f"{result.exercise}: |analytic − numeric| per element (white: not sampled)",
                               width - 0.4, 9), fontsize=9)
    for k, entry in enumerate(entries):
        ax = figure.add_subplot(lines, cols, k + 1)
        matrix = as_matrix(entry.error_map)
        shown = numpy.where(numpy.isfinite(matrix), numpy.maximum(matrix, 1e-16), numpy.nan)
        image = ax.imshow(shown, cmap="RdYlGn_r", norm=LogNorm(vmin=1e-14, vmax=1e-2),
                          aspect="auto", interpolation="nearest")
        title = f"{entry.layer} {entry.tensor} " + str(tuple(entry.error_map.shape)).replace(" ", "\u00a0")
        ax.set_title(wrap_title(title, width / cols - 0.9, fontsize), fontsize=fontsize,
                     color="#c62828" if entry.wrong else "black", pad=16 if entry.blocks is not None else 6)
        ax.tick_params(labelsize=6)
        # ticks are element indices: whole numbers only, even along an axis of length 1 (a bias,
        # a one-row batch), where the locator would otherwise step by 0.1 between −0.5 and 0.5
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        if entry.blocks is not None:
            _mark_blocks(ax, entry.blocks, matrix.shape[1])
        figure.colorbar(image, ax=ax, shrink=0.8).ax.tick_params(labelsize=6)
    figure.tight_layout()
    return figure


def _mark_blocks(ax, blocks: Blocks, columns: int) -> None:
    """Lines between the blocks, and each block's label above it (the wrong ones red and boxed)."""
    spans = blocks.spans(columns)
    for start, _ in spans[1:]:
        ax.axvline(start - 0.5, color="black", linewidth=1.2)
    for k, ((start, stop), label) in enumerate(zip(spans, blocks.labels)):
        wrong = k in blocks.wrong
        ax.text((start + stop - 1) / 2, 1.02, label, transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=8, fontweight="bold" if wrong else "normal", color="#c62828" if wrong else "#444444",
                bbox=dict(boxstyle="round,pad=0.15", fc="none", ec="#c62828") if wrong else None)


def save_gradient_heatmaps(result, path: Path) -> Path | None:
    figure = gradient_figure(result)
    return None if figure is None else _write(figure, path)


def save_loss_curve(result, path: Path) -> Path | None:
    curve = curve_of(result)
    if curve is None:
        return None
    figure = _figure(6, 3.6)
    ax = figure.add_subplot(1, 1, 1)
    ax.plot(numpy.arange(1, len(curve.values) + 1), curve.values, label="yours")
    if curve.reference is not None and curve.reference.size:
        ax.plot(numpy.arange(1, len(curve.reference) + 1), curve.reference, "--", label="reference")
    ax.set_xlabel(curve.step)
    ax.set_ylabel(curve.kind)
    ax.set_title(f"{result.exercise}: training {curve.kind}")
    ax.legend()
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return _write(figure, path)


# shades of an attention weight in the terminal, from 0 to 1 (the PNG's grey scale, black to white)
SHADES = " .:-=+*#%@"


def attention_text(attention: AttentionMap) -> str:
    """The map as characters: one line per query (its label first), one shade per key, the keys'
    labels above; a weight of w gets SHADES[round(w · 9)]."""
    weights = numpy.clip(numpy.nan_to_num(attention.weights), 0.0, 1.0)
    rows = attention.rows or tuple(str(i) for i in range(weights.shape[0]))
    width = max(len(r) for r in rows)
    header = " " * (width + 1) + " ".join(c if attention.columns else "" for c in attention.columns)
    lines = [header.rstrip()] if attention.columns else []
    for label, row in zip(rows, weights):
        cells = " ".join(SHADES[int(round(w * (len(SHADES) - 1)))] for w in row)
        lines.append(f"{label:>{width}} {cells}".rstrip())
    return "\n".join(lines)


def attention_figure(attention: AttentionMap, title: str = ""):
    """The map as the book's visualize_attention.py draws it: weight 0 black, 1 white, keys across,
    queries down; the reference's beside it when there is one."""
    panels = [attention.weights] + ([attention.reference] if attention.reference is not None else [])
    rows, cols = attention.weights.shape
    figure = _figure(min(3.0 + 0.28 * cols, 11) * len(panels), 1.2 + 0.32 * rows)
    for k, weights in enumerate(panels):
        ax = figure.add_subplot(1, len(panels), k + 1)
        image = ax.pcolormesh(weights, cmap="Greys_r", vmin=0.0, vmax=1.0)
        ax.invert_yaxis()
        ax.set_xticks(numpy.arange(cols) + 0.5)
        ax.set_xticklabels(attention.columns or [str(i) for i in range(cols)], fontsize=8)
        ax.set_yticks(numpy.arange(rows) + 0.5)
        ax.set_yticklabels(attention.rows or [str(i) for i in range(rows)], fontsize=8)
        ax.tick_params(length=0)
        heading = title if k == 0 else "reference"
        if heading:
            ax.set_title(wrap_title(heading, figure.get_figwidth() / len(panels), 9), fontsize=9)
        figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    figure.tight_layout()
    return figure


def save_attention_map(attention: AttentionMap, path: Path, title: str = "") -> Path:
    return _write(attention_figure(attention, title), path)


def _write(figure, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".png", dir=path.parent)
    os.close(fd)
    try:
        figure.savefig(tmp, format="png")
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def pictures_key(result) -> str | None:
    """A digest of everything the PNGs of `result` would show (None: it has no pictures).

    Equal keys mean equal pictures, so a verdict that changes nothing need not redraw them.
    """
    digest = hashlib.sha1(result.exercise.encode("utf-8"))
    found = False
    for entry in tensor_maps(result):  # in the order drawn, with the blocks marked
        array = numpy.ascontiguousarray(entry.error_map, dtype=float)
        blocks = "" if entry.blocks is None else f"{entry.blocks.labels}{sorted(entry.blocks.wrong)}"
        digest.update(f"map\0{entry.check}\0{entry.tensor}\0{array.shape}\0{blocks}\0".encode("utf-8")
                      + array.tobytes())
        found = True
    curve = curve_of(result)
    if curve is not None:
        digest.update(f"curve\0{curve.kind}\0{curve.step}\0".encode("utf-8"))
        for label, values in (("values", curve.values), ("reference", curve.reference)):
            if values is not None:
                array = numpy.ascontiguousarray(values, dtype=float)
                digest.update(f"{label}\0{array.shape}\0".encode("utf-8") + array.tobytes())
        found = True
    return digest.hexdigest() if found else None


def save_pictures(result, folder: Path) -> list[Path]:
    """Every picture the result has, as PNGs in `folder`; returns their paths."""
    folder = Path(folder)
    saved = []
    for suffix, save in (("gradcheck", save_gradient_heatmaps), ("loss", save_loss_curve)):
        path = save(result, folder / f"{result.exercise}-{suffix}.png")
        if path is not None:
            saved.append(path)
    return saved
