"""The TimeLSTM layer: T LSTM cells in a row (book §6.3.1).

zh: TimeLSTM 层：T 个依次相连的 LSTM 单元（书 §6.3.1）。
"""
from workbench.backend import np

from ch06.lstm import LSTM


class TimeLSTM:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.c = None, None
        self.dh = None
        self.stateful = stateful

    def forward(self, xs):
        ### BEGIN SOLUTION
        # (h_t, c_t) = LSTM(x_t, h_{t−1}, c_{t−1}), one cell per step sharing the params; h_0 = c_0 = 0 unless stateful
        # zh: (h_t, c_t) = LSTM(x_t, h_{t−1}, c_{t−1})，每个时间步一个单元，共享参数；除非是有状态模式，否则 h_0 = c_0 = 0
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        dtype = np.result_type(xs.dtype, Wx.dtype)
        hs = np.empty((N, T, H), dtype=dtype)
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=dtype)
        if not self.stateful or self.c is None:
            self.c = np.zeros((N, H), dtype=dtype)
        self.layers = []
        for t in range(T):
            layer = LSTM(*self.params)
            self.h, self.c = layer.forward(xs[:, t, :], self.h, self.c)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs
        ### END SOLUTION

    def backward(self, dhs):
        ### BEGIN SOLUTION
        # backward in time: step t gets dhs[:, t] + dh from step t+1, and dc from step t+1; grads summed over t
        # zh: 沿时间反向传播：时间步 t 得到 dhs[:, t] 加上来自第 t+1 步的 dh，以及来自第 t+1 步的 dc；梯度对所有 t 求和
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        D = Wx.shape[0]
        dxs = np.empty((N, T, D), dtype=np.result_type(dhs.dtype, Wx.dtype))
        dh, dc = 0, 0
        grads = [np.zeros_like(grad) for grad in self.grads]
        for t in reversed(range(T)):
            layer = self.layers[t]
            dx, dh, dc = layer.backward(dhs[:, t, :] + dh, dc)
            dxs[:, t, :] = dx
            for total, grad in zip(grads, layer.grads):
                total += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        self.dh = dh
        return dxs
        ### END SOLUTION

    def set_state(self, h, c=None):
        self.h, self.c = h, c

    def reset_state(self):
        self.h, self.c = None, None
