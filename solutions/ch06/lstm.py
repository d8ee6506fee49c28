"""The LSTM layer (book §6.3).

zh: LSTM 层（书 §6.3）。
"""
from workbench.backend import np

from ch01.sigmoid import sigmoid  # noqa: F401 - σ, from chapter 1


class LSTM:
    def __init__(self, Wx, Wh, b):
        # the four gates' weights side by side in 4H columns, in the order f, g, i, o
        # zh: 四个门的权重并排放在 4H 列中，顺序为 f、g、i、o
        self.params = [Wx, Wh, b]
        self.grads = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)]
        self.cache = None

    def forward(self, x, h_prev, c_prev):
        ### BEGIN SOLUTION
        # A = x·Wx + h_prev·Wh + b → f, g, i, o; c = f⊙c_prev + g⊙i, h = o⊙tanh(c)
        # zh: A = x·Wx + h_prev·Wh + b → f、g、i、o；c = f⊙c_prev + g⊙i，h = o⊙tanh(c)
        Wx, Wh, b = self.params
        N, H = h_prev.shape
        A = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
        # each gate an array of its own (not a strided view of A), σ(a) = (1 + tanh(a/2)) / 2 in place:
        # one tanh a gate and nothing that overflows, where e^min(a, 0) / (1 + e^−|a|) takes two exps
        f, i, o = (np.tanh(0.5 * A[:, k * H:(k + 1) * H]) for k in (0, 2, 3))
        for gate in (f, i, o):
            gate += 1
            gate *= 0.5
        g = np.tanh(A[:, H:2 * H])
        c_next = f * c_prev + g * i
        tanh_c_next = np.tanh(c_next)
        h_next = o * tanh_c_next
        self.cache = (x, h_prev, c_prev, i, f, g, o, tanh_c_next)
        return h_next, c_next
        ### END SOLUTION

    def backward(self, dh_next, dc_next):
        ### BEGIN SOLUTION
        # ds = dc_next + dh_next⊙o⊙(1 − tanh²c); dA = [df, dg, di, do] through σ' = y(1−y), tanh' = 1−y²
        # zh: ds = dc_next + dh_next⊙o⊙(1 − tanh²c)；dA = [df, dg, di, do]，其中用到 σ' = y(1−y) 和 tanh' = 1−y²
        Wx, Wh, b = self.params
        x, h_prev, c_prev, i, f, g, o, tanh_c_next = self.cache
        ds = dc_next + (dh_next * o) * (1 - tanh_c_next ** 2)
        dc_prev = ds * f
        df = ds * c_prev * f * (1 - f)
        dg = ds * i * (1 - g ** 2)
        di = ds * g * i * (1 - i)
        do = dh_next * tanh_c_next * o * (1 - o)
        dA = np.hstack((df, dg, di, do))
        self.grads[0][...] = np.dot(x.T, dA)
        self.grads[1][...] = np.dot(h_prev.T, dA)
        self.grads[2][...] = dA.sum(axis=0)
        dx = np.dot(dA, Wx.T)
        dh_prev = np.dot(dA, Wh.T)
        return dx, dh_prev, dc_prev
        ### END SOLUTION
