"""Reference CBOW training speed against the book's code, and beside gensim's Word2Vec.

    python benchmarks/cbow_speed.py [--ptb DIR] [--rounds 5] [--iters 40] [--json OUT]

The book's ch04 settings: window 5, hidden 100, batch 100, 5 negatives, Adam, on the PTB
text of ptb.valid.txt + ptb.test.txt (read by corpora/ptb.py; the vocabulary from those two
files, as without ptb.train.txt). ``--ptb`` names the folder; by default ../shared/corpora
beside the clone, else $DLFS2_PTB_DIR or the cache.

Timed, one BLAS thread, in turns (a round of each, ``--rounds`` times) so that the machine's
drifting load weighs on all alike; medians over the rounds:

- **reference**: solutions/ch04/cbow.py's CBOW on the references behind it (Embedding,
  EmbeddingDot, UnigramSampler, NegativeSamplingLoss), one iteration of the project's
  ``common.trainer.Trainer`` (forward, backward, remove_duplicate, the reference Adam);
- **book**: the book's own code (benchmarks/book_word2vec.py loads it: from $DLFS2_BOOK_DIR or the
  cache, else from tests/submissions/book): per-row ``np.random.choice(..., replace=False)`` sampling,
  ``np.add.at`` into a zeroed dW, float32, the book's Adam (remove_duplicate and SigmoidWithLoss the
  project's where those files lack them);
- the parts of one iteration of each (sampling, forward + backward, merging the shared
  weights, the optimizer's update), to say where the time goes;
- **gensim** ``Word2Vec`` (CBOW, negative 5, one worker, window 5, vector 100) on the same
  sentences, as words per second, beside the references' (iterations/s × batch size: one
  target word per training pair). gensim is for this benchmark only: it is imported from
  $GENSIM_PATH or /tmp/gensim (``pip install --target /tmp/gensim gensim``) or the running
  Python; without it the script says so and skips that row.

Target: the reference ≥ 5 × the book's iterations per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import ROOT, load_now, machine, repo_on_path, write_json

WINDOW, HIDDEN, BATCH, NEGATIVES = 5, 100, 100, 5
TARGET_RATIO = 5.0
SHARED_PTB = ROOT.parent / "shared" / "corpora"


def reference_path() -> None:
    """Import the references as the grader's child and the demos do: solutions/ and the `common` stand-in first."""
    repo_on_path()
    from autograder import resources

    for path in (str(resources.compat_root()), str(resources.solutions_root())):
        if path not in sys.path:
            sys.path.insert(0, path)


def load_ptb(folder: str | None):
    """PTB valid + test as one corpus of ids, its vocabulary, and the sentences as lists of words."""
    import numpy

    from corpora import ptb

    where = folder or (str(SHARED_PTB) if (SHARED_PTB / "ptb.valid.txt").is_file() else None)
    data = ptb.load(where, download=not ptb.downloads_off())
    corpus = numpy.concatenate([data.corpora["valid"], data.corpora["test"]])
    sentences = []
    for part in ("valid", "test"):
        with open(data.folder / ptb.FILES[part], encoding="utf-8") as fh:
            sentences += [line.split() + [ptb.EOS] for line in fh]
    return corpus, data.word_to_id, data.id_to_word, sentences, data.folder


def batches(contexts, target, count: int, seed: int = 0):
    """`count` mini-batches of the shuffled pairs, as the Trainer takes them."""
    import numpy

    order = numpy.random.default_rng(seed).permutation(len(target))[:count * BATCH]
    return [(contexts[order[i * BATCH:(i + 1) * BATCH]], target[order[i * BATCH:(i + 1) * BATCH]])
            for i in range(count)]


