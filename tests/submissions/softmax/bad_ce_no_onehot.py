"""Bug: cross_entropy_error does not turn one-hot labels into indices."""
from workbench.backend import np


def softmax(x):
    # softmax(x)_k = e^(x_k − max x) / Σ_j e^(x_j − max x), per row; the shift avoids overflow
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    # L = −(1/N) Σ_n log y[n, t_n]; one-hot labels become indices first
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    N = y.shape[0]
    return -np.sum(np.log(y[np.arange(N), t] + 1e-7)) / N


class Softmax:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        # y = softmax(x), kept for backward
        self.out = softmax(x)
        return self.out

    def backward(self, dout):
        # dx = y ⊙ (dout − Σ_j dout_j y_j), row by row
        dx = self.out * dout
        return dx - self.out * dx.sum(axis=-1, keepdims=True)
