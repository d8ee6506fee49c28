"""The RNN layer: one time step of a simple recurrent network (book §5.3.1).

zh: RNN 层：简单循环神经网络的一个时间步（书 §5.3.1）。
"""
from workbench.backend import np


class RNN:
    def __init__(self, Wx, Wh, b):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev):
        ### BEGIN SOLUTION
        # h_next = tanh(h_prev·Wh + x·Wx + b)
        # zh: h_next = tanh(h_prev·Wh + x·Wx + b)
        Wx, Wh, b = self.params
        t = np.dot(h_prev, Wh) + np.dot(x, Wx) + b
        h_next = np.tanh(t)
        self.cache = (x, h_prev, h_next)
        return h_next
        ### END SOLUTION

    def backward(self, dh_next):
        ### BEGIN SOLUTION
        # dt = dh_next⊙(1 − h_next²) through tanh' = 1 − y²; then the affine part: dx = dt·Wxᵀ, dh_prev = dt·Whᵀ
        # zh: 经过 tanh' = 1 − y² 得到 dt = dh_next⊙(1 − h_next²)；再经过仿射部分：dx = dt·Wxᵀ，dh_prev = dt·Whᵀ
        Wx, Wh, b = self.params
        x, h_prev, h_next = self.cache
        dt = dh_next * (1 - h_next ** 2)
        self.grads[0][...] = np.dot(x.T, dt)
        self.grads[1][...] = np.dot(h_prev.T, dt)
        self.grads[2][...] = np.sum(dt, axis=0)
        dx = np.dot(dt, Wx.T)
        dh_prev = np.dot(dt, Wh.T)
        return dx, dh_prev
        ### END SOLUTION
