"""count-vectors (book ch. 2): co-occurrence matrix → PPMI → SVD, and what the vectors found."""

from __future__ import annotations

from workbench import strings
from workbench.demos import Demo, Need, words

WINDOW = 2  # the book's count_method_big
WORDVEC_SIZE = {"default": 50, "other": 100}  # the book: 100 (PTB); the default corpus has ~300 words
EXACT_SVD_UP_TO = 2000  # words: beyond, randomized SVD (the book: sklearn's) — a full SVD of PTB takes minutes


def run(ctx) -> dict:
    n = ctx.names
    corpus = ctx.corpus
    vocab_size = corpus.vocab_size
    steps = 3
    ctx.emit({"type": "stage", "step": 1, "steps": steps, **strings.both("demo.count_vectors.counting")})
    C = n["create_co_matrix"](corpus.train, vocab_size, window_size=WINDOW)
    ctx.emit({"type": "stage", "step": 2, "steps": steps, **strings.both("demo.count_vectors.ppmi")})
    W = n["ppmi"](C)
    ctx.emit({"type": "stage", "step": 3, "steps": steps, **strings.both("demo.count_vectors.svd")})
    size = min(WORDVEC_SIZE["default" if corpus.classes else "other"], vocab_size - 1)
    if vocab_size <= EXACT_SVD_UP_TO:
        vectors = n["word_vectors_svd"](W, size)
    else:
        vectors = n["randomized_svd"](W, size, n_iter=5, seed=ctx.seed)[0]
    result = words.evaluate(ctx, vectors, n.get("most_similar"))
    result.update(window_size=WINDOW, wordvec_size=size)
    path = words.plot_map(ctx, vectors, f"count-based word vectors ({corpus.name} corpus), first two principal axes")
    result["pictures"] = [str(path)] if path else []
    return result


DEMO = Demo(
    id="count-vectors",
    title=strings.both("demo.count_vectors.title"),
    summary=strings.both("demo.count_vectors.summary"),
    needs=(Need("create_co_matrix", "common.util"), Need("ppmi", "common.util"),
           Need("word_vectors_svd", "common.util"), Need("randomized_svd", "common.util"),
           Need("most_similar", "common.util")),
    run=run,
    epochs=None,
    measures={m: strings.both(f"demo.measure.{m}") for m in ("class_purity", "analogy_accuracy")},
)
