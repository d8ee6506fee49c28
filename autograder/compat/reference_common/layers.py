"""The book's common/layers.py: the layers no exercise covers yet."""
from autograder.backend import np
from common.functions import sigmoid


class SigmoidWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.loss = None
        self.y = None  # sigmoid output
        self.t = None  # labels, 0 or 1

    def forward(self, x, t):
        # L = (1/N) Σ [log(1 + e^x) − t·x], the binary cross-entropy of y = σ(x), without log(0)
        self.t = t
        self.y = sigmoid(x)
        self.loss = np.sum(np.logaddexp(0, x) - t * x) / t.shape[0]
        return self.loss

    def backward(self, dout=1):
        # dx = dout · (y − t) / N
        return (self.y - self.t) * dout / self.t.shape[0]


class Dropout:
    def __init__(self, dropout_ratio=0.5):
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.mask = None

    def forward(self, x, train_flg=True):
        # training keeps each unit with probability 1 − ratio; testing scales by 1 − ratio instead
        # (the book's plain dropout: the inverted kind, scaled while training, is TimeDropout)
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask

