"""The training check's loss per epoch, drawn in the terminal with plotext."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from workbench import plots, strings


class LossPlot(PlotextPlot):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.display = False

    def show(self, result, lang: str) -> None:
        curves = plots.losses_of(result) if result is not None else None
        self.display = curves is not None
        if curves is None:
            return
        losses, reference = curves
        plt = self.plt
        plt.clear_figure()
        plt.title(strings.get("ex.loss", lang))
        plt.xlabel(strings.get("ex.epoch", lang))
        epochs = list(range(1, len(losses) + 1))
        plt.plot(epochs, [float(v) for v in losses], label=strings.get("ex.loss_yours", lang), marker="braille")
        if reference is not None and len(reference):
            plt.plot(list(range(1, len(reference) + 1)), [float(v) for v in reference],
                     label=strings.get("ex.loss_reference", lang), marker="braille")
        self.refresh()
