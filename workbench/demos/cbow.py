"""cbow (book ch. 4): CBOW with negative sampling trained by the book's Trainer, and what it learnt."""

from __future__ import annotations

from workbench.demos import Demo, Need, words

# the book's ch04/train.py: window 5, hidden 100, batch 100, Adam. On the default corpus's
# short sentences a window of 2 sees the sentence a word is in; 50 dimensions are plenty for ~300 words.
SETTINGS = {"default": {"window_size": 2, "hidden_size": 50, "batch_size": 100},
            "book": {"window_size": 5, "hidden_size": 100, "batch_size": 100}}
EPOCHS = 10
EVAL_INTERVAL = 20


def run(ctx) -> dict:
    import numpy

    from common.optimizer import Adam
    from common.trainer import Trainer

    n = ctx.names
    corpus = ctx.corpus
    settings = SETTINGS["default" if corpus.classes else "book"]
    window = settings["window_size"]
    contexts, target = n["create_contexts_target"](corpus.train, window_size=window)
    ctx.log(f"{len(target)} training pairs, vocabulary {corpus.vocab_size}, window {window}, "
            f"hidden {settings['hidden_size']}, batch {settings['batch_size']}",
            f"{len(target)} 个训练样本，词汇 {corpus.vocab_size}，窗口 {window}，"
            f"隐藏层 {settings['hidden_size']}，批大小 {settings['batch_size']}")
    model = n["CBOW"](corpus.vocab_size, settings["hidden_size"], window, corpus.train)
    trainer = Trainer(model, Adam(), progress=ctx.progress)
    trainer.fit(contexts, target, max_epoch=ctx.epochs, batch_size=settings["batch_size"],
                eval_interval=EVAL_INTERVAL)
    losses = [float(v) for v in trainer.loss_list]
    ctx.curve("loss", losses, xlabel=f"iterations (x{EVAL_INTERVAL})")
    vectors = numpy.asarray(model.word_vecs, dtype=numpy.float64)
    result = words.evaluate(ctx, vectors, n.get("most_similar"))
    result.update(settings, epochs=ctx.epochs, first_loss=losses[0] if losses else None,
                  final_loss=losses[-1] if losses else None, loss_curve=losses)
    pictures = [words.plot_curve(ctx, losses, f"iterations (x{EVAL_INTERVAL})", "loss",
                                 f"CBOW with negative sampling ({corpus.name} corpus): training loss"),
                words.plot_map(ctx, vectors, f"CBOW word vectors ({corpus.name} corpus), first two principal axes")]
    result["pictures"] = [str(p) for p in pictures if p]
    return result


DEMO = Demo(
    id="cbow",
    title={"en": "word2vec: CBOW with negative sampling", "zh": "word2vec：带负采样的 CBOW"},
    summary={"en": "trains CBOW with the book's Trainer; loss curve, neighbours, analogies",
             "zh": "用书中的 Trainer 训练 CBOW；损失曲线、近义词、类比"},
    # every layer CBOW is built of, so that on the learner's layers each must be passing and is theirs
    needs=(Need("create_contexts_target", "common.util"), Need("Embedding", "common.layers"),
           Need("EmbeddingDot", "ch04.negative_sampling_layer"),
           Need("UnigramSampler", "ch04.negative_sampling_layer"),
           Need("NegativeSamplingLoss", "ch04.negative_sampling_layer"),
           Need("CBOW", "ch04.cbow"), Need("most_similar", "common.util")),
    run=run,
    epochs=EPOCHS,
    measures={"class_purity": {"en": "share of the default corpus' class words whose nearest neighbour is of their class",
                               "zh": "默认语料中最近邻与自身同类的词所占比例"},
              "analogy_accuracy": {"en": "share of the default corpus' analogies a:b = c:d answered d",
                                   "zh": "默认语料的类比 a:b = c:d 中答出 d 的比例"},
              "final_loss": {"en": "the Trainer's last reported loss", "zh": "Trainer 最后报告的损失"}},
)
