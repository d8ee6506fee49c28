"""date-transformer (beyond the book, ch. 8): a small Transformer of the chapter's self-attention layers
learns to write dates as YYYY-MM-DD; its test accuracy as it trains, the time it takes to 99.9 %, and
where each of its heads looks while it writes one.

The model is decoder-only: the question, `_` and the answer are one sequence of characters, read
left to right under a causal mask (position t sees 0 … t), and trained to predict each next
character; only the answer's characters count in the loss (the question's targets are −1, the
book's ignore_label). TimeEmbedding + positional_encoding → TransformerBlock(causal=True) × 2 →
LayerNorm → TimeAffine → TimeSoftmaxWithLoss, every block the learner's (or the reference's with
--reference). The questions are right-aligned (their padding moved to the front): the end of a
question, where most date forms keep the year, then sits at the same distance from the answer in
every line, as the book reverses its questions so that the LSTM reads their end last. Adam's
learning rate warms up for a few updates, then falls linearly to 0 at the end of the last epoch.

Accuracy is the book's: a test answer counts when all of it is right, the model writing it greedily,
one character at a time, each fed back. For a causal model that is the same as every character of
the answer being the most likely one given the right characters before it (if they all are, greedy
decoding never leaves the right answer; if one is not, greedy decoding writes it wrong there), so
during training one forward pass over the test set measures it; after training the model also
answers every question by greedy decoding, and both numbers are reported.

`--corpus default` is the project's generated date set (corpora.sequence, 50,000 lines); a path is a
file in the book's format (date.txt: question, `_`, answer on each line).
"""

from __future__ import annotations

import time

import numpy

from workbench import strings
from workbench.demos import Demo, Need

SETTINGS = {"blocks": 2, "model_size": 32, "heads": 4, "hidden_size": 64, "batch_size": 128, "lr": 0.005,
            "warmup": 50, "max_grad": 5.0}
EPOCHS = 4
EVALS_PER_EPOCH = 4  # test accuracy this many times an epoch (one forward pass over the test set each)
TARGET = 0.999  # the accuracy the book's AttentionSeq2seq reaches from its third epoch: the time to it is reported
MAP_SEED = 1984  # which test question's attention is drawn (the book's visualize_attention.py seed)
EXAMPLES = 3
CHUNK = 500  # test questions per forward pass


def load(spec: str):
    """The data set of `--corpus`: the generated dates, or a file in the book's format."""
    from corpora import sequence
    from workbench.demos.corpus import CorpusError

    try:
        return sequence.load_sequence("date" if spec == "default" else spec)
    except (FileNotFoundError, ValueError) as missing:
        raise CorpusError(strings.both("demo.date_transformer.no_data", spec=spec, error=missing)) from None


def right_align(questions, space_id: int):
    """Each row's trailing padding moved to its front: 'jul 9, 1997   ' → '   jul 9, 1997'."""
    length = questions.shape[1]
    padding = (numpy.cumsum(questions[:, ::-1] != space_id, axis=1) == 0).sum(axis=1)
    return numpy.take_along_axis(questions, (numpy.arange(length) - padding[:, None]) % length, axis=1)


def sequences(questions, answers):
    """(inputs, targets) of the decoder: question + answer without its last character, and the next
    character at each position, −1 (no loss) up to the answer's `_`, which is given."""
    whole = numpy.concatenate([questions, answers], axis=1)
    targets = whole[:, 1:].copy()
    targets[:, :questions.shape[1]] = -1  # the question, and the `_` that starts every answer
    return whole[:, :-1], targets


