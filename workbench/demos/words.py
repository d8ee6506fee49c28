"""What both word-vector demos report and draw: neighbours, class purity, analogies, a 2-D map."""

from __future__ import annotations

import numpy

from workbench import strings
from workbench.demos import metrics

QUERIES = ("you", "year", "car", "toyota")  # the book's queries (ch02 count_method_big, ch04 eval)
BOOK_ANALOGIES = (("king", "man", "queen"), ("take", "took", "go"), ("car", "cars", "child"), ("good", "better", "bad"))


def evaluate(ctx, vectors, most_similar=None) -> dict:
    """Log the neighbours of the book's queries (with the demo's most_similar, as the book prints
    them) and the book's analogies; return the metrics."""
    corpus = ctx.corpus
    w2i, i2w = corpus.word_to_id, corpus.id_to_word
    neighbours = {}
    for query in QUERIES:
        if query not in w2i:
            ctx.log(**strings.both("demo.not_in_vocabulary", query=query))
            continue
        if most_similar is not None:
            _, printed = ctx.printed(most_similar, query, w2i, i2w, vectors, top=5)
            ctx.log(printed.strip("\n"))
        neighbours[query] = [w for w, _ in metrics.nearest(vectors, w2i, i2w, query)]
    answers = metrics.analogy_answers(vectors, w2i, i2w, BOOK_ANALOGIES)
    for (a, b, c), answer in zip(BOOK_ANALOGIES, answers):
        shown = answer if answer is not None else "—"
        ctx.log(f"[analogy] {a}:{b} = {c}:? → {shown}")
    result = {
        "vocab_size": corpus.vocab_size,
        "corpus_words": int(len(corpus.train)),
        "neighbours": neighbours,
        "analogies": {f"{a}:{b}={c}:?": answer for (a, b, c), answer in zip(BOOK_ANALOGIES, answers)},
    }
    if corpus.classes:
        result["class_purity"] = metrics.class_purity(vectors, w2i, corpus.classes)
        result["analogy_accuracy"] = metrics.analogy_accuracy(vectors, w2i, i2w, corpus.analogies)
        result["analogy_count"] = len(corpus.analogies)
        ctx.log(**strings.both("demo.word_scores", purity=result["class_purity"], words=len(corpus.classes),
                               accuracy=result["analogy_accuracy"], analogies=len(corpus.analogies)))
    return result


def plot_map(ctx, vectors, title: str):
    """The word vectors projected on their first two principal axes: each class in its colour on the
    default corpus; the book's queries and their neighbours elsewhere. Returns the PNG's path."""
    from workbench import plots

    corpus = ctx.corpus
    w2i = corpus.word_to_id
    if corpus.classes:
        words = [w for w in corpus.classes if w in w2i]
    else:
        words = []
        for query, near in ctx_neighbours(ctx, vectors).items():
            words += [query, *near]
        words = list(dict.fromkeys(words))
    if len(words) < 2:
        return None
    points = metrics.unit_rows(vectors)[[w2i[w] for w in words]]
    points = points - points.mean(axis=0)
    _, _, vt = numpy.linalg.svd(points, full_matrices=False)
    xy = points @ vt[:2].T
    figure = plots._figure(7.5, 6.0)
    ax = figure.add_subplot(1, 1, 1)
    groups = [corpus.classes.get(w, "") for w in words]
    palette = {g: f"C{k % 10}" for k, g in enumerate(dict.fromkeys(groups))}
    for group, colour in palette.items():
        mask = numpy.array([g == group for g in groups])
        ax.scatter(xy[mask, 0], xy[mask, 1], s=12, color=colour, label=group or None)
    for word, (x, y), group in zip(words, xy, groups):
        ax.annotate(word, (x, y), fontsize=6, color=palette[group])
    if corpus.classes:
        ax.legend(fontsize=6, loc="best")
    ax.set_title(title, fontsize=9)
    figure.tight_layout()
    path = plots._write(figure, ctx.plot_path("map"))
    ctx.picture(path)
    return path


def ctx_neighbours(ctx, vectors) -> dict:
    w2i, i2w = ctx.corpus.word_to_id, ctx.corpus.id_to_word
    return {q: [w for w, _ in metrics.nearest(vectors, w2i, i2w, q)] for q in QUERIES if q in w2i}


def plot_curve(ctx, values, xlabel: str, ylabel: str, title: str):
    from workbench import plots

    figure = plots._figure(6, 3.6)
    ax = figure.add_subplot(1, 1, 1)
    ax.plot(numpy.arange(1, len(values) + 1), values)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    figure.tight_layout()
    path = plots._write(figure, ctx.plot_path("loss"))
    ctx.picture(path)
    return path