class Contender:
    """A model, its optimizer and one training step, timed over a fixed list of batches."""

    def __init__(self, name, model, optimizer, step, merge, sampler):
        self.name, self.model, self.optimizer = name, model, optimizer
        self.step, self.merge, self.sampler = step, merge, sampler
        self.rates: list[float] = []  # iterations per second, one per round
        self.parts: dict[str, list[float]] = {}  # seconds per iteration of each part, one per round

    def run(self, data) -> None:
        start = time.perf_counter()
        for contexts, target in data:
            self.step(contexts, target)
        self.rates.append(len(data) / (time.perf_counter() - start))

    def run_parts(self, data) -> None:
        """The same iterations, each part timed on its own."""
        model, optimizer = self.model, self.optimizer
        spent = dict.fromkeys(("sampling", "forward + backward", "merging shared weights", "optimizer update"), 0.0)
        for contexts, target in data:
            t0 = time.perf_counter()
            self.sampler.get_negative_sample(target)
            t1 = time.perf_counter()
            model.forward(contexts, target)  # samples again: its own draw is subtracted below
            model.backward()
            t2 = time.perf_counter()
            params, grads = self.merge(model.params, model.grads)
            t3 = time.perf_counter()
            optimizer.update(params, grads)
            t4 = time.perf_counter()
            spent["sampling"] += t1 - t0
            spent["forward + backward"] += (t2 - t1) - (t1 - t0)
            spent["merging shared weights"] += t3 - t2
            spent["optimizer update"] += t4 - t3
        for part, seconds in spent.items():
            self.parts.setdefault(part, []).append(seconds / len(data))

    @property
    def rate(self) -> float:
        return statistics.median(self.rates)


def make_reference(corpus, vocab_size):
    from ch04.cbow import CBOW
    from common.optimizer import Adam
    from common.trainer import Trainer, remove_duplicate

    model = CBOW(vocab_size, HIDDEN, WINDOW, corpus)
    trainer = Trainer(model, Adam())
    return Contender("reference", model, trainer.optimizer, lambda c, t: trainer._step(c, t, None),
                     remove_duplicate, model.ns_loss.sampler)


def make_book(corpus, vocab_size):
    import book_word2vec as book

    model = book.CBOW(vocab_size, HIDDEN, WINDOW, corpus)
    optimizer = book.Adam()
    return Contender("book", model, optimizer, lambda c, t: book.train_step(model, optimizer, c, t),
                     book.remove_duplicate, model.ns_loss.sampler)


def import_gensim():
    """gensim from $GENSIM_PATH, /tmp/gensim or the running Python; None without it. Its folder goes
    last on sys.path, so that the numpy already imported stays the one in use."""
    for folder in (os.environ.get("GENSIM_PATH"), "/tmp/gensim"):
        if folder and Path(folder, "gensim").is_dir() and folder not in sys.path:
            sys.path.append(folder)
    try:
        import gensim
        from gensim.models import Word2Vec
    except ImportError as err:
        return None, str(err)
    return (gensim.__version__, Word2Vec), None