class DateTransformer:
    """Embedding + positional encoding, causal Transformer blocks, a last LayerNorm, the affine to the
    characters' scores and the softmax loss: the chapter's layers, nothing else."""

    def __init__(self, names, vocab_size: int, length: int, settings: dict):
        V, D, H = vocab_size, settings["model_size"], settings["hidden_size"]
        rn = numpy.random.randn
        self.embed = names["TimeEmbedding"](rn(V, D))
        self.position = names["positional_encoding"](length, D)
        self.blocks = [names["TransformerBlock"](D, settings["heads"], H, causal=True)
                       for _ in range(settings["blocks"])]
        self.norm = names["LayerNorm"](numpy.ones(D), numpy.zeros(D))
        self.affine = names["TimeAffine"](rn(D, V) / numpy.sqrt(D), numpy.zeros(V))
        self.loss_layer = names["TimeSoftmaxWithLoss"]()
        self.layers = [self.embed, *self.blocks, self.norm, self.affine]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads

    def predict(self, xs):
        out = self.embed.forward(xs) + self.position[:xs.shape[1]]
        for block in self.blocks:
            out = block.forward(out)
        return self.affine.forward(self.norm.forward(out))

    def forward(self, xs, ts):
        return self.loss_layer.forward(self.predict(xs), ts)

    def backward(self, dout=1):
        dout = self.norm.backward(self.affine.backward(self.loss_layer.backward(dout)))
        for block in reversed(self.blocks):
            dout = block.backward(dout)
        self.embed.backward(dout)

    def generate(self, questions, start_id: int, size: int):
        """Greedy decoding of a batch: each step appends the most likely next character."""
        from autograder.backend import to_cpu, to_gpu

        written = numpy.concatenate([questions, numpy.full((len(questions), 1), start_id)], axis=1)
        for _ in range(size):
            scores = to_cpu(self.predict(to_gpu(written)))[:, -1]
            written = numpy.concatenate([written, scores.argmax(axis=-1)[:, None]], axis=1)
        return written[:, questions.shape[1] + 1:]

    def attention_weights(self) -> list:
        """Each block's weights (N, h, T, T) of its last forward, found as the multi-head attention
        keeps them (`attention_weight`), wherever the block holds that layer."""
        from autograder.backend import to_cpu

        found = []
        for block in self.blocks:
            held = [v for v in vars(block).values() if hasattr(v, "attention_weight")]
            weights = next((to_cpu(h.attention_weight) for h in held
                            if getattr(h.attention_weight, "ndim", 0) == 4), None)
            found.append(None if weights is None else numpy.asarray(weights, dtype=float))
        return found


def learning_rate(step: int, total: int, settings: dict) -> float:
    """Adam's learning rate at update `step` of `total`: up over the warm-up, then down to 0 by the last."""
    return settings["lr"] * min((step + 1) / settings["warmup"], 1 - step / total)


def accuracy(model, inputs, answers) -> numpy.ndarray:
    """Whether each answer is right when written greedily: every answer character the most likely one
    after the right characters before it (one forward pass; see the module's docstring)."""
    from autograder.backend import to_cpu, to_gpu

    start = inputs.shape[1] - answers.shape[1]
    right = []
    for i in range(0, len(inputs), CHUNK):
        scores = to_cpu(model.predict(to_gpu(inputs[i:i + CHUNK])))[:, start:]
        right.append((scores.argmax(axis=-1) == answers[i:i + CHUNK]).all(axis=1))
    return numpy.concatenate(right)


def greedy(model, questions, answers) -> tuple[numpy.ndarray, numpy.ndarray]:
    """(right or not, the answers written) when the model writes every answer one character at a time."""
    written = numpy.concatenate([model.generate(questions[i:i + CHUNK], int(answers[0, 0]), answers.shape[1] - 1)
                                 for i in range(0, len(questions), CHUNK)])
    return (written == answers[:, 1:]).all(axis=1), written


