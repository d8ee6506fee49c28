"""date-attention (book ch. 8): AttentionSeq2seq learns to write dates as YYYY-MM-DD; its test accuracy
per epoch, and where it looks while it writes one.

Training is the book's ch08/train.py: wordvec 16, hidden 256, batch 128, Adam, gradients clipped
to 5.0, the questions reversed, float32 (the book's `.astype('f')`; workbench.demos.precision), the
weights drawn where the book's load_data leaves numpy's generator, one epoch of the book's Trainer
at a time. After each epoch every
test question is answered by the model's own `generate` (the book's eval_seq2seq: greedy, one
question at a time) and counted right only when the whole answer is. The attention map is the
book's visualize_attention.py: one test question and its answer through `forward`, the weights
`model.decoder.attention.attention_weights` kept for each answer character, the question shown in
reading order.

`--corpus default` is the project's generated date set (corpora.sequence, 50,000 lines); a path is a
file in the book's format (date.txt: question, `_`, answer on each line).
"""

from __future__ import annotations

import time

import numpy

from workbench import strings
from workbench.demos import Demo, Need

# the book's ch08/train.py
SETTINGS = {"wordvec_size": 16, "hidden_size": 256, "batch_size": 128, "max_grad": 5.0}
EPOCHS = 10
EVAL_INTERVAL = 20  # the Trainer's loss is averaged over this many updates (the book's default)
TARGET = 0.999  # the accuracy the book's model reaches from epoch 3: the time to it is reported
MAP_SEED = 1984  # the book's visualize_attention.py draws its questions with this seed
EXAMPLES = 3  # test questions shown with the model's answers at the end


def load(spec: str):
    """The data set of `--corpus`: the generated dates, or a file in the book's format."""
    from corpora import sequence
    from workbench.demos.corpus import CorpusError

    try:
        return sequence.load_sequence("date" if spec == "default" else spec)
    except (OSError, ValueError) as bad:
        raise CorpusError(strings.both("demo.corpus.sequence", spec=spec, dataset="date", error=bad)) from None


def run(ctx) -> dict:
    from common.optimizer import Adam
    from common.trainer import Trainer

    from autograder.backend import to_gpu
    from workbench.demos.addition import book_state
    from workbench.demos.precision import to_float32

    n, data = ctx.names, ctx.corpus
    x_train, x_test = data.x_train[:, ::-1], data.x_test[:, ::-1]  # the book reverses the questions
    t_train, t_test = data.t_train, data.t_test
    V, D, H = data.vocab_size, SETTINGS["wordvec_size"], SETTINGS["hidden_size"]
    # as the book's script: the weights drawn where its load_data leaves numpy's generator, trained in float32
    book_state(ctx.seed, len(data.x_train) + len(data.x_test))
    model = n["AttentionSeq2seq"](V, D, H)
    to_float32(model)
    ctx.log(**strings.both("demo.date_attention.setup", train=len(x_train), test=len(x_test), vocab=V,
                           wordvec=D, hidden=H, batch=SETTINGS["batch_size"], max_grad=SETTINGS["max_grad"]))
    trainer = Trainer(model, Adam(), progress=ctx.progress)
    xs, ts = to_gpu(x_train), to_gpu(t_train)
    accuracy, train_seconds, test_seconds = [], [], []
    for epoch in range(1, ctx.epochs + 1):
        start = time.perf_counter()
        trainer.fit(xs, ts, max_epoch=1, batch_size=SETTINGS["batch_size"],
                    max_grad=SETTINGS["max_grad"], eval_interval=EVAL_INTERVAL)
        train_seconds.append(time.perf_counter() - start)
        ctx.emit({"type": "stage", "step": epoch, "steps": ctx.epochs,
                  **strings.both("demo.date_attention.testing", count=len(x_test))})
        start = time.perf_counter()
        right, _ = answers(model, x_test, t_test)
        test_seconds.append(time.perf_counter() - start)
        accuracy.append(float(numpy.mean(right)))
        ctx.log(**strings.both("demo.date_attention.epoch", epoch=epoch, accuracy=100 * accuracy[-1],
                               right=int(numpy.sum(right)), count=len(right), seconds=train_seconds[-1]))
    losses = [float(v) for v in trainer.loss_list]
    ctx.curve("accuracy", [100 * a for a in accuracy], xlabel="epoch")

    reached = next((k for k, a in enumerate(accuracy) if a >= TARGET), None)
    if reached is not None:
        ctx.log(**strings.both("demo.date_attention.reached", target=100 * TARGET, epoch=reached + 1,
                               seconds=sum(train_seconds[:reached + 1])))
    examples = show_examples(ctx, model, data, x_test, t_test)
    attention = attention_map(model, data, x_test, t_test, numpy.random.RandomState(MAP_SEED).randint(len(x_test)))
    from workbench import plots

    ctx.log(**strings.both("demo.date_attention.map", question=_reading(attention.columns),
                           answer="".join(attention.rows)))
    ctx.log(plots.attention_text(attention))
    pictures = [plot_accuracy(ctx, accuracy),
                plots.save_attention_map(attention, ctx.plot_path("attention"),
                                         f"AttentionSeq2seq: where it looks while writing {''.join(attention.rows)}")]
    for path in pictures:
        ctx.picture(path)
    return {**SETTINGS, "optimizer": "Adam", "reversed": True, "epochs": ctx.epochs, "vocab_size": V,
            "train_size": int(len(x_train)), "test_size": int(len(x_test)),
            "accuracy": accuracy, "final_accuracy": accuracy[-1] if accuracy else None,
            "target": TARGET, "epoch_reaching_target": None if reached is None else reached + 1,
            "train_seconds_to_target": None if reached is None else round(sum(train_seconds[:reached + 1]), 2),
            "seconds_to_target": None if reached is None else
            round(sum(train_seconds[:reached + 1]) + sum(test_seconds[:reached + 1]), 2),
            "train_seconds": [round(s, 2) for s in train_seconds], "test_seconds": [round(s, 2) for s in test_seconds],
            "loss_curve": losses, "examples": examples,
            "attention_map": {"question": _reading(attention.columns), "answer": "".join(attention.rows),
                              "weights": attention.weights.round(4).tolist()},
            "pictures": [str(p) for p in pictures]}


