"""The Time layers of a language model: TimeEmbedding, TimeAffine, TimeSoftmaxWithLoss (book §5.4.2).

zh: 语言模型的 Time 层：TimeEmbedding、TimeAffine、TimeSoftmaxWithLoss（书 §5.4.2）。
"""
from workbench.backend import np


class TimeEmbedding:
    def __init__(self, W):
        self.params = [W]
        self.grads = [np.zeros_like(W)]
        self.idx = None

    def forward(self, xs):
        ### BEGIN SOLUTION
        # out[n, t] = W[xs[n, t]]: the rows of every time step's ids at once, (N, T) → (N, T, D)
        # zh: out[n, t] = W[xs[n, t]]：一次取出所有时间步的 ID 对应的行，(N, T) → (N, T, D)
        W, = self.params
        self.idx = xs
        return W[xs]
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # dW[id] = Σ of dout over every (n, t) holding id: np.add.at adds repeated ids
        # zh: dW[id] = 所有取到该 id 的 (n, t) 上 dout 之和：np.add.at 会把重复的 id 累加
        dW, = self.grads
        dW[...] = 0
        np.add.at(dW, self.idx, dout)
        return None
        ### END SOLUTION


class TimeAffine:
    def __init__(self, W, b):
        self.params = [W, b]
        self.grads = [np.zeros_like(W), np.zeros_like(b)]
        self.x = None

    def forward(self, x):
        ### BEGIN SOLUTION
        # out = x W + b on every step: the N·T rows (N·T, D) as one batch, shaped back to (N, T, M)
        # zh: 每个时间步都算 out = x W + b：把 N·T 行 (N·T, D) 当作一个批次，再变回 (N, T, M)
        W, b = self.params
        N, T, D = x.shape
        self.x = x
        out = np.dot(x.reshape(N * T, D), W) + b
        return out.reshape(N, T, -1)
        ### END SOLUTION

    def backward(self, dout):
        ### BEGIN SOLUTION
        # Affine's gradients on the N·T rows: dW, db summed over batch and time; dx shaped back to (N, T, D)
        # zh: 在 N·T 行上求 Affine 的梯度：dW、db 对批次和时间都求和；dx 变回 (N, T, D)
        W, b = self.params
        N, T, D = self.x.shape
        rx = self.x.reshape(N * T, D)
        dout = dout.reshape(N * T, -1)
        self.grads[0][...] = np.dot(rx.T, dout)
        self.grads[1][...] = np.sum(dout, axis=0)
        return np.dot(dout, W.T).reshape(N, T, D)
        ### END SOLUTION


class TimeSoftmaxWithLoss:
    def __init__(self):
        self.params, self.grads = [], []
        self.cache = None
        self.ignore_label = -1

    def forward(self, xs, ts):
        ### BEGIN SOLUTION
        # L = −(1/M) Σ over the M unmasked (n, t) of log softmax(xs[n, t])[ts[n, t]]; ts == ignore_label is masked
        # zh: L = −(1/M) Σ 对 M 个未被屏蔽的 (n, t) 求 log softmax(xs[n, t])[ts[n, t]]；ts == ignore_label 的位置被屏蔽
        N, T, V = xs.shape
        if ts.ndim == 3:  # one-hot labels
            ts = ts.argmax(axis=2)
        mask = (ts != self.ignore_label).reshape(N * T)
        ts = ts.reshape(N * T)
        xs = xs.reshape(N * T, V)
        shifted = xs - xs.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sums = exp.sum(axis=1)
        # log y at the labels from the shifted scores: finite even where y underflows to 0
        log_ys = shifted[np.arange(N * T), ts] - np.log(sums)
        ls = log_ys * mask  # a masked label (−1) picks the last column: its term is zeroed here
        count = max(int(mask.sum()), 1)  # every position masked: no loss, not 0/0
        loss = -np.sum(ls) / count
        self.cache = (ts, exp / sums[:, None], mask, count, (N, T, V))
        return loss
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # dx = dout · (y − onehot(t)) / M on the unmasked positions, 0 on the masked ones
        # zh: 未被屏蔽的位置上 dx = dout · (y − onehot(t)) / M，被屏蔽的位置上为 0
        ts, ys, mask, count, (N, T, V) = self.cache
        dx = ys.copy()  # the cache stays as forward left it: backward may run again
        dx[np.arange(N * T), ts] -= 1
        dx *= dout * mask[:, None] / count
        return dx.reshape(N, T, V)
        ### END SOLUTION
