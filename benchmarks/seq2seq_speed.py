"""Seconds per epoch of the reference Seq2seq and PeekySeq2seq against the book's own code, on one CPU thread.

    python benchmarks/seq2seq_speed.py [--book DIR] [--rounds 7] [--iters 30] [--questions 300]
                                       [--models seq2seq peeky] [--json OUT]

The book's ch07/train_seq2seq.py: the addition data set (45,000 training and 5,000 test
questions, corpora.sequence), wordvec 16, hidden 128, batch 128, Adam, gradients clipped to
5.0, float32. An epoch is what that script does per epoch: Trainer.fit over the 351 batches,
then eval_seq2seq on each of the 5,000 test questions, one at a time. Two implementations of
it, each in a process of its own (both are imported as `common`):

- ours: the references (solutions/ch07/seq2seq.py, peeky.py, and the layers they build on) with
  the book's `common` stand-in's Trainer, Adam and eval_seq2seq, the weights cast to float32
  as the demos train (workbench.demos.precision);
- book: the book's repository as it is: its common/ package and ch07/seq2seq.py,
  peeky_seq2seq.py. `--book DIR` names a checkout of github.com/oreilly-japan/deep-learning-
  from-scratch-2 ($DLFS2_BOOK_DIR too); without one, the files are fetched from GitHub into
  ~/.cache/dlfs2-workbench/book (and read from there on the next run).

Both start from the generator state the book's loader leaves (seed 1984 and one shuffle), so
they train the same model from the same weights. They take turns, round after round: each
trains --iters batches and answers --questions test questions, so that the drifting load of a
shared machine weighs on both alike. Seconds per epoch = the median seconds per batch × 351 +
the median seconds per question × 5,000; the ratio ours / book is what the target reads
(at least as fast: ≤ 1). The same from each one's best round ("best") is printed beside it: a
loaded machine only ever slows a round down.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import BOOK_FILES, ROOT, BookMissing, book_folder, load_now, write_json

# the book's files its ch07 scripts read: its whole common package and ch07's models
CH07_FILES = tuple(name for name in BOOK_FILES if name.startswith(("common/", "ch07/")))
SETTINGS = {"wordvec_size": 16, "hidden_size": 128, "batch_size": 128, "max_grad": 5.0}
MODELS = {"seq2seq": ("Seq2seq", False), "peeky": ("PeekySeq2seq", True)}  # the model, questions reversed


# -- the worker: one implementation, driven over stdin ----------------------------------------------

def worker(which: str, book: str, model_key: str) -> None:
    """Build the model, then answer `train K` and `eval K` lines with the seconds they took."""
    import contextlib
    import io
    import time

    import numpy

    if which == "book":
        # the book's folders first: its `common`, and ch07's files beside each other as its scripts see them
        sys.path[:0] = [str(Path(book) / "ch07"), str(book)]
        sys.path += [str(ROOT / "solutions"), str(ROOT)]
        module = __import__("peeky_seq2seq" if model_key == "peeky" else "seq2seq")
    else:
        from workbench.demos import layers

        sys.path[:0] = [*layers.child_sys_path(), str(ROOT)]
        module = __import__("ch07.peeky" if model_key == "peeky" else "ch07.seq2seq", fromlist=["*"])
    from common.optimizer import Adam
    from common.trainer import Trainer
    from common.util import eval_seq2seq

    from corpora.sequence import load_sequence
    from workbench.demos.addition import book_state
    from workbench.demos.precision import to_float32

    name, reverse = MODELS[model_key]
    data = load_sequence("addition")
    x_train, x_test = (data.x_train[:, ::-1], data.x_test[:, ::-1]) if reverse else (data.x_train, data.x_test)
    book_state(1, len(data.x_train) + len(data.x_test))
    model = getattr(module, name)(data.vocab_size, SETTINGS["wordvec_size"], SETTINGS["hidden_size"])
    if which == "ours":
        to_float32(model)
    trainer = Trainer(model, Adam())
    batch = SETTINGS["batch_size"]
    cursor = {"train": 0, "eval": 0}
    print(json.dumps({"ready": str(model.params[0].dtype)}), flush=True)
    for line in sys.stdin:
        what, count = line.split()
        count = int(count)
        start = time.perf_counter()
        if what == "train":
            rows = numpy.arange(cursor["train"], cursor["train"] + count * batch) % len(x_train)
            cursor["train"] += count * batch
            with contextlib.redirect_stdout(io.StringIO()):  # the Trainer's progress lines
                trainer.fit(x_train[rows], data.t_train[rows], max_epoch=1, batch_size=batch,
                            max_grad=SETTINGS["max_grad"])
            extra = {"loss": float(trainer.loss_list[-1])}
        else:
            rows = [(cursor["eval"] + i) % len(x_test) for i in range(count)]
            cursor["eval"] += count
            right = sum(eval_seq2seq(model, x_test[[i]], data.t_test[[i]], data.id_to_char) for i in rows)
            extra = {"right": int(right)}
        print(json.dumps({"seconds": time.perf_counter() - start, **extra}), flush=True)


class Worker:
    def __init__(self, which: str, book: Path, model_key: str):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "benchmarks"), str(ROOT)])}
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", which, "--book", str(book),
             "--models", model_key], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        self.dtype = self._answer()["ready"]

    def ask(self, what: str, count: int) -> dict:
        self.process.stdin.write(f"{what} {count}\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"a benchmark worker stopped (exit {self.process.wait()})")
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def measure(book: Path, model_key: str, rounds: int, iters: int, questions: int,
            train_size: int = 45000, test_size: int = 5000) -> dict:
    workers = {which: Worker(which, book, model_key) for which in ("ours", "book")}
    per_batch = {which: [] for which in workers}
    per_question = {which: [] for which in workers}
    losses = {which: [] for which in workers}
    try:
        for _ in range(rounds):
            for which, w in workers.items():
                answer = w.ask("train", iters)
                per_batch[which].append(answer["seconds"] / iters)
                losses[which].append(answer["loss"])
                per_question[which].append(w.ask("eval", questions)["seconds"] / questions)
    finally:
        for w in workers.values():
            w.close()
    batches = train_size // SETTINGS["batch_size"]
    rows = {}
    for which in workers:
        batch_s, question_s = statistics.median(per_batch[which]), statistics.median(per_question[which])
        best_batch, best_question = min(per_batch[which]), min(per_question[which])
        rows[which] = {"dtype": workers[which].dtype, "ms_per_batch": 1000 * batch_s,
                       "ms_per_question": 1000 * question_s, "train_s_per_epoch": batch_s * batches,
                       "eval_s_per_epoch": question_s * test_size,
                       "s_per_epoch": batch_s * batches + question_s * test_size,
                       # the rounds the load disturbed least: a busy machine only ever slows a round down
                       "best_s_per_epoch": best_batch * batches + best_question * test_size,
                       "losses": losses[which], "batch_samples_ms": [1000 * s for s in per_batch[which]],
                       "question_samples_ms": [1000 * s for s in per_question[which]]}
    for which in rows:
        rows[which]["vs_book"] = rows[which]["s_per_epoch"] / rows["book"]["s_per_epoch"]
        rows[which]["best_vs_book"] = rows[which]["best_s_per_epoch"] / rows["book"]["best_s_per_epoch"]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", help="a checkout of the book's repository (default: $DLFS2_BOOK_DIR, or fetched)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--iters", type=int, default=30, help="batches each implementation trains per round")
    parser.add_argument("--questions", type=int, default=300, help="test questions each answers per round")
    parser.add_argument("--models", nargs="+", choices=sorted(MODELS), default=["seq2seq", "peeky"])
    parser.add_argument("--json", metavar="OUT")
    parser.add_argument("--worker", choices=["ours", "book"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.book, args.models[0])
        return 0
    try:
        book = book_folder(args.book, CH07_FILES, fetch=True)
    except BookMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    print(f"seq2seq on addition, the book's ch07 settings, one thread; the book's code from {book}")
    results = {}
    for key in args.models:
        rows = results[key] = measure(book, key, args.rounds, args.iters, args.questions)
        print(f"\n{MODELS[key][0]}{' (questions reversed)' if MODELS[key][1] else ''}: {args.rounds} rounds of "
              f"{args.iters} batches and {args.questions} questions each; {load_now()}")
        print(f"{'':6} {'dtype':>8} {'ms/batch':>9} {'ms/question':>12} {'train s':>8} {'eval s':>7} "
              f"{'s/epoch':>8} {'× book':>7} {'best s':>7} {'× book':>7}  loss first→last")
        for which, r in rows.items():
            print(f"{which:6} {r['dtype']:>8} {r['ms_per_batch']:9.1f} {r['ms_per_question']:12.2f} "
                  f"{r['train_s_per_epoch']:8.1f} {r['eval_s_per_epoch']:7.1f} {r['s_per_epoch']:8.1f} "
                  f"{r['vs_book']:7.2f} {r['best_s_per_epoch']:7.1f} {r['best_vs_book']:7.2f}  "
                  f"{r['losses'][0]:.3f}→{r['losses'][-1]:.3f}")
    write_json(args.json, {"settings": {**SETTINGS, "rounds": args.rounds, "iters": args.iters,
                                        "questions": args.questions}, "book": str(book), "results": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
