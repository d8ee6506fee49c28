"""Softmax, cross-entropy error and the Softmax layer (book §1.3.1, appendix A).

zh: Softmax、交叉熵误差和 Softmax 层（书 §1.3.1、附录 A）。
"""
from workbench.backend import np


def softmax(x):
    ### BEGIN SOLUTION
    # softmax(x)_k = e^(x_k − max x) / Σ_j e^(x_j − max x), per row; the shift avoids overflow
    # zh: softmax(x)_k = e^(x_k − max x) / Σ_j e^(x_j − max x)，逐行计算；减去最大值可以避免上溢
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)
    ### END SOLUTION


def cross_entropy_error(y, t):
    ### BEGIN SOLUTION
    # L = −(1/N) Σ_n log y[n, t_n]; one-hot labels become indices first
    # zh: L = −(1/N) Σ_n log y[n, t_n]；one-hot 标签先转换为索引
    if y.ndim == 1:
        y = y.reshape(1, -1)
        t = t.reshape(1, -1) if t.size == y.size else t.reshape(1)
    if t.size == y.size:
        t = t.argmax(axis=1)
    N = y.shape[0]
    return -np.sum(np.log(y[np.arange(N), t] + 1e-7)) / N
    ### END SOLUTION


class Softmax:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # y = softmax(x), kept for backward
        # zh: y = softmax(x)，保存下来供反向传播使用
        self.out = softmax(x)
        return self.out
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dx = y ⊙ (dout − Σ_j dout_j y_j), row by row
        # zh: dx = y ⊙ (dout − Σ_j dout_j y_j)，逐行计算
        dx = self.out * dout
        return dx - self.out * dx.sum(axis=-1, keepdims=True)
        ### END SOLUTION
