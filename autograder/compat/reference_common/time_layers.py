"""The book's common/time_layers.py: the time layers no exercise covers yet.

Shapes: N batch, T time steps, D input width, H hidden width, V vocabulary. dtype
follows the data: hidden states take the dtype of the inputs and weights together.
"""
from autograder.backend import add_at, np
from common.functions import sigmoid
from common.layers import Affine, SoftmaxWithLoss


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        # h_next = tanh(h_prev Wh + x Wx + b)
        Wx, Wh, b = self.params
        h_next = np.tanh(np.dot(h_prev, Wh) + np.dot(x, Wx) + b)
        self.cache = (x, h_prev, h_next)
        return h_next

    def backward(self, dh_next):
        # dt = dh_next · (1 − h_next²), then the three products of the affine part
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)
        self.grads[0][...] = np.dot(x.T, dt)
        self.grads[1][...] = np.dot(h_prev.T, dt)
        self.grads[2][...] = np.sum(dt, axis=0)
        return np.dot(dt, Wx.T), np.dot(dt, Wh.T)


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.dh = None, None
        self.stateful = stateful

    def forward(self, xs):
        # h_t = RNN(x_t, h_{t−1}), one cell per step sharing the params; h_0 = 0 unless stateful
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        dtype = np.result_type(xs.dtype, Wx.dtype)
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=dtype)
        hs = np.empty((N, T, H), dtype=dtype)
        self.layers = []
        for t in range(T):
            layer = RNN(*self.params)
            self.h = layer.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        # backward in time: step t gets dhs[:, t] + dh from step t+1; grads summed over t
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        dxs = np.empty((N, T, Wx.shape[0]), dtype=np.result_type(dhs.dtype, Wx.dtype))
        dh = 0
        grads = [np.zeros_like(g) for g in self.grads]
        for t in reversed(range(T)):
            layer = self.layers[t]
            dxs[:, t, :], dh = layer.backward(dhs[:, t, :] + dh)
            for total, grad in zip(grads, layer.grads):
                total += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        self.dh = dh
        return dxs

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None


class TimeEmbedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.xs = None

    def forward(self, xs):
        # out[n, t] = W[xs[n, t]]: every step's rows at once
        W, = self.params
        self.xs = xs
        return W[xs]

    def backward(self, dout):
        # dW[id] = Σ of dout over every (n, t) holding id
        dW, = self.grads
        dW[...] = 0
        add_at(dW, self.xs, dout)
        return None


class TimeAffine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        # out = x W + b on every step: (N·T, D) @ (D, M), shaped back to (N, T, M)
        W, b = self.params
        N, T, D = x.shape
        self.x = x
        out = np.dot(x.reshape(N * T, D), W)
        if out.dtype == np.result_type(out, b):
            out += b  # in place: the (N·T, M) scores are the largest array of a language model's step
        else:
            out = out + b
        return out.reshape(N, T, -1)

    def backward(self, dout):
        # the Affine gradients with the N·T rows as one batch
        W, b = self.params
        N, T, D = self.x.shape
        dout = dout.reshape(N * T, -1)
        self.grads[0][...] = np.dot(self.x.reshape(N * T, D).T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return np.dot(dout, W.T).reshape(N, T, D)


class TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.ignore_label = -1

    def forward(self, xs, ts):
        # L = −(1/M) Σ over the M unmasked (n, t) of log softmax(xs[n, t])[ts[n, t]]; ts == ignore_label is masked
        N, T, V = xs.shape
        if ts.ndim == 3:  # one-hot labels
            ts = ts.argmax(axis=2)
        mask = (ts != self.ignore_label).reshape(N * T)
        ts = np.where(mask, ts.reshape(N * T), 0)  # a masked label is any valid index: its term is zeroed
        xs = xs.reshape(N * T, V)
        # log softmax at the label = shifted score − log Σ exp(shifted). With V = 10,000 every pass over
        # the scores costs about as much as a matmul: the exponentials are taken in place in one array,
        # and left unnormalised, backward scales them by 1/Σ and dout/M in a single pass
        exps = xs - xs.max(axis=1, keepdims=True)
        picked = exps[np.arange(N * T), ts]
        np.exp(exps, out=exps)
        sums = exps.sum(axis=1)
        count = max(int(mask.sum()), 1)
        loss = -np.sum((picked - np.log(sums)) * mask) / count
        self.cache = (ts, exps, sums, mask, count, (N, T, V))
        return loss

    def backward(self, dout=1):
        # dx = dout · (y − onehot(t)) / M on unmasked positions, 0 on masked ones; y = exps / Σ
        ts, exps, sums, mask, count, (N, T, V) = self.cache
        scale = np.asarray(dout / count, dtype=exps.dtype)
        row_scale = (scale * mask / sums).astype(exps.dtype, copy=False)
        dx = exps * row_scale[:, None]  # a new array: the cache stays as forward left it, backward may run again
        dx[np.arange(N * T), ts] -= scale * mask
        return dx.reshape(N, T, V)


class TimeSigmoidWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None

    def forward(self, xs, ts):
        # L = (1/(N·T)) Σ [log(1 + e^x) − t·x] over every (n, t): SigmoidWithLoss averaged over time too
        self.cache = (sigmoid(xs), ts)
        return np.sum(np.logaddexp(0, xs) - ts * xs) / xs.size

    def backward(self, dout=1):
        # dx = dout · (y − t) / (N·T)
        ys, ts = self.cache
        return (ys - ts) * dout / ys.size


class TimeBiLSTM:
    def __init__(self, Wx1, Wh1, b1, Wx2, Wh2, b2, stateful=False):
        from common.time_layers import TimeLSTM  # the exercise's; imported late: that module imports this one

        self.forward_lstm = TimeLSTM(Wx1, Wh1, b1, stateful)
        self.backward_lstm = TimeLSTM(Wx2, Wh2, b2, stateful)
        self.params = self.forward_lstm.params + self.backward_lstm.params
        self.grads = self.forward_lstm.grads + self.backward_lstm.grads

    def forward(self, xs):
        # out = [forward LSTM over xs ; backward LSTM over xs reversed in time, re-reversed], (N, T, 2H)
        hs_forward = self.forward_lstm.forward(xs)
        hs_backward = self.backward_lstm.forward(xs[:, ::-1])[:, ::-1]
        return np.concatenate((hs_forward, hs_backward), axis=2)

    def backward(self, dhs):
        # each half of dhs to its LSTM (the second in reversed time); both paths add into dxs
        H = dhs.shape[2] // 2
        dxs = self.forward_lstm.backward(dhs[:, :, :H])
        return dxs + self.backward_lstm.backward(dhs[:, ::-1, H:])[:, ::-1]


class GRU:
    def __init__(self, Wx, Wh):
        # Wx (D, 3H) and Wh (H, 3H) hold the update gate z, the reset gate r and the candidate h̃, in that order
        self.params = [Wx, Wh]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh)]
        self.cache = None

    def forward(self, x, h_prev):
        # z = σ(x Wxz + h Whz), r = σ(x Wxr + h Whr), h̃ = tanh(x Wxh + (r⊙h) Whh), h_next = (1 − z)⊙h + z⊙h̃
        Wx, Wh = self.params
        H = Wh.shape[0]
        ax = np.dot(x, Wx)
        z = sigmoid(ax[:, :H] + np.dot(h_prev, Wh[:, :H]))
        r = sigmoid(ax[:, H:2 * H] + np.dot(h_prev, Wh[:, H:2 * H]))
        h_hat = np.tanh(ax[:, 2 * H:] + np.dot(r * h_prev, Wh[:, 2 * H:]))
        self.cache = (x, h_prev, z, r, h_hat)
        return (1 - z) * h_prev + z * h_hat

    def backward(self, dh_next):
        # through h̃ (tanh), then z and r (sigmoids); the three pre-activations side by side as in the weights
        Wx, Wh = self.params
        H = Wh.shape[0]
        x, h_prev, z, r, h_hat = self.cache
        da_hat = dh_next * z * (1 - h_hat ** 2)
        d_rh = np.dot(da_hat, Wh[:, 2 * H:].T)
        da_z = dh_next * (h_hat - h_prev) * z * (1 - z)
        da_r = d_rh * h_prev * r * (1 - r)
        da = np.hstack((da_z, da_r, da_hat))
        self.grads[0][...] = np.dot(x.T, da)
        self.grads[1][...] = np.hstack((np.dot(h_prev.T, da[:, :2 * H]), np.dot((r * h_prev).T, da_hat)))
        dx = np.dot(da, Wx.T)
        dh_prev = dh_next * (1 - z) + d_rh * r + np.dot(da[:, :2 * H], Wh[:, :2 * H].T)
        return dx, dh_prev