def run(ctx) -> dict:
    from autograder.backend import to_gpu

    n, data = ctx.names, ctx.corpus
    space = data.char_to_id.get(" ")
    x_train = data.x_train if space is None else right_align(data.x_train, space)
    x_test = data.x_test if space is None else right_align(data.x_test, space)
    inputs, targets = sequences(x_train, data.t_train)
    test_inputs, _ = sequences(x_test, data.t_test)
    test_answers = data.t_test[:, 1:]
    settings = SETTINGS
    model = DateTransformer(n, data.vocab_size, inputs.shape[1], settings)
    ctx.log(**strings.both("demo.date_transformer.setup", train=len(inputs), test=len(test_inputs),
                           vocab=data.vocab_size, length=inputs.shape[1], **settings))
    optimizer = n["Adam"](lr=settings["lr"])
    batch = settings["batch_size"]
    iterations = len(inputs) // batch
    evaluate_at = {round(iterations * k / EVALS_PER_EPOCH): k for k in range(1, EVALS_PER_EPOCH + 1)}
    total, step = ctx.epochs * iterations, 0
    inputs_gpu, targets_gpu = to_gpu(inputs), to_gpu(targets)
    curve, train_seconds, test_seconds, losses = [], 0.0, 0.0, []
    reached = None
    for epoch in range(1, ctx.epochs + 1):
        order = numpy.random.permutation(len(inputs))
        started = time.perf_counter()
        for iteration in range(1, iterations + 1):
            rows = to_gpu(order[(iteration - 1) * batch:iteration * batch])
            optimizer.lr = learning_rate(step, total, settings)
            loss = float(model.forward(inputs_gpu[rows], targets_gpu[rows]))
            model.backward()
            n["clip_grads"](model.grads, settings["max_grad"])
            optimizer.update(model.params, model.grads)
            step += 1
            losses.append(loss)
            ctx.progress(epoch, iteration, iterations, loss)
            if iteration in evaluate_at:
                train_seconds += time.perf_counter() - started
                started = time.perf_counter()
                right = accuracy(model, test_inputs, test_answers)
                test_seconds += time.perf_counter() - started
                point = {"epoch": epoch - 1 + evaluate_at[iteration] / EVALS_PER_EPOCH, "accuracy": float(right.mean()),
                         "train_seconds": round(train_seconds, 2), "seconds": round(train_seconds + test_seconds, 2)}
                curve.append(point)
                ctx.log(**strings.both("demo.date_transformer.evaluation", epoch=point["epoch"],
                                       accuracy=100 * point["accuracy"], right=int(right.sum()), count=len(right),
                                       seconds=train_seconds))
                if reached is None and point["accuracy"] >= TARGET:
                    reached = point
                started = time.perf_counter()
        train_seconds += time.perf_counter() - started
    ctx.curve("date_transformer.curve", [100 * p["accuracy"] for p in curve], xlabel="evaluation")
    if reached is not None:
        ctx.log(**strings.both("demo.date_transformer.reached", target=100 * TARGET, epoch=reached["epoch"],
                               seconds=reached["train_seconds"], total=reached["seconds"]))
    else:
        ctx.log(**strings.both("demo.date_transformer.not_reached", target=100 * TARGET, epochs=ctx.epochs,
                               best=100 * max((p["accuracy"] for p in curve), default=0.0)))

    ctx.emit({"type": "stage", "step": 1, "steps": 1,
              **strings.both("demo.date_transformer.testing", count=len(x_test))})
    right, written = greedy(model, x_test, data.t_test)
    ctx.log(**strings.both("demo.date_transformer.greedy", accuracy=100 * right.mean(), count=len(right)))
    examples = show_examples(ctx, data, x_test, written, right)

    index = numpy.random.RandomState(MAP_SEED).randint(len(x_test))
    model.predict(to_gpu(test_inputs[[index]]))
    maps = [w[0] for w in model.attention_weights() if w is not None]
    question = data.decode(x_test[index]).strip()
    answer = data.decode(data.t_test[index, 1:])
    columns = data.decode(test_inputs[index])
    rows = answer  # row k of the drawn part: the position whose next character is answer[k]
    first = test_inputs.shape[1] - len(answer)
    shown = [m[:, first:, :] for m in maps]
    pictures = [plot_accuracy(ctx, curve)]
    if shown:
        ctx.log(**strings.both("demo.date_transformer.map", question=question, answer=answer))
        for head, weights in enumerate(shown[-1], start=1):
            ctx.log(**strings.both("demo.date_transformer.head", block=len(shown), head=head))
            ctx.log(attention_text(weights, rows, columns))
        pictures.append(plot_heads(ctx, shown, rows, columns, question, answer))
    for path in pictures:
        ctx.picture(path)
    return {**settings, "epochs": ctx.epochs, "vocab_size": data.vocab_size, "train_size": int(len(inputs)),
            "test_size": int(len(test_inputs)), "sequence_length": int(inputs.shape[1]),
            "parameters": int(sum(p.size for p in model.params)),
            "accuracy": curve, "final_accuracy": curve[-1]["accuracy"] if curve else None,
            "greedy_accuracy": float(right.mean()), "target": TARGET,
            "epoch_reaching_target": None if reached is None else reached["epoch"],
            "train_seconds_to_target": None if reached is None else reached["train_seconds"],
            "seconds_to_target": None if reached is None else reached["seconds"],
            "train_seconds": round(train_seconds, 2), "test_seconds": round(test_seconds, 2),
            "loss_curve": [round(v, 5) for v in losses[::10]], "examples": examples,
            "attention_maps": {"question": question, "answer": answer, "columns": columns, "block": len(shown),
                               "heads": shown[-1].round(3).tolist() if shown else []},
            "pictures": [str(p) for p in pictures]}


