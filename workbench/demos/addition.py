"""addition, addition-reverse, addition-peeky, addition-compare (book ch. 7): seq2seq learns to add.

The book's ch07/train_seq2seq.py: 45,000 questions such as `16+75` with their answers `_91`,
a Seq2seq (or PeekySeq2seq) of wordvec 16 and hidden 128 trained by the book's Trainer with
Adam, batch 128, gradients clipped to 5.0, 25 epochs; after each epoch every one of the 5,000
test questions is answered greedily (eval_seq2seq) and the share answered exactly is the
accuracy. The three demos are the book's three runs: the plain model, the questions reversed
(§7.4.1), and reversed with the Peeky decoder (§7.4.2); addition-compare runs all three.

As the book's script, the model is drawn from numpy's generator where the book's load_data
leaves it (seeded with 1984, one shuffle of the lines: `--seed 1`, the default; seed S starts
from 1983 + S), and it trains in float32, as the book's `.astype('f')` weights do. With the
same data the references then follow the book's own run update by update, to float32 rounding:
the same weights, the same batches, and the reference Adam in the book's form (ε added to √v,
the bias corrections in the step size; the paper's form parts from the book's run at the second
update and ends 25 epochs elsewhere).

Each run keeps its accuracy curve in the plots folder (demo-addition-curves.json), and each
draws one picture of every addition curve kept so far side by side (demo-addition-compare.png):
run the three demos, or addition-compare once, to see the book's figures 7-23 and 7-25 in one.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy

from corpora import sequence
from workbench import strings
from workbench.demos import Demo, Need

# the book's ch07/train_seq2seq.py
SETTINGS = {"wordvec_size": 16, "hidden_size": 128, "batch_size": 128, "max_grad": 5.0, "optimizer": "Adam"}
EPOCHS = 25
EVAL_INTERVAL = 20  # Trainer.fit's default, as the book's script leaves it
BOOK_SEED = 1984  # dataset/sequence.py's load_data seeds numpy's generator with it before shuffling
EXAMPLES = 10  # test questions shown with the model's answers, as the book's script prints them

# id → (questions reversed, model); the book's results with its own code and addition.txt, 25 epochs
RUNS = {"addition": (False, "Seq2seq"), "addition-reverse": (True, "Seq2seq"),
        "addition-peeky": (True, "PeekySeq2seq")}
BOOK_ACCURACY = {"addition": 0.0998, "addition-reverse": 0.5406, "addition-peeky": 0.9814}
CURVES_FILE = "demo-addition-curves.json"


@dataclass
class Additions:
    """The data set the demo trains on, and its name for the picture's legend."""

    name: str
    data: sequence.SequenceData


def load(spec: str) -> Additions:
    """`--corpus`: default, the generated addition data set; a path, a file in the book's format."""
    from workbench.demos.corpus import CorpusError

    try:
        return Additions("addition" if spec == "default" else Path(spec).name,
                         sequence.load_sequence("addition" if spec == "default" else spec))
    except (OSError, ValueError) as bad:
        raise CorpusError(strings.both("demo.corpus.sequence", spec=spec, dataset="addition", error=bad)) from None


def book_state(seed: int, lines: int) -> None:
    """numpy's generator as the book's load_data leaves it: seeded, then one shuffle of the lines."""
    numpy.random.seed(BOOK_SEED - 1 + seed)
    numpy.random.shuffle(numpy.arange(lines))


