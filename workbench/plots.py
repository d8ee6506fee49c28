"""Pictures of a grading result, free of UI: numbers for the terminal, PNGs for a viewer.

The terminal widgets draw from :func:`gradient_rows` and :func:`error_grid`;
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

from autograder.figures import Curve, GradientErrors

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


def gradient_rows(result) -> list[GradientRow]:
    rows = []
    for check, gradients in gradient_errors(result):
        errors = gradients.errors
        for name, error_map in gradients.maps.items():
            error_map = numpy.asarray(error_map, dtype=float)
            finite = numpy.isfinite(error_map)
            index = worst = None
            if finite.any():
                flat = numpy.where(finite, error_map, -numpy.inf).reshape(-1)
                pos = int(numpy.argmax(flat))
                index = tuple(int(i) for i in numpy.unravel_index(pos, error_map.shape))
                worst = float(flat[pos])
            rows.append(GradientRow(check, name, float(errors.get(name, math.nan)), index, worst,
                                    tuple(error_map.shape), int(finite.sum()), int(error_map.size)))
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

    figure = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(figure)
    return figure


def gradient_figure(result):
    """The matplotlib figure of every gradient check's |analytic − numeric| map (None: no maps)."""
    rows = [(check, name, as_matrix(m)) for check, errors in gradient_errors(result) for name, m in errors.maps.items()]
    if not rows:
        return None
    from matplotlib.colors import LogNorm
    from matplotlib.ticker import MaxNLocator

    cols = min(4, len(rows))
    lines = math.ceil(len(rows) / cols)
    figure = _figure(3.2 * cols, 2.6 * lines + 0.6)
    figure.suptitle(f"{result.exercise}: |analytic − numeric| per element (white: not sampled)", fontsize=9)
    for k, (check, name, matrix) in enumerate(rows):
        ax = figure.add_subplot(lines, cols, k + 1)
        shown = numpy.where(numpy.isfinite(matrix), numpy.maximum(matrix, 1e-16), numpy.nan)
        image = ax.imshow(shown, cmap="RdYlGn_r", norm=LogNorm(vmin=1e-14, vmax=1e-2),
                          aspect="auto", interpolation="nearest")
        ax.set_title(f"{check.split(':')[-1].strip()} {name}", fontsize=8)
        ax.tick_params(labelsize=6)
        # ticks are element indices: whole numbers only, even along an axis of length 1 (a bias,
        # a one-row batch), where the locator would otherwise step by 0.1 between −0.5 and 0.5
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
        figure.colorbar(image, ax=ax, shrink=0.8).ax.tick_params(labelsize=6)
    figure.tight_layout()
    return figure


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
    for check, errors in gradient_errors(result):
        for name, error_map in errors.maps.items():
            array = numpy.ascontiguousarray(error_map, dtype=float)
            digest.update(f"map\0{check}\0{name}\0{array.shape}\0".encode("utf-8") + array.tobytes())
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
