"""Bug: sigmoid as exp(x) / (1 + exp(x)): inf / inf = nan for large x."""
from workbench.backend import np


def sigmoid(x):
    # σ(x) = 1 / (1 + e^(−x)), written with e^(−|x|) ≤ 1 so nothing overflows
    return np.exp(x) / (1 + np.exp(x))


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        # y = σ(x), kept for backward
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        # ∂y/∂x = y(1 − y)
        return dout * (1.0 - self.out) * self.out
