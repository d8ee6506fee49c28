"""Time to 99.9 % on the date set: the date-transformer demo's Transformer against the book's
AttentionSeq2seq, in the same run, one BLAS thread.

    python benchmarks/transformer_speed.py [--max-epochs 4] [--train N] [--test N] [--json OUT]

Both learn the project's generated date set (45,000 questions to train on, 5,000 to test):

- Transformer: the model of workbench/demos/date_transformer.py (two causal Transformer blocks of
  width 32, the questions right-aligned) on the references of the chapter 8 exercises, with the
  demo's settings and learning-rate schedule (warm-up, then down to 0 over the demo's 4 epochs);
- AttentionSeq2seq: the book's code as it behaves, at the book's settings (benchmarks/attention_speed.py).

They take turns, one epoch each, so that the drifting load of this shared machine weighs on both
alike, and see their batches in the same seeded order. After every epoch each is tested on every test
question until it reaches 99.9 %: AttentionSeq2seq as the book's eval_seq2seq does (generate, one
question at a time); the Transformer by one forward pass over the test set, which gives greedy
decoding's verdicts (the demo's docstring says why), and after its last epoch by greedy decoding too.

Printed: seconds per epoch (wall clock and CPU time: on a loaded machine the CPU time is the steadier
measure), the accuracy per epoch, the epochs and the seconds to 99.9 % (training only, and with the
evaluations), and how many times faster the Transformer gets there.
"""

from __future__ import annotations

import argparse
import sys
import time

import _common  # noqa: F401 - one BLAS thread, before numpy

from _common import load_now, machine, write_json

import numpy as np

from attention_speed import TARGET, book, train_epoch
from attention_speed import accuracy as greedy_answers


def reference_names(demo) -> dict:
    """The names `demo` needs, each from the reference of the exercise that defines it."""
    from autograder.catalog import load_catalog
    from workbench.demos import layers

    catalog = load_catalog()
    sources = []
    for need in demo.needs:
        exercise = layers.defining_exercise(catalog, need.name)
        module = layers.module_of(exercise) if exercise else need.fallback
        sources.append(layers.Source(need.name, module, exercise.id if exercise else None))
    plan = layers.Plan(tuple(sources), reference=True)
    layers.install(plan)
    return layers.resolve(plan)


