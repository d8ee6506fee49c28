"""The TimeRNN layer: T RNN cells in a row (book §5.3.2).

zh: TimeRNN 层：T 个依次相连的 RNN 单元（书 §5.3.2）。
"""
from workbench.backend import np

from ch05.rnn import RNN


class TimeRNN:
    def __init__(self, Wx, Wh, b, stateful=False):
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.layers = None
        self.h, self.dh = None, None
        self.stateful = stateful

    def forward(self, xs):
        ### BEGIN SOLUTION
        # h_t = RNN(x_t, h_{t−1}), one cell per step sharing the params; h_0 = 0 unless stateful
        # zh: h_t = RNN(x_t, h_{t−1})，每个时间步一个单元，共享参数；除非是有状态模式，否则 h_0 = 0
        Wx, Wh, b = self.params
        N, T, D = xs.shape
        H = Wh.shape[0]
        dtype = np.result_type(xs.dtype, Wx.dtype)
        hs = np.empty((N, T, H), dtype=dtype)
        if not self.stateful or self.h is None:
            self.h = np.zeros((N, H), dtype=dtype)
        self.layers = []
        for t in range(T):
            layer = RNN(*self.params)
            self.h = layer.forward(xs[:, t, :], self.h)
            hs[:, t, :] = self.h
            self.layers.append(layer)
        return hs
        ### END SOLUTION

    def backward(self, dhs):
        ### BEGIN SOLUTION
        # backward in time: step t gets dhs[:, t] + dh from step t+1; grads summed over t
        # zh: 沿时间反向传播：时间步 t 得到 dhs[:, t] 加上来自第 t+1 步的 dh；梯度对所有 t 求和
        Wx, Wh, b = self.params
        N, T, H = dhs.shape
        D = Wx.shape[0]
        dxs = np.empty((N, T, D), dtype=np.result_type(dhs.dtype, Wx.dtype))
        dh = 0
        grads = [np.zeros_like(grad) for grad in self.grads]
        for t in reversed(range(T)):
            layer = self.layers[t]
            dx, dh = layer.backward(dhs[:, t, :] + dh)
            dxs[:, t, :] = dx
            for total, grad in zip(grads, layer.grads):
                total += grad
        for i, grad in enumerate(grads):
            self.grads[i][...] = grad
        self.dh = dh
        return dxs
        ### END SOLUTION

    def set_state(self, h):
        self.h = h

    def reset_state(self):
        self.h = None
