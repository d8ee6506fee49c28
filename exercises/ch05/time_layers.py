"""The Time layers of a language model: TimeEmbedding, TimeAffine, TimeSoftmaxWithLoss (book §5.4.2)."""
from workbench.backend import np


class TimeEmbedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, xs):
        # out[n, t] = W[xs[n, t]]: the rows of every time step's ids at once, (N, T) → (N, T, D)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # dW[id] = Σ of dout over every (n, t) holding id: np.add.at adds repeated ids
        # YOUR CODE HERE
        raise NotImplementedError()


class TimeAffine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        # out = x W + b on every step: the N·T rows (N·T, D) as one batch, shaped back to (N, T, M)
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout):
        # Affine's gradients on the N·T rows: dW, db summed over batch and time; dx shaped back to (N, T, D)
        # YOUR CODE HERE
        raise NotImplementedError()


class TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.ignore_label = -1

    def forward(self, xs, ts):
        # L = −(1/M) Σ over the M unmasked (n, t) of log softmax(xs[n, t])[ts[n, t]]; ts == ignore_label is masked
        # YOUR CODE HERE
        raise NotImplementedError()

    def backward(self, dout=1):
        # dx = dout · (y − onehot(t)) / M on the unmasked positions, 0 on the masked ones
        # YOUR CODE HERE
        raise NotImplementedError()
