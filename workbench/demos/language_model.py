"""What the two language-model demos share (book ch. 6 and 7): train with the book's RnnlmTrainer,
measure perplexity each epoch on held-out text, draw the curves, then write text with the model
(with its own `generate` where it has one: RnnlmGen's, the generate exercise).

Training is the book's train_rnnlm.py / train_better_rnnlm.py: SGD, gradients clipped, one
epoch of RnnlmTrainer.fit at a time, the state reset around each perplexity evaluation
(eval_perplexity) and, where the settings say so, the learning rate divided by 4 when the
held-out perplexity gets worse. Generation is chapter 7's RnnlmGen.generate: feed one word,
sample the next from the softmax of the scores, skip the words of `SKIP` (the book's), repeat.

Held-out text: PTB's test file; on a corpus without one (the default corpus, a text file) the
last tenth of the text, which the model never trains on, and the demo says so.
"""

from __future__ import annotations

import math
import time

import numpy

from workbench import strings

SKIP = ("<unk>", "N", "$")  # the book's generate_text.py: never sampled
SAMPLE_STARTS = ("you", "the")  # the book starts from "you"
HELD_OUT = 0.1  # of a corpus without a test part


def split(ctx):
    """(train ids, held-out ids): the corpus' test part, or the last tenth of its text."""
    corpus = ctx.corpus
    if corpus.test is not None:
        return numpy.asarray(corpus.train), numpy.asarray(corpus.test)
    cut = int(len(corpus.train) * (1 - HELD_OUT))
    ctx.log(**strings.both("demo.lm.no_test_part", corpus=corpus.name, cut=cut, rest=len(corpus.train) - cut))
    return numpy.asarray(corpus.train[:cut]), numpy.asarray(corpus.train[cut:])