def train(ctx, run_id: str) -> dict:
    """One of the book's three runs on the demo's data set: the accuracy after each epoch."""
    from common.optimizer import Adam
    from common.trainer import Trainer
    from common.util import eval_seq2seq

    from workbench.demos.precision import to_float32

    reverse, model_name = RUNS[run_id]
    data = ctx.corpus.data
    x_train, x_test = data.x_train, data.x_test
    if reverse:
        x_train, x_test = x_train[:, ::-1], x_test[:, ::-1]
    book_state(ctx.seed, len(data.x_train) + len(data.x_test))
    D, H = SETTINGS["wordvec_size"], SETTINGS["hidden_size"]
    model = ctx.names[model_name](data.vocab_size, D, H)
    to_float32(model)
    ctx.log(**{lang: strings.get("demo.addition.setup", lang, model=model_name, vocab=data.vocab_size, wordvec=D,
                                 hidden=H, train=len(x_train), test=len(x_test), batch=SETTINGS["batch_size"],
                                 max_grad=SETTINGS["max_grad"],
                                 reverse=strings.get("demo.addition.reversed", lang) if reverse else "")
               for lang in ("en", "zh")})
    trainer = Trainer(model, Adam(), progress=ctx.progress)
    accuracy, train_seconds, eval_seconds = [], 0.0, 0.0
    for epoch in range(1, ctx.epochs + 1):
        start = time.perf_counter()
        trainer.fit(x_train, data.t_train, max_epoch=1, batch_size=SETTINGS["batch_size"],
                    max_grad=SETTINGS["max_grad"], eval_interval=EVAL_INTERVAL)
        middle = time.perf_counter()
        ctx.emit({"type": "stage", "step": epoch, "steps": ctx.epochs,
                  **strings.both("demo.addition.evaluating", count=len(x_test))})
        correct = sum(eval_seq2seq(model, x_test[[i]], data.t_test[[i]], data.id_to_char) for i in range(len(x_test)))
        accuracy.append(correct / len(x_test))
        train_seconds += middle - start
        eval_seconds += time.perf_counter() - middle
        ctx.log(**strings.both("demo.addition.epoch", epoch=epoch, accuracy=100 * accuracy[-1]))
    examples = answer_examples(ctx, model, x_test, reverse)
    return {"model": model_name, "reverse": reverse, "epochs": ctx.epochs, "accuracy": accuracy,
            "final_accuracy": accuracy[-1] if accuracy else None, "best_accuracy": max(accuracy, default=None),
            "book_final_accuracy": BOOK_ACCURACY[run_id], "loss_curve": [float(v) for v in trainer.loss_list],
            "examples": examples, "train_questions": int(len(x_train)), "test_questions": int(len(x_test)),
            "train_seconds": round(train_seconds, 2), "eval_seconds": round(eval_seconds, 2),
            "seconds_per_epoch": round((train_seconds + eval_seconds) / max(ctx.epochs, 1), 2)}


def answer_examples(ctx, model, x_test, reverse: bool) -> list[dict]:
    """The first test questions with the model's greedy answers, logged as the book's script prints them."""
    data = ctx.corpus.data
    examples = []
    for i in range(min(EXAMPLES, len(x_test))):
        question, correct = x_test[[i]], data.t_test[i]
        guess = model.generate(question, int(correct[0]), len(correct) - 1)
        shown = data.decode(question[:, ::-1] if reverse else question)
        example = {"question": shown, "answer": data.decode(correct[1:]), "guess": data.decode(guess)}
        example["right"] = example["answer"] == example["guess"]
        examples.append(example)
        mark = "O" if example["right"] else "X"
        ctx.log(f"Q {shown}  T {example['answer']}  {mark} {example['guess']}")
    return examples


# -- the picture of every addition run kept --------------------------------------------------------

def kept_curves(ctx) -> dict:
    path = ctx.plots_dir / CURVES_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def keep_curve(ctx, run_id: str, result: dict) -> dict:
    """This run's accuracy and loss curves beside the others' in the plots folder; every one kept."""
    curves = kept_curves(ctx)
    curves[run_id] = {"accuracy": result["accuracy"], "loss_curve": result["loss_curve"], "epochs": result["epochs"],
                      "seed": ctx.seed, "corpus": ctx.corpus.name, "when": time.strftime("%Y-%m-%d %H:%M")}
    path = ctx.plots_dir / CURVES_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(curves, indent=1), encoding="utf-8")
    return curves


def show_curves(ctx, curves: dict) -> str:
    """Every kept curve: in the terminal (one chart) and as the comparison picture; says which are missing."""
    ordered = {run_id: curves[run_id] for run_id in RUNS if run_id in curves}
    ctx.curves("accuracy", [(strings.both("demo.addition.label." + run_id.replace("-", "_")),
                             [100 * a for a in c["accuracy"]]) for run_id, c in ordered.items()])
    missing = [run_id for run_id in RUNS if run_id not in ordered]
    if missing:
        ctx.log(**strings.both("demo.addition.missing", ids=", ".join(missing)))
    return str(plot(ctx, ordered))


def _label(run_id: str, lang: str) -> str:
    return strings.get("demo.addition.label." + run_id.replace("-", "_"), lang)


