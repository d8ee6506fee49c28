"""The simple CBOW model (book §3.4).

zh: 简单的 CBOW 模型（书 §3.4）。
"""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleCBOW:
    def __init__(self, vocab_size, hidden_size):
        V, H = vocab_size, hidden_size
        ### BEGIN SOLUTION
        # W_in (V, H) shared by both context words, W_out (H, V); small random values
        # zh: W_in (V, H) 由两个上下文单词共用，W_out (H, V)；都取较小的随机值
        W_in = 0.01 * np.random.randn(V, H)
        W_out = 0.01 * np.random.randn(H, V)
        self.in_layer0 = MatMul(W_in)
        self.in_layer1 = MatMul(W_in)
        self.out_layer = MatMul(W_out)
        self.loss_layer = SoftmaxWithLoss()
        # params [W_in, W_in, W_out]: W_in twice, with one grad per use (they add up)
        # zh: params 为 [W_in, W_in, W_out]：W_in 出现两次，每次使用各有一个梯度（两者相加）
        layers = [self.in_layer0, self.in_layer1, self.out_layer]
        self.params, self.grads = [], []
        for layer in layers:
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in
        ### END SOLUTION

    def forward(self, contexts, target):
        ### BEGIN SOLUTION
        # h = (c0 · W_in + c1 · W_in) / 2, L = SoftmaxWithLoss(h · W_out, target)
        # zh: h = (c0 · W_in + c1 · W_in) / 2，L = SoftmaxWithLoss(h · W_out, target)
        h0 = self.in_layer0.forward(contexts[:, 0])
        h1 = self.in_layer1.forward(contexts[:, 1])
        h = (h0 + h1) * 0.5
        score = self.out_layer.forward(h)
        return self.loss_layer.forward(score, target)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the average sends half of dh down each context branch
        # zh: 取平均意味着每个上下文分支各得到 dh 的一半
        ds = self.loss_layer.backward(dout)
        dh = self.out_layer.backward(ds) * 0.5
        self.in_layer1.backward(dh)
        self.in_layer0.backward(dh)
        return None
        ### END SOLUTION