def run(ctx, model_name: str, settings: dict) -> dict:
    """Train the model the catalog gives for `model_name` (Rnnlm or BetterRnnlm) with `settings`."""
    from common.optimizer import SGD
    from common.trainer import RnnlmTrainer

    from autograder.backend import to_gpu

    n = ctx.names
    corpus = ctx.corpus
    train, test = split(ctx)
    V = corpus.vocab_size
    D, H = settings["wordvec_size"], settings["hidden_size"]
    batch, steps = settings["batch_size"], settings["time_size"]
    arguments = (V, D, H) + ((settings["dropout"],) if "dropout" in settings else ())
    model = n[model_name](*arguments)
    dropout = strings.both("demo.lm.dropout", ratio=settings["dropout"]) if "dropout" in settings else None
    ctx.log(**{lang: strings.get("demo.lm.setup", lang, model=model_name, vocab=V, wordvec=D, hidden=H,
                                 dropout=dropout[lang] if dropout else "", words=len(train), batch=batch,
                                 time=steps, lr=settings["lr"], max_grad=settings["max_grad"])
               for lang in ("en", "zh")})

    losses_this_epoch: list[float] = []

    def progress(epoch, iteration, iterations, loss):
        losses_this_epoch.append(loss)
        ctx.progress(epoch, iteration, iterations, loss)

    optimizer = SGD(settings["lr"])
    trainer = RnnlmTrainer(model, optimizer, progress=progress)
    xs, ts = to_gpu(train[:-1]), to_gpu(train[1:])
    train_ppl, test_ppl, curve = [], [], []
    best = math.inf
    start = time.perf_counter()
    for epoch in range(1, ctx.epochs + 1):
        losses_this_epoch.clear()
        trainer.fit(xs, ts, max_epoch=1, batch_size=batch, time_size=steps, max_grad=settings["max_grad"],
                    eval_interval=settings["eval_interval"])
        curve += trainer.ppl_list
        train_ppl.append(_exp_mean(losses_this_epoch))
        model.reset_state()  # the evaluation's batch is not the training's
        test_ppl.append(float(n["eval_perplexity"](model, to_gpu(test))))
        model.reset_state()
        ctx.log(**strings.both("demo.lm.epoch", epoch=epoch, train=train_ppl[-1], test=test_ppl[-1]))
        if settings.get("decay_lr") and test_ppl[-1] > best:
            optimizer.lr /= 4.0  # the book's train_better_rnnlm.py
            ctx.log(**strings.both("demo.lm.lr_down", lr=optimizer.lr))
        best = min(best, test_ppl[-1])
    seconds = time.perf_counter() - start
    ctx.curve("perplexity", curve, xlabel=f"iterations (x{settings['eval_interval']})")

    samples = generate_samples(ctx, model, settings["sample_size"])
    words_trained = ctx.epochs * (len(xs) // (batch * steps)) * batch * steps
    result = {**settings, "model": model_name, "epochs": ctx.epochs, "vocab_size": V,
              "train_words": int(len(train)), "test_words": int(len(test)),
              "train_perplexity": train_ppl, "test_perplexity": test_ppl, "perplexity_curve": curve,
              "samples": samples, "train_seconds": round(seconds, 2),
              "words_per_second": round(words_trained / seconds) if seconds > 0 else None}
    path = plot(ctx, model_name, curve, settings["eval_interval"], train_ppl, test_ppl)
    result["pictures"] = [str(path)]
    return result


def _exp_mean(losses) -> float:
    return float(math.exp(sum(losses) / len(losses))) if losses else math.nan


def generate(model, start_id: int, skip_ids, sample_size: int, rng) -> list[int]:
    """The book's RnnlmGen.generate: sample_size word ids from start_id, each the previous one's
    sampled successor (from the softmax of the model's scores), never one of skip_ids."""
    from autograder.backend import np, to_cpu

    word_ids = [start_id]
    x = start_id
    while len(word_ids) < sample_size:
        score = to_cpu(model.predict(np.array(x).reshape(1, 1))).astype(numpy.float64).ravel()
        p = numpy.exp(score - score.max())
        p /= p.sum()
        sampled = int(rng.choice(len(p), p=p))
        if sampled not in skip_ids:
            x = sampled
            word_ids.append(sampled)
    return word_ids


def generate_samples(ctx, model, sample_size: int) -> list[dict]:
    """One text per start word the vocabulary has, seeded by the demo's seed; logged as the book prints them."""
    w2i, i2w = ctx.corpus.word_to_id, ctx.corpus.id_to_word
    skip_ids = {w2i[w] for w in SKIP if w in w2i}
    starts = [w for w in SAMPLE_STARTS if w in w2i] or [i2w[int(ctx.corpus.train[0])]]
    rng = numpy.random.RandomState(ctx.seed)
    own = getattr(model, "generate", None)  # RnnlmGen's (the generate exercise): it draws with numpy's generator
    if own is not None:
        from autograder.backend import np

        np.random.seed(ctx.seed)
    samples = []
    for start in starts:
        model.reset_state()
        if own is not None:
            ids = [int(i) for i in own(w2i[start], skip_ids=sorted(skip_ids), sample_size=sample_size)]
        else:
            ids = generate(model, w2i[start], skip_ids, sample_size, rng)
        words = [i2w[i] for i in ids]
        text = "\n".join(" ".join(sentence).strip() + "." for sentence in _sentences(words))
        samples.append({"start": start, "words": words, "text": text})
        ctx.log(**strings.both("demo.lm.generated", start=start, text=text))
    model.reset_state()
    return samples


def _sentences(words):
    # the book's generate_text.py writes <eos> as a full stop and a new line
    sentence = []
    for word in words:
        if word == "<eos>":
            yield sentence
            sentence = []
        else:
            sentence.append(word)
    if sentence:
        yield sentence


def plot(ctx, model_name: str, curve, eval_interval: int, train_ppl, test_ppl):
    """Left: the training perplexity as the Trainer reports it; right: train and held-out per epoch."""
    from workbench import plots

    figure = plots._figure(10, 3.8)
    left = figure.add_subplot(1, 2, 1)
    left.plot(numpy.arange(1, len(curve) + 1), curve)
    left.set_yscale("log")
    left.set_xlabel(f"iterations (x{eval_interval})")
    left.set_ylabel("perplexity")
    left.set_title(f"{model_name} ({ctx.corpus.name} corpus): training perplexity", fontsize=9)
    left.grid(alpha=0.3, which="both")
    right = figure.add_subplot(1, 2, 2)
    epochs = numpy.arange(1, len(train_ppl) + 1)
    right.plot(epochs, train_ppl, marker="o", label="training text")
    right.plot(epochs, test_ppl, marker="s", label="held out (test)")
    right.set_xticks(epochs)
    right.set_xlabel("epoch")
    right.set_ylabel("perplexity")
    right.set_title("perplexity per epoch", fontsize=9)
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    figure.tight_layout()
    path = plots._write(figure, ctx.plot_path("perplexity"))
    ctx.picture(path)
    return path
