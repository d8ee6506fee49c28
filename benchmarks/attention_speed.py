"""Training time of the reference AttentionSeq2seq against the book's code, on the date data set, one BLAS thread.

    python benchmarks/attention_speed.py [--rounds 7] [--steps 10] [--questions 50] [--max-epochs 6]
                                         [--train N] [--test N] [--json OUT]

The book's ch08/train.py: the date data set (the project's, generated: 45,000 questions to train
on, 5,000 to test), the questions reversed, wordvec 16, hidden 256, batch 128, Adam, gradients
clipped to 5.0, float32. Two implementations of one training step (forward, backward, shared
weights merged, gradients clipped, Adam):

- ours: the `attention` exercise's reference AttentionSeq2seq (solutions/ch08/attention.py) on the
  references of the layers it builds on, cast to float32 as the demo trains it, trained by the
  reference Trainer's step;
- book: the book's code as it behaves, written here: TimeAttention as a loop of Attention layers
  (AttentionWeight, WeightSum, with the book's repeats), the encoder and decoder of chapters 7–8,
  its TimeLSTM of LSTM cells, TimeEmbedding, TimeAffine and TimeSoftmaxWithLoss (from
  benchmarks/rnnlm_speed.py), its remove_duplicate, clip_grads and Adam.

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

from _common import load_now, machine, write_json

import numpy as np

from rnnlm_speed import BookLSTM, BookTimeAffine, BookTimeEmbedding, BookTimeSoftmaxWithLoss

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


# -- the book's code, as it behaves -------------------------------------------------------------

class BookSoftmax:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        x = x - x.max(axis=1, keepdims=True)
        x = np.exp(x)
        x /= x.sum(axis=1, keepdims=True)
        self.out = x
        return self.out

    def backward(self, dout):
        dx = self.out * dout
        sumdx = np.sum(dx, axis=1, keepdims=True)
        dx -= self.out * sumdx
        return dx


class BookWeightSum:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, hs, a):
        N_, T_, H_ = hs.shape
        ar = a.reshape(N_, T_, 1)
        self.cache = (hs, ar)
        return np.sum(hs * ar, axis=1)

    def backward(self, dc):
        hs, ar = self.cache
        N_, T_, H_ = hs.shape
        dt = dc.reshape(N_, 1, H_).repeat(T_, axis=1)
        dhs = dt * ar
        da = np.sum(dt * hs, axis=2)
        return dhs, da


class BookAttentionWeight:
    def __init__(self):
        self.params, self.grads = [], []
        self.softmax = BookSoftmax()

    def forward(self, hs, h):
        N_, T_, H_ = hs.shape
        hr = h.reshape(N_, 1, H_)
        a = self.softmax.forward(np.sum(hs * hr, axis=2))
        self.cache = (hs, hr)
        return a

    def backward(self, da):
        hs, hr = self.cache
        N_, T_, H_ = hs.shape
        ds = self.softmax.backward(da)
        dt = ds.reshape(N_, T_, 1).repeat(H_, axis=2)
        return dt * hr, np.sum(dt * hs, axis=1)


class BookAttention:
    def __init__(self):
        self.params, self.grads = [], []
        self.attention_weight_layer = BookAttentionWeight()
        self.weight_sum_layer = BookWeightSum()

    def forward(self, hs, h):
        a = self.attention_weight_layer.forward(hs, h)
        self.attention_weight = a
        return self.weight_sum_layer.forward(hs, a)

    def backward(self, dout):
        dhs0, da = self.weight_sum_layer.backward(dout)
        dhs1, dh = self.attention_weight_layer.backward(da)
        return dhs0 + dhs1, dh


class BookTimeAttention:
    def __init__(self):
        self.params, self.grads = [], []

    def forward(self, hs_enc, hs_dec):
        N_, T_, H_ = hs_dec.shape
        out = np.empty_like(hs_dec)
        self.layers, self.attention_weights = [], []
        for t in range(T_):
            layer = BookAttention()
            out[:, t, :] = layer.forward(hs_enc, hs_dec[:, t, :])
            self.layers.append(layer)
            self.attention_weights.append(layer.attention_weight)
        return out

    def backward(self, dout):
        N_, T_, H_ = dout.shape
        dhs_enc = 0
        dhs_dec = np.empty_like(dout)
        for t in range(T_):
            dhs, dh = self.layers[t].backward(dout[:, t, :])
            dhs_enc += dhs
            dhs_dec[:, t, :] = dh
        return dhs_enc, dhs_dec


class BookTimeLSTM:
    """The book's TimeLSTM with its stateful flag and set_state (the decoder starts from a given h)."""

    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.h = self.c = None
        self.stateful = stateful

    def forward(self, xs):
        Wx, Wh, b = self.params
        N_, T_, _ = xs.shape
        H_ = Wh.shape[0]
        self.layers = []
        hs = np.empty((N_, T_, H_), dtype="f")
        if not self.stateful or self.h is None:
            self.h = np.zeros((N_, H_), dtype="f")
        if not self.stateful or self.c is None:
            self.c = np.zeros((N_, H_), dtype="f")
        for t in range(T_):
            layer = BookLSTM(*self.params)
            self.h, self.c = layer.forward(xs[:, t, :], self.h, self.c)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        Wx, Wh, b = self.params
        N_, T_, _ = dhs.shape
        dxs = np.empty((N_, T_, Wx.shape[0]), dtype="f")
        dh, dc = 0, 0
        grads = [0, 0, 0]
        for t in reversed(range(T_)):
            layer = self.layers[t]
            dx, dh, dc = layer.backward(dhs[:, t, :] + dh, dc)
            dxs[:, t, :] = dx
            for i, grad in enumerate(layer.grads):
                grads[i] += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        self.dh = dh
        return dxs

    def set_state(self, h, c=None):
        self.h, self.c = h, c