def show_examples(ctx, data, questions, written, right) -> list[dict]:
    """The first test questions with the model's answers, as the book prints them (Q, T, then ☑ or ☒)."""
    examples = []
    for k in range(min(EXAMPLES, len(questions))):
        example = {"question": data.decode(questions[k]).strip(), "expected": data.decode(data.t_test[k, 1:]),
                   "answer": data.decode(written[k]), "right": bool(right[k])}
        examples.append(example)
        ctx.log(f"Q {example['question']}\nT {example['expected']}\n{'☑' if right[k] else '☒'} {example['answer']}")
    return examples


def attention_text(weights, rows: str, columns: str) -> str:
    """One head's map as characters: a line per answer character written, a shade per character seen."""
    from autograder.figures import AttentionMap
    from workbench import plots

    return plots.attention_text(AttentionMap(weights, rows=tuple(rows), columns=tuple(columns.replace(" ", "·"))))


def plot_heads(ctx, maps, rows: str, columns: str, question: str, answer: str):
    """Every head of every block: weight 0 black, 1 white, the characters seen across, written down."""
    from workbench import plots

    blocks, heads = len(maps), maps[0].shape[0]
    figure = plots._figure(3.2 * heads + 0.6, 1.6 * blocks + 1.0)
    for b, weights in enumerate(maps):
        for h in range(heads):
            ax = figure.add_subplot(blocks, heads, b * heads + h + 1)
            ax.pcolormesh(weights[h], cmap="Greys_r", vmin=0.0, vmax=1.0)
            ax.invert_yaxis()
            ax.set_xticks(numpy.arange(len(columns)) + 0.5)
            ax.set_xticklabels(list(columns.replace(" ", "·")), fontsize=5)
            ax.set_yticks(numpy.arange(len(rows)) + 0.5)
            ax.set_yticklabels(list(rows), fontsize=6)
            ax.tick_params(length=0)
            ax.set_title(f"block {b + 1}, head {h + 1}", fontsize=8)
    figure.suptitle(f"Transformer: where each head looks while writing {answer} for '{question}'", fontsize=9)
    figure.tight_layout()
    return plots._write(figure, ctx.plot_path("heads"))


def plot_accuracy(ctx, curve):
    """Test accuracy as it trains, against the book's 99.9 %."""
    from workbench import plots

    figure = plots._figure(6, 3.6)
    ax = figure.add_subplot(1, 1, 1)
    ax.plot([p["epoch"] for p in curve], [p["accuracy"] for p in curve], marker="o")
    ax.axhline(TARGET, color="grey", linestyle=":", linewidth=1)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("epoch")
    ax.set_ylabel("test accuracy")
    ax.set_title("Transformer on dates: test accuracy while training", fontsize=9)
    ax.grid(alpha=0.3)
    figure.tight_layout()
    return plots._write(figure, ctx.plot_path("accuracy"))


NEEDS = (Need("causal_mask", "ch08.scaled_dot_attention"), Need("ScaledDotProductAttention", "ch08.scaled_dot_attention"),
         Need("MultiHeadAttention", "ch08.self_attention"), Need("LayerNorm", "ch08.transformer_block"),
         Need("positional_encoding", "ch08.transformer_block"),
         Need("PositionwiseFeedForward", "ch08.transformer_block"),
         Need("TransformerBlock", "ch08.transformer_block"), Need("TimeEmbedding", "common.time_layers"),
         Need("TimeAffine", "common.time_layers"), Need("TimeSoftmaxWithLoss", "common.time_layers"),
         Need("clip_grads", "common.util"), Need("Adam", "common.optimizer"))

DEMO = Demo(
    id="date-transformer",
    title=strings.both("demo.date_transformer.title"),
    summary=strings.both("demo.date_transformer.summary"),
    needs=NEEDS,
    run=run,
    epochs=EPOCHS,
    measures={m: strings.both(f"demo.measure.{m}") for m in ("final_accuracy", "greedy_accuracy", "seconds_to_target",
                                                              "attention_maps")},
    load_corpus=load,
)
