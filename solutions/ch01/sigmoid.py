"""The sigmoid function and layer (book §1.2.1, §1.3.5).

zh: sigmoid 函数和 Sigmoid 层（书 §1.2.1、§1.3.5）。
"""
from workbench.backend import np


def sigmoid(x):
    ### BEGIN SOLUTION
    # σ(x) = 1 / (1 + e^(−x)) = e^min(x, 0) / (1 + e^(−|x|)): no exponent above 0, so nothing overflows
    # zh: σ(x) = 1 / (1 + e^(−x)) = e^min(x, 0) / (1 + e^(−|x|))：指数都不大于 0，这样不会上溢
    return np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))
    ### END SOLUTION


class Sigmoid:
    def __init__(self):
        self.params, self.grads = [], []
        self.out = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # y = σ(x), kept for backward
        # zh: y = σ(x)，保存下来供反向传播使用
        self.out = sigmoid(x)
        return self.out
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # ∂y/∂x = y(1 − y)
        return dout * (1.0 - self.out) * self.out
        ### END SOLUTION