def _weights(V, with_affine):
    rn = np.random.randn
    weights = [(rn(V, D) / 100).astype("f"), (rn(D, 4 * H) / np.sqrt(D)).astype("f"),
               (rn(H, 4 * H) / np.sqrt(H)).astype("f"), np.zeros(4 * H).astype("f")]
    if with_affine:
        weights += [(rn(2 * H, V) / np.sqrt(2 * H)).astype("f"), np.zeros(V).astype("f")]
    return weights


class BookAttentionEncoder:
    def __init__(self, V):
        embed_W, Wx, Wh, b = _weights(V, False)
        self.embed, self.lstm = BookTimeEmbedding(embed_W), BookTimeLSTM(Wx, Wh, b, stateful=False)
        self.params = self.embed.params + self.lstm.params
        self.grads = self.embed.grads + self.lstm.grads

    def forward(self, xs):
        return self.lstm.forward(self.embed.forward(xs))

    def backward(self, dhs):
        self.embed.backward(self.lstm.backward(dhs))


class BookAttentionDecoder:
    def __init__(self, V):
        embed_W, Wx, Wh, b, affine_W, affine_b = _weights(V, True)
        self.embed, self.lstm = BookTimeEmbedding(embed_W), BookTimeLSTM(Wx, Wh, b, stateful=True)
        self.attention, self.affine = BookTimeAttention(), BookTimeAffine(affine_W, affine_b)
        self.params, self.grads = [], []
        for layer in (self.embed, self.lstm, self.attention, self.affine):
            self.params += layer.params
            self.grads += layer.grads

    def forward(self, xs, enc_hs):
        self.lstm.set_state(enc_hs[:, -1])
        dec_hs = self.lstm.forward(self.embed.forward(xs))
        c = self.attention.forward(enc_hs, dec_hs)
        return self.affine.forward(np.concatenate((c, dec_hs), axis=2))

    def backward(self, dscore):
        dout = self.affine.backward(dscore)
        H_ = dout.shape[2] // 2
        dc, ddec_hs0 = dout[:, :, :H_], dout[:, :, H_:]
        denc_hs, ddec_hs1 = self.attention.backward(dc)
        dout = self.lstm.backward(ddec_hs0 + ddec_hs1)
        denc_hs[:, -1] += self.lstm.dh
        self.embed.backward(dout)
        return denc_hs

    def generate(self, enc_hs, start_id, sample_size):
        sampled, sample_id = [], start_id
        self.lstm.set_state(enc_hs[:, -1])
        for _ in range(sample_size):
            x = np.array([sample_id]).reshape((1, 1))
            dec_hs = self.lstm.forward(self.embed.forward(x))
            c = self.attention.forward(enc_hs, dec_hs)
            score = self.affine.forward(np.concatenate((c, dec_hs), axis=2))
            sample_id = np.argmax(score.flatten())
            sampled.append(sample_id)
        return sampled


