"""The Softmax-with-Loss layer (book §1.3.5.3, appendix A).

zh: Softmax-with-Loss 层（书 §1.3.5.3、附录 A）。
"""
from workbench.backend import np

from ch01.softmax import cross_entropy_error, softmax


class SoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.y = None  # softmax output
        self.t = None  # labels, as class indices

    def forward(self, x, t):
        ### BEGIN SOLUTION
        # L = −(1/N) Σ_n log softmax(x)[n, t_n]
        self.y = softmax(x)
        self.t = t.argmax(axis=1) if t.size == self.y.size else t
        return cross_entropy_error(self.y, self.t)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # dx = dout · (y − t) / N, with t one-hot
        # zh: dx = dout · (y − t) / N，其中 t 是 one-hot 形式
        N = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(N), self.t] -= 1
        return dx * dout / N
        ### END SOLUTION
