"""cbow (book ch. 4): CBOW with negative sampling trained by the book's Trainer, and what it learnt."""

from __future__ import annotations

from workbench import strings
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
    ctx.log(**strings.both("demo.cbow.setup", pairs=len(target), vocab=corpus.vocab_size, window=window,
                           hidden=settings["hidden_size"], batch=settings["batch_size"]))
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
    title=strings.both("demo.cbow.title"),
    summary=strings.both("demo.cbow.summary"),
    # every layer CBOW is built of, so that on the learner's layers each must be passing and is theirs
    needs=(Need("create_contexts_target", "common.util"), Need("Embedding", "common.layers"),
           Need("EmbeddingDot", "ch04.negative_sampling_layer"),
           Need("UnigramSampler", "ch04.negative_sampling_layer"),
           Need("NegativeSamplingLoss", "ch04.negative_sampling_layer"),
           Need("CBOW", "ch04.cbow"), Need("most_similar", "common.util")),
    run=run,
    epochs=EPOCHS,
    measures={m: strings.both(f"demo.measure.{m}") for m in ("class_purity", "analogy_accuracy", "final_loss")},
)
