"""better-rnnlm (book ch. 6, 7): two LSTM layers, dropout and weight tying; perplexity and generated text."""

from __future__ import annotations

from workbench.demos import Demo, Need, language_model
from workbench.demos.rnnlm import EVAL_INTERVAL, MEASURES, NEEDS, SAMPLE_SIZE

# the book's ch06/train_better_rnnlm.py: wordvec and hidden 650, batch 20, time 35, SGD lr 20,
# max_grad 0.25, dropout 0.5, lr / 4 when the held-out perplexity rises. 650 wide is a GPU's work:
# on the CPU, 100 on the default corpus (~300 words) and 200 on PTB
SETTINGS = {"batch_size": 20, "time_size": 35, "lr": 20.0, "max_grad": 0.25, "dropout": 0.5, "decay_lr": True}
WIDTH = {"default": 100, "other": 200}
EPOCHS = 8


def run(ctx) -> dict:
    kind = "default" if ctx.corpus.name == "default" else "other"
    settings = {"wordvec_size": WIDTH[kind], "hidden_size": WIDTH[kind], **SETTINGS,
                "eval_interval": EVAL_INTERVAL[kind], "sample_size": SAMPLE_SIZE[kind]}
    return language_model.run(ctx, "BetterRnnlm", settings)


DEMO = Demo(
    id="better-rnnlm",
    title={"en": "Language model: BetterRnnlm (2 LSTM layers, dropout, weight tying)",
           "zh": "语言模型：BetterRnnlm（两层 LSTM、dropout、权重共享）"},
    summary={"en": "the book's improved model: perplexity per epoch against Rnnlm's, generated text",
             "zh": "书中改进的模型：每轮困惑度（可与 Rnnlm 对比）、生成的文本"},
    needs=NEEDS + (Need("TimeDropout", "common.time_layers"), Need("BetterRnnlm", "ch06.rnnlm")),
    run=run,
    epochs=EPOCHS,
    measures=MEASURES,
)