class BookAttentionSeq2seq:
    def __init__(self, V):
        self.encoder, self.decoder = BookAttentionEncoder(V), BookAttentionDecoder(V)
        self.softmax = BookTimeSoftmaxWithLoss()
        self.params = self.encoder.params + self.decoder.params
        self.grads = self.encoder.grads + self.decoder.grads

    def forward(self, xs, ts):
        hs = self.encoder.forward(xs)
        score = self.decoder.forward(ts[:, :-1], hs)
        return self.softmax.forward(score, ts[:, 1:])

    def backward(self, dout=1):
        self.encoder.backward(self.decoder.backward(self.softmax.backward(dout)))

    def generate(self, xs, start_id, sample_size):
        return self.decoder.generate(self.encoder.forward(xs), start_id, sample_size)


class BookAdam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter, self.m, self.v = 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = [np.zeros_like(p) for p in params]
            self.v = [np.zeros_like(p) for p in params]
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for i in range(len(params)):
            self.m[i] += (1 - self.beta1) * (grads[i] - self.m[i])
            self.v[i] += (1 - self.beta2) * (grads[i] ** 2 - self.v[i])
            params[i] -= lr_t * self.m[i] / (np.sqrt(self.v[i]) + 1e-7)


def _book_remove_duplicate(params, grads):
    params, grads = params[:], grads[:]
    while True:
        find_flg = False
        L = len(params)
        for i in range(0, L - 1):
            for j in range(i + 1, L):
                if params[i] is params[j]:
                    grads[i] += grads[j]
                    find_flg = True
                    params.pop(j)
                    grads.pop(j)
                elif params[i].ndim == 2 and params[j].ndim == 2 and \
                        params[i].T.shape == params[j].shape and np.all(params[i].T == params[j]):
                    grads[i] += grads[j].T
                    find_flg = True
                    params.pop(j)
                    grads.pop(j)
                if find_flg:
                    break
            if find_flg:
                break
        if not find_flg:
            break
    return params, grads


def book(vocab_size: int):
    """(the book's AttentionSeq2seq, one training step of it as the book's Trainer takes it)."""
    np.random.seed(SEED)
    model = BookAttentionSeq2seq(vocab_size)
    optimizer = BookAdam()

    def step(xs, ts):
        loss = model.forward(xs, ts)
        model.backward()
        params, grads = _book_remove_duplicate(model.params, model.grads)
        total_norm = np.sqrt(sum(np.sum(g ** 2) for g in grads))
        rate = MAX_GRAD / (total_norm + 1e-6)
        if rate < 1:
            for g in grads:
                g *= rate
        optimizer.update(params, grads)
        return float(loss)

    return model, step


# -- the run ------------------------------------------------------------------------------------

def accuracy(model, questions, answers) -> float:
    """The share of questions whose whole answer model.generate gets right (the book's eval_seq2seq)."""
    right = 0
    for question, answer in zip(questions, answers):
        guess = model.generate(question[None], int(answer[0]), len(answer) - 1)
        right += [int(i) for i in guess] == [int(i) for i in answer[1:]]
    return right / len(questions)


def alternating(V, x, t, questions, answers, rounds: int, steps: int) -> dict:
    """Seconds per training step and per answer of fresh models of both, taking turns round by round."""
    models = {"ours": ours(V), "book": book(V)}
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
    parser.add_argument("--json")
    args = parser.parse_args()

    from corpora.sequence import load_sequence

    data = load_sequence("date")
    x_train, t_train = data.x_train[:args.train, ::-1].copy(), data.t_train[:args.train]
    x_test, t_test = data.x_test[:args.test, ::-1].copy(), data.t_test[:args.test]
    V = data.vocab_size
    print(f"AttentionSeq2seq on dates: {len(x_train)} training and {len(x_test)} test questions, V={V} D={D} "
          f"H={H} batch {BATCH}, Adam, max_grad {MAX_GRAD}, float32, one thread; {load_now()}", flush=True)
    speed = alternating(V, x_train, t_train, x_test[:args.questions], t_test[:args.questions], args.rounds, args.steps)
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
    for name, build in (("ours", ours), ("book", book)):
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
                                        "questions": args.questions},
                           "machine": machine(), "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
