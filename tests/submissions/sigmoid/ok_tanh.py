"""Correct: sigmoid through tanh, backward from the stored input."""
from workbench.backend import np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.x = None

    def forward(self, x):
        self.x = x
        return sigmoid(x)

    def backward(self, dout):
        s = sigmoid(self.x)
        return dout * s * (1.0 - s)