class TimeGRU:
    def __init__(self, Wx, Wh, stateful=False):
        self.params = [Wx, Wh]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh)]
        self.layers = None
        self.h, self.dh = None, None
        self.stateful = stateful

    def forward(self, xs):
        # h_t = GRU(x_t, h_{t−1}), one cell per step sharing the params; h_0 = 0 unless stateful
        Wx, Wh = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        dtype = np.result_type(xs.dtype, Wx.dtype)
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=dtype)
        hs = np.empty((N, T, H), dtype=dtype)
        self.layers = []
        for t in range(T):
            layer = GRU(*self.params)
            self.h = layer.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs

    def backward(self, dhs):
        # backward in time, as TimeRNN
        Wx, Wh = self.params
        N, T, H = dhs.shape
        dxs = np.empty((N, T, Wx.shape[0]), dtype=np.result_type(dhs.dtype, Wx.dtype))
        dh = 0
        grads = [np.zeros_like(g) for g in self.grads]
        for t in reversed(range(T)):
            layer = self.layers[t]
            dxs[:, t, :], dh = layer.backward(dhs[:, t, :] + dh)
            for total, grad in zip(grads, layer.grads):
                total += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        self.dh = dh
        return dxs

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None


class Simple_TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.layers = None

    def forward(self, xs, ts):
        # L = (1/T) Σ_t SoftmaxWithLoss(xs[:, t], ts[:, t]): one loss layer per step, for reading, not speed
        T = xs.shape[1]
        self.layers = [SoftmaxWithLoss() for _ in range(T)]
        return sum(layer.forward(xs[:, t, :], ts[:, t]) for t, layer in enumerate(self.layers)) / T

    def backward(self, dout=1):
        T = len(self.layers)
        return np.stack([layer.backward(dout / T) for layer in self.layers], axis=1)


class Simple_TimeAffine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.layers = None

    def forward(self, xs):
        # out[:, t] = Affine(xs[:, t]): one Affine per step sharing W and b, for reading, not speed
        self.layers = [Affine(*self.params) for _ in range(xs.shape[1])]
        return np.stack([layer.forward(xs[:, t, :]) for t, layer in enumerate(self.layers)], axis=1)

    def backward(self, dout):
        dxs = np.stack([layer.backward(dout[:, t, :]) for t, layer in enumerate(self.layers)], axis=1)
        for i in range(len(self.grads)):
            self.grads[i][...] = sum(layer.grads[i] for layer in self.layers)
        return dxs