def gensim_words_per_second(Word2Vec, sentences, rounds: int, **options) -> list[float]:
    """Words per second of gensim's training, one epoch per round, over every word of the text."""
    model = Word2Vec(vector_size=HIDDEN, window=WINDOW, sg=0, hs=0, negative=NEGATIVES, workers=1,
                     min_count=1, seed=1, **options)
    model.build_vocab(sentences)
    words = sum(len(s) for s in sentences)
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        model.train(sentences, total_examples=len(sentences), epochs=1)
        rates.append(words / (time.perf_counter() - start))
    return rates


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ptb", metavar="DIR", help="the folder of ptb.valid.txt and ptb.test.txt")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--iters", type=int, default=40, help="reference iterations per round (the book: a quarter)")
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)

    reference_path()
    import numpy

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common.util import create_contexts_target

    corpus, word_to_id, _, sentences, folder = load_ptb(args.ptb)
    vocab_size = len(word_to_id)
    contexts, target = create_contexts_target(corpus, window_size=WINDOW)
    print(f"PTB valid+test from {folder}: {len(corpus)} words, vocabulary {vocab_size}, "
          f"{len(target)} training pairs; window {WINDOW}, hidden {HIDDEN}, batch {BATCH}, {NEGATIVES} negatives, Adam")

    numpy.random.seed(0)
    reference, book = make_reference(corpus, vocab_size), make_book(corpus, vocab_size)
    import book_word2vec

    print(f"book: {book_word2vec.source()}")
    book_iters = max(args.iters // 4, 5)
    ref_data, book_data = batches(contexts, target, args.iters), batches(contexts, target, book_iters)
    for contender, data in ((reference, ref_data), (book, book_data)):
        contender.run(data[:3])  # the optimizer's state and every buffer made once
        contender.rates.clear()
    for _ in range(args.rounds):
        for contender, data in ((book, book_data), (reference, ref_data)):
            contender.run(data)
            contender.run_parts(data[:max(len(data) // 4, 3)])
    ratios = [r / b for r, b in zip(reference.rates, book.rates)]
    ratio = reference.rate / book.rate

    print(f"\niterations per second, median of {args.rounds} rounds ({load_now()}):")
    for contender in (book, reference):
        low, high = min(contender.rates), max(contender.rates)
        print(f"  {contender.name:<10} {contender.rate:8.1f} it/s  ({1000 / contender.rate:6.1f} ms/it; "
              f"rounds {low:.1f}–{high:.1f})  {contender.rate * BATCH:9.0f} words/s")
    verdict = "met" if ratio >= TARGET_RATIO else "not met"
    print(f"  reference / book: {ratio:.2f}× (per round {min(ratios):.2f}–{max(ratios):.2f}×); "
          f"target ≥ {TARGET_RATIO:.0f}×: {verdict}")
    print("\nms per iteration, by part (median over rounds):")
    print(f"  {'part':<26}{'book':>10}{'reference':>12}")
    for part in book.parts:
        b, r = (statistics.median(c.parts[part]) * 1000 for c in (book, reference))
        print(f"  {part:<26}{b:10.2f}{r:12.2f}")

    record = {"settings": {"window": WINDOW, "hidden": HIDDEN, "batch": BATCH, "negatives": NEGATIVES,
                           "corpus_words": int(len(corpus)), "vocab_size": vocab_size},
              "book_it_s": book.rate, "reference_it_s": reference.rate, "ratio": ratio, "ratios": ratios,
              "target": TARGET_RATIO, "met": ratio >= TARGET_RATIO,
              "parts_ms": {c.name: {p: statistics.median(v) * 1000 for p, v in c.parts.items()}
                           for c in (book, reference)},
              "reference_words_s": reference.rate * BATCH}

    found, why = import_gensim()
    if found is None:
        print(f"\ngensim: not installed ({why}); `pip install --target /tmp/gensim gensim` to compare")
    else:
        version, Word2Vec = found
        matched = statistics.median(gensim_words_per_second(Word2Vec, sentences, args.rounds,
                                                            sample=0, shrink_windows=False))
        default = statistics.median(gensim_words_per_second(Word2Vec, sentences, args.rounds))
        ours = reference.rate * BATCH
        print(f"\nwords per second (gensim {version}, CBOW, negative {NEGATIVES}, one worker, window {WINDOW}, "
              f"vector {HIDDEN}; median of {args.rounds} epochs):")
        print(f"  gensim, every word, full window (sample=0, shrink_windows=False) {matched:10.0f}")
        print(f"  gensim, its defaults (sample=1e-3, shrink_windows=True)         {default:10.0f}")
        print(f"  reference CBOW                                                 {ours:10.0f}  "
              f"(gensim every word / reference: {matched / ours:.0f}×)")
        print(f"  book CBOW                                                      {book.rate * BATCH:10.0f}")
        record["gensim"] = {"version": version, "words_s_matched": matched, "words_s_defaults": default}
    write_json(args.json, {**record, "machine_now": machine()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
