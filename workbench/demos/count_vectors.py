"""count-vectors (book ch. 2): co-occurrence matrix → PPMI → SVD, and what the vectors found."""

from __future__ import annotations

from workbench.demos import Demo, Need, words

WINDOW = 2  # the book's count_method_big
WORDVEC_SIZE = {"default": 50, "other": 100}  # the book: 100 (PTB); the default corpus has ~300 words
EXACT_SVD_UP_TO = 2000  # words: beyond, randomized SVD (the book: sklearn's) — a full SVD of PTB takes minutes


def run(ctx) -> dict:
    n = ctx.names
    corpus = ctx.corpus
    vocab_size = corpus.vocab_size
    steps = 3
    ctx.emit({"type": "stage", "step": 1, "steps": steps, "en": "counting co-occurrences", "zh": "统计共现次数"})
    C = n["create_co_matrix"](corpus.train, vocab_size, window_size=WINDOW)
    ctx.emit({"type": "stage", "step": 2, "steps": steps, "en": "calculating PPMI", "zh": "计算 PPMI"})
    W = n["ppmi"](C)
    ctx.emit({"type": "stage", "step": 3, "steps": steps, "en": "calculating SVD", "zh": "计算 SVD"})
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
    title={"en": "Count-based word vectors: co-occurrence, PPMI, SVD",
           "zh": "基于计数的单词向量：共现矩阵、PPMI、SVD"},
    summary={"en": "co-matrix → PPMI → SVD; the book's queries and a 2-D map of the vectors",
             "zh": "共现矩阵 → PPMI → SVD；书中的查询词与单词向量的二维图"},
    needs=(Need("create_co_matrix", "common.util"), Need("ppmi", "common.util"),
           Need("word_vectors_svd", "common.util"), Need("randomized_svd", "common.util"),
           Need("most_similar", "common.util")),
    run=run,
    epochs=None,
    measures={"class_purity": {"en": "share of the default corpus' class words whose nearest neighbour is of their class",
                               "zh": "默认语料中最近邻与自身同类的词所占比例"},
              "analogy_accuracy": {"en": "share of the default corpus' analogies a:b = c:d answered d",
                                   "zh": "默认语料的类比 a:b = c:d 中答出 d 的比例"}},
)
