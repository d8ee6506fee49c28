"""Correct: np.random.uniform compared with `<` (kept where ratio < u), np.where for the mask."""
import numpy as np


class TimeDropout:
    def __init__(self, dropout_ratio=0.5):
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.mask = None
        self.train_flg = True

    def forward(self, xs):
        if not self.train_flg:
            return xs
        keep = self.dropout_ratio < np.random.uniform(size=xs.shape)
        self.mask = np.where(keep, 1.0 / (1.0 - self.dropout_ratio), 0.0).astype(xs.dtype)
        return xs * self.mask

    def backward(self, dout):
        return dout * self.mask if self.train_flg else dout
