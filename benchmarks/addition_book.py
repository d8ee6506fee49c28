"""The book's own ch07 code trained as `workbench demo addition|addition-reverse|addition-peeky` trains.

    python benchmarks/addition_book.py RUN [--book DIR] [--epochs 25] [--seed 1] [--corpus PATH] [--json OUT]

RUN is a demo id (addition, addition-reverse, addition-peeky). What the book's
ch07/train_seq2seq.py does, on the project's addition data set (corpora.sequence) and from the
generator state the demo starts from (workbench.demos.addition.book_state): the book's
Seq2seq or PeekySeq2seq, its Trainer and Adam, batch 128, gradients clipped to 5.0, one
`fit` per epoch, then its eval_seq2seq on every test question. The book's files are read from
`--book DIR` (a checkout of github.com/oreilly-japan/deep-learning-from-scratch-2, or
$DLFS2_BOOK_DIR, or the cache benchmarks/seq2seq_speed.py fills), never from the project.

The JSON has the demo's keys (accuracy per epoch, loss_curve, train/eval seconds, seconds per
epoch), so that a demo's `--json` and this one read side by side: docs/benchmarks.md,
"seq2seq on addition".
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import ROOT, BookMissing, book_folder, load_now, write_json
from seq2seq_speed import CH07_FILES


def train(book: str, run_id: str, epochs: int, seed: int, corpus: str = "addition") -> dict:
    # the book's folders first: its `common`, and ch07's files beside each other as its scripts see them
    sys.path[:0] = [str(book) + "/ch07", str(book)]
    sys.path += [str(ROOT / "solutions"), str(ROOT)]  # the corpora; the references, for a stand-in `common`
    from common.optimizer import Adam
    from common.trainer import Trainer
    from common.util import eval_seq2seq

    from corpora.sequence import load_sequence
    from workbench.demos.addition import BOOK_ACCURACY, EVAL_INTERVAL, RUNS, SETTINGS, book_state

    reverse, model_name = RUNS[run_id]
    module = __import__("peeky_seq2seq" if model_name == "PeekySeq2seq" else "seq2seq")
    data = load_sequence(corpus)
    x_train, x_test = data.x_train, data.x_test
    if reverse:
        x_train, x_test = x_train[:, ::-1], x_test[:, ::-1]
    book_state(seed, len(data.x_train) + len(data.x_test))
    model = getattr(module, model_name)(data.vocab_size, SETTINGS["wordvec_size"], SETTINGS["hidden_size"])
    trainer = Trainer(model, Adam())
    accuracy, train_seconds, eval_seconds = [], 0.0, 0.0
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the Trainer's progress lines
            trainer.fit(x_train, data.t_train, max_epoch=1, batch_size=SETTINGS["batch_size"],
                        max_grad=SETTINGS["max_grad"], eval_interval=EVAL_INTERVAL)
        middle = time.perf_counter()
        correct = sum(eval_seq2seq(model, x_test[[i]], data.t_test[[i]], data.id_to_char) for i in range(len(x_test)))
        accuracy.append(correct / len(x_test))
        train_seconds += middle - start
        eval_seconds += time.perf_counter() - middle
        print(json.dumps({"epoch": epoch, "accuracy": accuracy[-1], "train_s": round(middle - start, 2),
                          "eval_s": round(time.perf_counter() - middle, 2)}), file=sys.stderr, flush=True)
    return {"run": run_id, "code": "book", "model": model_name, "reverse": reverse, "epochs": epochs, "seed": seed,
            "dtype": str(model.params[0].dtype), "accuracy": accuracy, "final_accuracy": accuracy[-1],
            "best_accuracy": max(accuracy), "book_final_accuracy": BOOK_ACCURACY[run_id],
            "loss_curve": [float(v) for v in trainer.loss_list], "train_seconds": round(train_seconds, 2),
            "eval_seconds": round(eval_seconds, 2),
            "seconds_per_epoch": round((train_seconds + eval_seconds) / max(epochs, 1), 2), "load": load_now()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", choices=["addition", "addition-reverse", "addition-peeky"])
    parser.add_argument("--book", help="a checkout of the book's repository (default: $DLFS2_BOOK_DIR, or fetched)")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1, help="as the demo's --seed: 1 is the book's load_data state")
    parser.add_argument("--corpus", default="addition", metavar="PATH",
                        help="a data file in the book's format, as the demo's --corpus (default: the generated set)")
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args()
    try:
        book = book_folder(args.book, CH07_FILES, fetch=True)
    except BookMissing as missing:
        print(missing, file=sys.stderr)
        return 2
    result = train(str(book), args.run, args.epochs, args.seed, args.corpus)
    print(json.dumps({k: v for k, v in result.items() if k != "loss_curve"}))
    write_json(args.json, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