def plot(ctx, curves: dict):
    """Left: accuracy per epoch of each run, with the book's result after 25 epochs; right: training loss."""
    from workbench import plots

    figure = plots._figure(11, 4.8)
    left = figure.add_subplot(1, 2, 1)
    right = figure.add_subplot(1, 2, 2)
    colours = {"addition": "tab:blue", "addition-reverse": "tab:orange", "addition-peeky": "tab:green"}
    for run_id, curve in curves.items():
        epochs = numpy.arange(1, len(curve["accuracy"]) + 1)
        label = f"{_label(run_id, 'en')} ({curve['corpus']}, seed {curve['seed']})"
        left.plot(epochs, 100 * numpy.asarray(curve["accuracy"]), marker="o", markersize=3, color=colours[run_id],
                  label=label)
        left.plot([EPOCHS], [100 * BOOK_ACCURACY[run_id]], marker="x", markersize=9, color=colours[run_id],
                  linestyle="none")
        losses = curve["loss_curve"]
        right.plot(numpy.arange(1, len(losses) + 1), losses, color=colours[run_id], linewidth=0.8,
                   label=_label(run_id, "en"))
    left.plot([], [], marker="x", color="grey", linestyle="none", label="the book's code, its addition.txt, 25 epochs")
    left.set_ylim(0, 100)
    left.set_xlabel("epoch")
    left.set_ylabel("test accuracy (%)")
    left.set_title("seq2seq learns to add: answers exactly right", fontsize=9)
    left.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)  # below: the curves fill the axes
    left.grid(alpha=0.3)
    right.set_xlabel(f"iterations (x{EVAL_INTERVAL})")
    right.set_ylabel("loss")
    right.set_title("training loss", fontsize=9)
    right.legend(fontsize=7)
    right.grid(alpha=0.3)
    figure.tight_layout()
    path = plots._write(figure, ctx.plots_dir / "demo-addition-compare.png")
    ctx.picture(path)
    return path


# -- the demos ------------------------------------------------------------------------------------

def run_one(run_id: str):
    def run(ctx) -> dict:
        result = {**SETTINGS, **train(ctx, run_id)}
        result["pictures"] = [show_curves(ctx, keep_curve(ctx, run_id, result))]
        return result

    return run


def run_compare(ctx) -> dict:
    """The three runs one after the other, each from the book's generator state, then the one picture."""
    results = {}
    for step, run_id in enumerate(RUNS, start=1):
        ctx.emit({"type": "stage", "step": step, "steps": len(RUNS), **strings.both("demo.addition.run", id=run_id)})
        results[run_id] = train(ctx, run_id)
        curves = keep_curve(ctx, run_id, results[run_id])
    picture = show_curves(ctx, curves)
    return {**SETTINGS, "epochs": ctx.epochs, "runs": results, "pictures": [picture],
            "final_accuracy": {run_id: r["final_accuracy"] for run_id, r in results.items()},
            "book_final_accuracy": dict(BOOK_ACCURACY)}


LAYERS = (Need("TimeEmbedding", "common.time_layers"), Need("LSTM", "common.time_layers"),
          Need("TimeLSTM", "common.time_layers"), Need("TimeAffine", "common.time_layers"),
          Need("TimeSoftmaxWithLoss", "common.time_layers"), Need("clip_grads", "common.util"),
          Need("Seq2seq", "ch07.seq2seq"))
PEEKY = (Need("PeekySeq2seq", "ch07.peeky"),)
MEASURES = {m: strings.both(f"demo.measure.{m}") for m in ("accuracy", "final_accuracy")}


def _demo(run_id: str, needs, run, summary_key: str) -> Demo:
    return Demo(id=run_id, title=strings.both(f"demo.{summary_key}.title"),
                summary=strings.both(f"demo.{summary_key}.summary"), needs=needs, run=run, epochs=EPOCHS,
                measures=MEASURES, load_corpus=load)


DEMOS = (
    _demo("addition", LAYERS, run_one("addition"), "addition"),
    _demo("addition-reverse", LAYERS, run_one("addition-reverse"), "addition_reverse"),
    _demo("addition-peeky", LAYERS + PEEKY, run_one("addition-peeky"), "addition_peeky"),
    _demo("addition-compare", LAYERS + PEEKY, run_compare, "addition_compare"),
)
