"""A check's training curve (the loss per epoch, a perplexity …), drawn in the terminal with plotext."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from workbench import plots, strings


def _title(curve, lang: str) -> str:
    if (curve.kind, curve.step) == ("loss", "epoch"):
        return strings.get("ex.loss", lang)
    return strings.get("ex.curve." + curve.kind, lang)


class LossPlot(PlotextPlot):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.display = False

    def show(self, result, lang: str) -> None:
        curve = plots.curve_of(result) if result is not None else None
        self.display = curve is not None
        if curve is None:
            return
        plt = self.plt
        plt.clear_figure()
        plt.title(_title(curve, lang))
        plt.xlabel(strings.get("ex." + curve.step, lang))
        plt.plot(list(range(1, len(curve.values) + 1)), [float(v) for v in curve.values],
                 label=strings.get("ex.loss_yours", lang), marker="braille")
        if curve.reference is not None and len(curve.reference):
            plt.plot(list(range(1, len(curve.reference) + 1)), [float(v) for v in curve.reference],
                     label=strings.get("ex.loss_reference", lang), marker="braille")
        self.refresh()
