"""The TimeDropout layer (book §6.5.2)."""
from workbench.backend import np


class TimeDropout:
    def __init__(self, dropout_ratio=0.5):
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.mask = None
        self.train_flg = True

    def forward(self, xs):
        # training: keep each element with probability 1 − ratio and scale it by 1/(1 − ratio); testing: identity
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # the same mask: dropped elements pass no gradient
        # YOUR CODE HERE
        raise NotImplementedError()