def answers(model, questions, correct) -> tuple[numpy.ndarray, list[list[int]]]:
    """Each question answered by model.generate as the book's eval_seq2seq asks it (the answer's first
    id starts the decoder, the rest is what must come back): (right or not per question, the guesses)."""
    from autograder.backend import to_gpu

    right, guesses = [], []
    for question, answer in zip(questions, correct):
        answer = [int(i) for i in answer]
        guess = model.generate(to_gpu(numpy.ascontiguousarray(question[None])), answer[0], len(answer) - 1)
        # a list of ids (of ints, or of the backend's 0-d arrays, as the book's argmax gives), or one array
        guess = [int(i) for i in (guess.ravel() if hasattr(guess, "ravel") else guess)]
        guesses.append(guess)
        right.append(guess == answer[1:])
    return numpy.array(right, dtype=bool), guesses


def show_examples(ctx, model, data, questions, correct) -> list[dict]:
    """The first test questions with the model's answers, as the book prints them (Q, T, then ☑ or ☒)."""
    right, guesses = answers(model, questions[:EXAMPLES], correct[:EXAMPLES])
    examples = []
    for question, answer, guess, ok in zip(questions, correct, guesses, right):
        example = {"question": data.decode(question[::-1]).rstrip(), "expected": data.decode(answer[1:]),
                   "answer": data.decode(guess), "right": bool(ok)}
        examples.append(example)
        ctx.log(f"Q {example['question']}\nT {example['expected']}\n{'☑' if ok else '☒'} {example['answer']}")
    return examples


def attention_map(model, data, questions, correct, index: int):
    """The decoder's attention weights for test question `index` and its answer (teacher forcing, as
    the book's visualize_attention.py): answer characters down, question characters across in reading order."""
    from autograder.backend import to_cpu, to_gpu
    from autograder.figures import AttentionMap

    x, t = questions[[index]], correct[[index]]
    model.forward(to_gpu(numpy.ascontiguousarray(x)), to_gpu(t))
    weights = numpy.array([to_cpu(w) for w in model.decoder.attention.attention_weights], dtype=float)
    weights = weights.reshape(weights.shape[0], weights.shape[-1])[:, ::-1]  # the question was reversed
    question = data.decode(x[0][::-1])
    return AttentionMap(weights, rows=tuple(data.decode(t[0][1:])), columns=tuple(question))


def _reading(columns) -> str:
    return "".join(columns).rstrip()


def plot_accuracy(ctx, accuracy):
    """The book's figure of ch08/train.py: test accuracy per epoch."""
    from workbench import plots

    figure = plots._figure(6, 3.6)
    ax = figure.add_subplot(1, 1, 1)
    epochs = numpy.arange(1, len(accuracy) + 1)
    ax.plot(epochs, accuracy, marker="o")
    ax.axhline(TARGET, color="grey", linestyle=":", linewidth=1)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xticks(epochs)
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy")
    ax.set_title("AttentionSeq2seq on dates: test accuracy per epoch", fontsize=9)
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return plots._write(figure, ctx.plot_path("accuracy"))


NEEDS = (Need("WeightSum", "ch08.attention_layer"), Need("AttentionWeight", "ch08.attention_layer"),
         Need("Attention", "ch08.attention_layer"), Need("TimeAttention", "ch08.attention_layer"),
         Need("TimeEmbedding", "common.time_layers"), Need("LSTM", "common.time_layers"),
         Need("TimeLSTM", "common.time_layers"), Need("TimeAffine", "common.time_layers"),
         Need("TimeSoftmaxWithLoss", "common.time_layers"), Need("clip_grads", "common.util"),
         Need("AttentionSeq2seq", "ch08.attention"))

DEMO = Demo(
    id="date-attention",
    title=strings.both("demo.date_attention.title"),
    summary=strings.both("demo.date_attention.summary"),
    needs=NEEDS,
    run=run,
    epochs=EPOCHS,
    measures={m: strings.both(f"demo.measure.{m}") for m in ("accuracy", "epoch_reaching_target", "attention_map")},
    load_corpus=load,
)
