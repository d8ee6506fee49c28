"""What the reference word vectors find: count-based (ch. 2) and CBOW (ch. 4).

    python benchmarks/word_vectors_quality.py [--ptb DIR] [--ptb-epochs 2] [--seeds 1 2 3] [--json OUT]

- **PTB valid + test** (corpora/ptb.py; ../shared/corpora by default, else $DLFS2_PTB_DIR or
  the cache): the reference CBOW at the book's settings (window 5, hidden 100, batch 100,
  5 negatives, Adam, the project's Trainer) for ``--ptb-epochs`` epochs, then the five nearest
  neighbours (cosine) of the book's queries you, year, car, toyota. Skipped, with a message,
  when the files are not there.
- **The default corpus** (corpora/generated.py, offline, made from its seed): for each
  ``--seeds`` training seed, the share of class words whose nearest neighbour is of their own
  class and the share of the corpus' analogies answered right, for the count-based vectors
  (co-matrix → PPMI → SVD, as the count-vectors demo) and for CBOW (as the cbow demo: window
  2, hidden 50, batch 100, 10 epochs). The measures are workbench/demos/metrics.py's.

Every model is the references' (solutions/), imported as the demos import them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import load_now, write_json
from cbow_speed import BATCH, HIDDEN, WINDOW, load_ptb, reference_path

QUERIES = ("you", "year", "car", "toyota")


def train_cbow(corpus, vocab_size, window, hidden, epochs, seed):
    """The reference CBOW trained by the reference Trainer and Adam; (word vectors, seconds, final loss)."""
    import numpy

    from ch04.cbow import CBOW
    from common.optimizer import Adam
    from common.trainer import Trainer
    from common.util import create_contexts_target

    numpy.random.seed(seed)
    contexts, target = create_contexts_target(corpus, window_size=window)
    model = CBOW(vocab_size, hidden, window, corpus)
    trainer = Trainer(model, Adam())
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the Trainer's report every 20 iterations
        trainer.fit(contexts, target, max_epoch=epochs, batch_size=BATCH, eval_interval=20)
    return numpy.asarray(model.word_vecs, dtype=numpy.float64), time.perf_counter() - start, trainer.loss_list[-1]


def count_vectors(corpus, vocab_size, size):
    """The count-vectors demo's pipeline on the references: co-matrix (window 2) → PPMI → SVD."""
    from ch02.svd import word_vectors_svd  # not a name of the book's common.util
    from common.util import create_co_matrix, ppmi

    C = create_co_matrix(corpus, vocab_size, window_size=2)
    return word_vectors_svd(ppmi(C), size)


def ptb_neighbours(args) -> dict | None:
    from corpora import ptb
    from workbench.demos import metrics

    try:
        corpus, word_to_id, id_to_word, _, folder = load_ptb(args.ptb)
    except (ptb.PtbUnavailable, ptb.ChecksumMismatch) as err:
        print(f"PTB: skipped ({str(err).splitlines()[0]})")
        return None
    print(f"PTB valid+test from {folder}: {len(corpus)} words, vocabulary {len(word_to_id)}; "
          f"CBOW window {WINDOW}, hidden {HIDDEN}, batch {BATCH}, {args.ptb_epochs} epochs, seed {args.seeds[0]}")
    vectors, seconds, loss = train_cbow(corpus, len(word_to_id), WINDOW, HIDDEN, args.ptb_epochs, args.seeds[0])
    print(f"  trained in {seconds:.0f} s, last reported loss {loss:.2f} ({load_now()})")
    found = {}
    for query in QUERIES:
        near = metrics.nearest(vectors, word_to_id, id_to_word, query)
        found[query] = [(w, round(s, 3)) for w, s in near]
        print(f"  [query] {query}: " + ", ".join(f"{w} {s:.2f}" for w, s in near))
    return {"epochs": args.ptb_epochs, "seconds": seconds, "final_loss": loss, "neighbours": found}


def default_corpus(args) -> dict:
    from workbench.demos import corpus as corpora
    from workbench.demos import metrics
    from workbench.demos.cbow import SETTINGS
    from workbench.demos.count_vectors import WORDVEC_SIZE

    text = corpora.load("default")
    w2i, i2w = text.word_to_id, text.id_to_word
    print(f"\ndefault corpus: {len(text.train)} words, vocabulary {text.vocab_size}, "
          f"{len(text.classes)} class words, {len(text.analogies)} analogies")

    def measure(vectors):
        return (metrics.class_purity(vectors, w2i, text.classes),
                metrics.analogy_accuracy(vectors, w2i, i2w, text.analogies))

    rows = {}
    start = time.perf_counter()
    count = measure(count_vectors(text.train, text.vocab_size, WORDVEC_SIZE["default"]))
    rows["count-based (PPMI + SVD)"] = {"seconds": [time.perf_counter() - start], "purity": [count[0]],
                                        "analogy": [count[1]]}
    settings = SETTINGS["default"]
    cbow = rows["CBOW (10 epochs)"] = {"seconds": [], "purity": [], "analogy": []}
    for seed in args.seeds:
        vectors, seconds, _ = train_cbow(text.train, text.vocab_size, settings["window_size"],
                                         settings["hidden_size"], 10, seed)
        purity, analogy = measure(vectors)
        cbow["seconds"].append(seconds)
        cbow["purity"].append(purity)
        cbow["analogy"].append(analogy)
    print(f"  {'vectors':<26}{'class purity':>14}{'analogies':>12}{'seconds':>10}   (median; range over seeds {args.seeds})")
    for name, row in rows.items():
        def show(values, pct=True):
            mid = statistics.median(values)
            spread = f" ({min(values):.0%}–{max(values):.0%})" if pct and len(values) > 1 else ""
            return f"{mid:.0%}{spread}" if pct else f"{mid:.1f}"
        print(f"  {name:<26}{show(row['purity']):>14}{show(row['analogy']):>12}{show(row['seconds'], False):>10}")
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptb", metavar="DIR")
    parser.add_argument("--ptb-epochs", type=int, default=2)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--no-ptb", action="store_true", help="the default corpus only")
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)
    reference_path()
    record = {"ptb": None if args.no_ptb else ptb_neighbours(args), "default": default_corpus(args)}
    write_json(args.json, record)
    return 0


if __name__ == "__main__":
    sys.exit(main())
