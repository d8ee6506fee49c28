"""Training time of the reference AttentionSeq2seq against the book's code, on the date data set, one BLAS thread.

    python benchmarks/attention_speed.py [--rounds 7] [--steps 10] [--questions 50] [--max-epochs 6]
                                         [--train N] [--test N] [--book DIR] [--json OUT]

The book's ch08/train.py: the date data set (the project's, generated: 45,000 questions to train
on, 5,000 to test), the questions reversed, wordvec 16, hidden 256, batch 128, Adam, gradients
clipped to 5.0, float32. Two implementations of one training step (forward, backward, shared
weights merged, gradients clipped, Adam):

- ours: the `attention` exercise's reference AttentionSeq2seq (solutions/ch08/attention.py) on the
  references of the layers it builds on, cast to float32 as the demo trains it, trained by the
  reference Trainer's step;
- book: the book's own code, loaded by _common.book_code: ch08/attention_seq2seq.py and
  attention_layer.py (TimeAttention as a loop of Attention layers, with the book's repeats), the
  encoder and Seq2seq of ch07, common/time_layers.py (its TimeLSTM of LSTM cells), its Adam and
  clip_grads; from a checkout given by --book DIR or $DLFS2_BOOK_DIR (or a whole one in the cache,
  _common.book_folder), else from the book's files the grader's trials use (tests/submissions/book), where the Trainer's remove_duplicate is the
  project's (it merges nothing here: the model shares no weights).

Speed first: fresh models of both take turns, --rounds rounds of --steps training steps and of
--questions answers (`generate`, one question at a time) each, on the same batches and questions;
the medians give the seconds per epoch (steps × the batches of an epoch) and per evaluation of the
test set. Taking turns this often, the drifting load of this shared machine weighs on both alike.

Then training to the target: both start from the same weights (the same seed; the book draws them
in the same order) and see the same batches (each epoch's order from its own seeded generator).
They take turns, one epoch each; after every epoch each answers every test question with its
`generate`, as the book's eval_seq2seq does, until it reaches 99.9 % or --max-epochs. The two
compute the same model, but float32 rounding (and Adam's ε, placed differently) lets their curves
part after a few hundred updates, as two seeds would.

Printed: seconds per epoch and per evaluation (the alternating medians, and the ratio), the
accuracy per epoch, the epochs to 99.9 %, and the time to 99.9 %: training only, and wall clock
with the evaluations up to that epoch's (what `workbench demo date-attention` spends to know it is
there), both from the epochs as they ran.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import BookCode, book_code, book_source, book_trainer_step, load_now, machine, write_json

import numpy as np


D, H, BATCH, MAX_GRAD = 16, 256, 128, 5.0
TARGET = 0.999
SEED = 1  # the weights
ORDER_SEED = 1000  # + epoch: each epoch's order of the training questions, the same for both


# -- ours ---------------------------------------------------------------------------------------

def ours(vocab_size: int):
    """(the reference AttentionSeq2seq, one training step of it as the reference Trainer takes it)."""
    import importlib

    from autograder.catalog import load_catalog
    from workbench.demos import layers

    for path in reversed(layers.child_sys_path()):
        if path not in sys.path:
            sys.path.insert(0, path)
    from common.optimizer import Adam
    from common.trainer import Trainer

    from workbench.demos.precision import to_float32

    exercise = layers.defining_exercise(load_catalog(), "AttentionSeq2seq")
    model_class = importlib.import_module(layers.module_of(exercise)).AttentionSeq2seq
    np.random.seed(SEED)
    model = model_class(vocab_size, D, H)
    to_float32(model)  # the reference draws float64; trained in float32, as the book's weights are
    trainer = Trainer(model, Adam())
    return model, lambda xs, ts: float(trainer._step(xs, ts, MAX_GRAD))


# -- the book's code ------------------------------------------------------------------------------

def book(vocab_size: int, code: BookCode | None = None):
    """(the book's AttentionSeq2seq, one training step of it as the book's Trainer takes it)."""
    code = code or book_code()
    model_class = code.module("ch08.attention_seq2seq").AttentionSeq2seq
    np.random.seed(SEED)
    model = model_class(vocab_size, D, H)
    return model, book_trainer_step(code, model, code.module("common.optimizer").Adam(), MAX_GRAD)


# -- the run ------------------------------------------------------------------------------------

def accuracy(model, questions, answers) -> float:
    """The share of questions whose whole answer model.generate gets right (the book's eval_seq2seq)."""
    right = 0
    for question, answer in zip(questions, answers):
        guess = model.generate(question[None], int(answer[0]), len(answer) - 1)
        right += [int(i) for i in guess] == [int(i) for i in answer[1:]]
    return right / len(questions)


def alternating(V, x, t, questions, answers, rounds: int, steps: int, code: BookCode | None = None) -> dict:
    """Seconds per training step and per answer of fresh models of both, taking turns round by round."""
    models = {"ours": ours(V), "book": book(V, code)}
    per_step = {name: [] for name in models}
    per_answer = {name: [] for name in models}
    for name, (model, step) in models.items():  # a warm-up step and answer each, untimed
        step(x[:BATCH], t[:BATCH])
        accuracy(model, questions[:1], answers[:1])
    for r in range(rounds):
        batches = [(x[i * BATCH:(i + 1) * BATCH], t[i * BATCH:(i + 1) * BATCH])
                   for i in range(r * steps, (r + 1) * steps)]
        for name, (model, step) in models.items():
            start = time.perf_counter()
            for xs, ts in batches:
                step(xs, ts)
            per_step[name].append((time.perf_counter() - start) / steps)
            start = time.perf_counter()
            accuracy(model, questions, answers)
            per_answer[name].append((time.perf_counter() - start) / len(questions))
    return {name: {"s_per_step": statistics.median(per_step[name]), "s_per_answer": statistics.median(per_answer[name]),
                   "step_samples": per_step[name], "answer_samples": per_answer[name]} for name in models}


def train_epoch(step, x, t, epoch: int) -> tuple[float, list[float]]:
    """One epoch in the order the epoch's seed gives: (seconds, the losses)."""
    order = np.random.RandomState(ORDER_SEED + epoch).permutation(len(x))
    x, t = x[order], t[order]
    losses = []
    start = time.perf_counter()
    for i in range(len(x) // BATCH):
        losses.append(step(x[i * BATCH:(i + 1) * BATCH], t[i * BATCH:(i + 1) * BATCH]))
    return time.perf_counter() - start, losses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the alternating speed measurement")
    parser.add_argument("--steps", type=int, default=10, help="training steps per model per round")
    parser.add_argument("--questions", type=int, default=50, help="test questions answered per model per round")
    parser.add_argument("--max-epochs", type=int, default=6, help="stop a model here if it has not reached 99.9 %%")
    parser.add_argument("--train", type=int, default=None, help="train on the first N questions (default: all)")
    parser.add_argument("--test", type=int, default=None, help="test on the first N questions (default: all)")
    parser.add_argument("--book", help="a checkout of the book's repository (default: $DLFS2_BOOK_DIR, the cache, else "
                        "the book's files in tests/submissions/book)")
    parser.add_argument("--json")
    args = parser.parse_args()

    from corpora.sequence import load_sequence

    data = load_sequence("date")
    x_train, t_train = data.x_train[:args.train, ::-1].copy(), data.t_train[:args.train]
    x_test, t_test = data.x_test[:args.test, ::-1].copy(), data.t_test[:args.test]
    V = data.vocab_size
    print(f"AttentionSeq2seq on dates: {len(x_train)} training and {len(x_test)} test questions, V={V} D={D} "
          f"H={H} batch {BATCH}, Adam, max_grad {MAX_GRAD}, float32, one thread; {load_now()}", flush=True)
    code = book_code(args.book)
    speed = alternating(V, x_train, t_train, x_test[:args.questions], t_test[:args.questions], args.rounds, args.steps,
                        code)
    print(f"  book: {book_source(code)}", flush=True)
    batches = len(x_train) // BATCH
    for name, row in speed.items():
        row["s_per_epoch"] = row["s_per_step"] * batches
        row["s_per_test"] = row["s_per_answer"] * len(x_test)
    for name, row in speed.items():
        row["vs_book"] = row["s_per_step"] / speed["book"]["s_per_step"]
        row["test_vs_book"] = row["s_per_answer"] / speed["book"]["s_per_answer"]
        print(f"  {name:5} {1000 * row['s_per_step']:7.1f} ms a step ({row['s_per_epoch']:.0f} s an epoch of {batches}, "
              f"{row['vs_book']:.2f} × the book's), {1000 * row['s_per_answer']:5.1f} ms an answer "
              f"({row['s_per_test']:.0f} s the test set, {row['test_vs_book']:.2f} × the book's); {load_now()}", flush=True)
    runs = {}
    for name, build in (("ours", ours), ("book", lambda vocab_size: book(vocab_size, code))):
        model, step = build(V)
        runs[name] = {"model": model, "step": step, "train_s": [], "test_s": [], "accuracy": [], "loss": []}
    for epoch in range(1, args.max_epochs + 1):
        active = [name for name, run in runs.items() if not (run["accuracy"] and run["accuracy"][-1] >= TARGET)]
        if not active:
            break
        for name in active:  # one epoch each, in turn
            run = runs[name]
            seconds, losses = train_epoch(run["step"], x_train, t_train, epoch)
            start = time.perf_counter()
            run["accuracy"].append(accuracy(run["model"], x_test, t_test))
            run["test_s"].append(time.perf_counter() - start)
            run["train_s"].append(seconds)
            run["loss"].append(float(np.mean(losses)))
            print(f"  {name:5} epoch {epoch}: {seconds:6.1f} s training, {run['test_s'][-1]:5.1f} s testing, "
                  f"mean loss {run['loss'][-1]:.4f}, test accuracy {100 * run['accuracy'][-1]:.2f} %", flush=True)
    rows = {}
    for name, run in runs.items():
        reached = next((k for k, a in enumerate(run["accuracy"]) if a >= TARGET), None)
        rows[name] = {
            **speed[name],
            "train_s_per_epoch": statistics.median(run["train_s"]), "test_s_per_epoch": statistics.median(run["test_s"]),
            "train_s": run["train_s"], "test_s": run["test_s"], "accuracy": run["accuracy"], "mean_loss": run["loss"],
            "epochs_to_target": None if reached is None else reached + 1,
            "train_s_to_target": None if reached is None else sum(run["train_s"][:reached + 1]),
            "wall_s_to_target": None if reached is None else
            sum(run["train_s"][:reached + 1]) + sum(run["test_s"][:reached + 1])}
    ours_row = rows["ours"]
    print(f"\n{'':6} {'s/epoch':>8} {'× book':>7} {'s/test':>7} {'× book':>7} {'epochs→99.9%':>13} {'train s→99.9%':>14} "
          f"{'wall s→99.9%':>13}  accuracy per epoch")
    for name, row in rows.items():
        def show(value, fmt):
            return format(value, fmt) if value is not None else "—"
        print(f"{name:6} {row['s_per_epoch']:8.1f} {row['vs_book']:7.2f} {row['s_per_test']:7.1f} {row['test_vs_book']:7.2f} "
              f"{show(row['epochs_to_target'], 'd'):>13} {show(row['train_s_to_target'], '.0f'):>14} "
              f"{show(row['wall_s_to_target'], '.0f'):>13}  " + ", ".join(f"{100 * a:.2f}" for a in row["accuracy"]))
    if ours_row["train_s_to_target"] is not None:
        print(f"time to {100 * TARGET:.1f} % (ours): {ours_row['train_s_to_target']:.0f} s of training, "
              f"{ours_row['wall_s_to_target']:.0f} s with the evaluations up to it")
    write_json(args.json, {"settings": {"D": D, "H": H, "batch": BATCH, "max_grad": MAX_GRAD, "V": V,
                                        "train": len(x_train), "test": len(x_test), "target": TARGET,
                                        "max_epochs": args.max_epochs, "rounds": args.rounds, "steps": args.steps,
                                        "questions": args.questions, "book": book_source(code)},
                           "machine": machine(), "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
