"""The TimeDropout layer (book §6.5.2).

zh: TimeDropout 层（书 §6.5.2）。
"""
from workbench.backend import np


class TimeDropout:
    def __init__(self, dropout_ratio=0.5):
        self.params, self.grads = [], []
        self.dropout_ratio = dropout_ratio
        self.mask = None
        self.train_flg = True

    def forward(self, xs):
        ### BEGIN SOLUTION
        # training: keep each element with probability 1 − ratio and scale it by 1/(1 − ratio); testing: identity
        # zh: 训练时：每个元素以概率 1 − ratio 保留，并乘以 1/(1 − ratio)；测试时：原样输出
        if not self.train_flg:
            return xs
        keep = np.random.rand(*xs.shape) > self.dropout_ratio
        self.mask = keep.astype(xs.dtype) * (1.0 / (1.0 - self.dropout_ratio))
        return xs * self.mask
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # the same mask: dropped elements pass no gradient
        # zh: 使用同一个 mask：被丢弃的元素不传递梯度
        if not self.train_flg:
            return dout
        return dout * self.mask
        ### END SOLUTION
