"""The book's common/time_layers.py: the time layers no exercise covers yet.

Shapes: N batch, T time steps, D input width, H hidden width, V vocabulary. dtype
follows the data: hidden states take the dtype of the inputs and weights together.
"""
from autograder.backend import np
from common.functions import sigmoid
from common.layers import Affine, SoftmaxWithLoss


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
