"""rnnlm (book ch. 6, 7): an LSTM language model trained by the book's RnnlmTrainer, its perplexity, and text it writes."""

from __future__ import annotations

from workbench.demos import Demo, Need, language_model

# the book's ch06/train_rnnlm.py: wordvec 100, hidden 100, batch 20, time 35, SGD lr 20, max_grad 0.25
SETTINGS = {"wordvec_size": 100, "hidden_size": 100, "batch_size": 20, "time_size": 35, "lr": 20.0,
            "max_grad": 0.25}
EVAL_INTERVAL = {"default": 5, "other": 20}  # the default corpus has ~40 batches an epoch, PTB's valid ~100
SAMPLE_SIZE = {"default": 40, "other": 100}  # words per generated text (the book: 100)
EPOCHS = 8


def run(ctx) -> dict:
    kind = "default" if ctx.corpus.name == "default" else "other"
    settings = {**SETTINGS, "eval_interval": EVAL_INTERVAL[kind], "sample_size": SAMPLE_SIZE[kind]}
    return language_model.run(ctx, "Rnnlm", settings)


NEEDS = (Need("TimeEmbedding", "common.time_layers"), Need("LSTM", "common.time_layers"),
         Need("TimeLSTM", "common.time_layers"), Need("TimeAffine", "common.time_layers"),
         Need("TimeSoftmaxWithLoss", "common.time_layers"), Need("clip_grads", "common.util"),
         Need("eval_perplexity", "common.util"))

MEASURES = {"train_perplexity": {"en": "perplexity on the training text, each epoch (exp of the mean loss)",
                                 "zh": "每轮训练文本上的困惑度（平均损失的指数）"},
            "test_perplexity": {"en": "perplexity on the held-out text after each epoch (PTB's test file)",
                                "zh": "每轮结束后留出文本（PTB 的测试文件）上的困惑度"},
            "samples": {"en": "texts the trained model wrote, seeded, <unk> never sampled",
                        "zh": "训练好的模型生成的文本（固定随机种子，从不采样 <unk>）"}}

DEMO = Demo(
    id="rnnlm",
    title={"en": "Language model: Rnnlm (LSTM)", "zh": "语言模型：Rnnlm（LSTM）"},
    summary={"en": "trains Rnnlm with the book's RnnlmTrainer; perplexity curve, held-out perplexity, generated text",
             "zh": "用书中的 RnnlmTrainer 训练 Rnnlm；困惑度曲线、留出文本困惑度、生成的文本"},
    needs=NEEDS + (Need("Rnnlm", "ch06.rnnlm"),),
    run=run,
    epochs=EPOCHS,
    measures=MEASURES,
)
