"""Correct: a boolean mask kept, the scale applied as a division in forward and backward."""
from workbench.backend import np


class TimeDropout:
    def __init__(self, dropout_ratio=0.5):
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.keep = None
        self.train_flg = True

    def forward(self, xs):
        if self.train_flg:
            self.keep = np.random.rand(*xs.shape) > self.dropout_ratio
            return xs * self.keep / (1 - self.dropout_ratio)
        return xs

    def backward(self, dout):
        if self.train_flg:
            return dout * self.keep / (1 - self.dropout_ratio)
        return dout