def transformer(data, x_train, epochs: int):
    """(the demo's model on the references, its training step: the demo's learning rate, clipping, Adam)."""
    from workbench.demos import date_transformer as demo

    names = reference_names(demo.DEMO)
    settings = demo.SETTINGS
    np.random.seed(1)
    model = demo.DateTransformer(names, data.vocab_size, x_train.shape[1] + data.t_train.shape[1] - 1, settings)
    optimizer = names["Adam"](lr=settings["lr"])
    total = epochs * (len(x_train) // settings["batch_size"])
    updates = [0]

    def step(xs, ts):
        optimizer.lr = demo.learning_rate(updates[0], total, settings)
        loss = model.forward(xs, ts)
        model.backward()
        names["clip_grads"](model.grads, settings["max_grad"])
        optimizer.update(model.params, model.grads)
        updates[0] += 1
        return float(loss)

    return model, step


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-epochs", type=int, default=4, help="stop a model here if it has not reached 99.9 %%")
    parser.add_argument("--train", type=int, default=None, help="train on the first N questions (default: all)")
    parser.add_argument("--test", type=int, default=None, help="test on the first N questions (default: all)")
    parser.add_argument("--json")
    args = parser.parse_args()

    from corpora.sequence import load_sequence
    from workbench.demos import date_transformer as demo

    data = load_sequence("date")
    space = data.char_to_id[" "]
    train_questions, test_questions = data.x_train[:args.train], data.x_test[:args.test]
    t_train, t_test = data.t_train[:args.train], data.t_test[:args.test]
    inputs, targets = demo.sequences(demo.right_align(train_questions, space), t_train)
    test_aligned = demo.right_align(test_questions, space)
    test_inputs, _ = demo.sequences(test_aligned, t_test)
    x_reversed, test_reversed = train_questions[:, ::-1].copy(), test_questions[:, ::-1].copy()

    model, step = transformer(data, train_questions, demo.EPOCHS)
    attention, attention_step = book(data.vocab_size)
    runs = {
        "Transformer": {"step": step, "x": inputs, "t": targets,
                        "test": lambda: float(demo.accuracy(model, test_inputs, t_test[:, 1:]).mean())},
        "AttentionSeq2seq": {"step": attention_step, "x": x_reversed, "t": t_train,
                             "test": lambda: greedy_answers(attention, test_reversed, t_test)},
    }
    for run in runs.values():
        run.update(train_s=[], train_cpu_s=[], test_s=[], accuracy=[])
    print(f"Dates: {len(inputs)} training and {len(test_inputs)} test questions, one BLAS thread; {load_now()}\n"
          f"  Transformer: {demo.SETTINGS}\n  AttentionSeq2seq: the book's ch08/train.py settings", flush=True)
    for epoch in range(1, args.max_epochs + 1):
        active = [name for name, run in runs.items() if not (run["accuracy"] and run["accuracy"][-1] >= TARGET)]
        if not active:
            break
        for name in active:  # one epoch each, in turn
            run = runs[name]
            cpu = time.process_time()
            seconds, _ = train_epoch(run["step"], run["x"], run["t"], epoch)
            run["train_cpu_s"].append(time.process_time() - cpu)
            run["train_s"].append(seconds)
            start = time.perf_counter()
            run["accuracy"].append(run["test"]())
            run["test_s"].append(time.perf_counter() - start)
            print(f"epoch {epoch} {name:<17} train {seconds:6.1f} s (CPU {run['train_cpu_s'][-1]:6.1f} s), "
                  f"test {run['test_s'][-1]:5.1f} s, accuracy {100 * run['accuracy'][-1]:6.2f} %", flush=True)
    right, _ = demo.greedy(model, test_aligned, t_test)
    print(f"Transformer after its last epoch, greedy decoding: {100 * right.mean():.2f} % "
          f"(one forward pass: {100 * runs['Transformer']['accuracy'][-1]:.2f} %)")

    results = {}
    for name, run in runs.items():
        reached = next((k for k, a in enumerate(run["accuracy"]) if a >= TARGET), None)
        upto = slice(0, None if reached is None else reached + 1)
        results[name] = {
            "accuracy": run["accuracy"], "train_seconds": [round(s, 2) for s in run["train_s"]],
            "train_cpu_seconds": [round(s, 2) for s in run["train_cpu_s"]],
            "test_seconds": [round(s, 2) for s in run["test_s"]],
            "epochs_to_target": None if reached is None else reached + 1,
            "train_seconds_to_target": None if reached is None else round(sum(run["train_s"][upto]), 2),
            "train_cpu_seconds_to_target": None if reached is None else round(sum(run["train_cpu_s"][upto]), 2),
            "seconds_to_target": None if reached is None else round(sum(run["train_s"][upto])
                                                                    + sum(run["test_s"][upto]), 2)}
        if reached is None:
            print(f"{name}: {100 * TARGET:.1f} % not reached in {len(run['accuracy'])} epochs")
        else:
            r = results[name]
            print(f"{name}: {100 * TARGET:.1f} % after {r['epochs_to_target']} epochs: {r['train_seconds_to_target']} s "
                  f"of training (CPU {r['train_cpu_seconds_to_target']} s), {r['seconds_to_target']} s with the tests")
    ours, theirs = results["Transformer"], results["AttentionSeq2seq"]
    if ours["epochs_to_target"] and theirs["epochs_to_target"]:
        for key, what in (("train_seconds_to_target", "training"), ("train_cpu_seconds_to_target", "training, CPU"),
                          ("seconds_to_target", "with the tests")):
            print(f"time to {100 * TARGET:.1f} % ({what}): AttentionSeq2seq / Transformer = "
                  f"{theirs[key] / ours[key]:.2f}")
    results["Transformer"]["greedy_accuracy"] = float(right.mean())
    if args.json:
        write_json(args.json, {"benchmark": "transformer_speed", "machine": machine(), "load": load_now(),
                               "train": len(inputs), "test": len(test_inputs), "target": TARGET,
                               "settings": demo.SETTINGS, "runs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
