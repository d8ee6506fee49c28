"""generate (book ch. 7): the texts RnnlmGen.generate writes, on the learner's RnnlmGen, after the
training the rnnlm demo gives an Rnnlm (its settings, fewer epochs: the text is what is shown)."""

from __future__ import annotations

from workbench import strings
from workbench.demos import Demo, Need, language_model
from workbench.demos.rnnlm import EVAL_INTERVAL, MEASURES, NEEDS, SAMPLE_SIZE, SETTINGS

EPOCHS = 4


def run(ctx) -> dict:
    kind = "default" if ctx.corpus.name == "default" else "other"
    settings = {**SETTINGS, "eval_interval": EVAL_INTERVAL[kind], "sample_size": SAMPLE_SIZE[kind]}
    return language_model.run(ctx, "RnnlmGen", settings)


DEMO = Demo(
    id="generate",
    title=strings.both("demo.generate.title"),
    summary=strings.both("demo.generate.summary"),
    needs=NEEDS + (Need("Rnnlm", "ch06.rnnlm"), Need("RnnlmGen", "ch07.generate")),
    run=run,
    epochs=EPOCHS,
    measures=MEASURES,
)
