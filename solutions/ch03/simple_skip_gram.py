"""The simple skip-gram model (book §3.5.2).

zh: 简单的 skip-gram 模型（书 §3.5.2）。
"""
from workbench.backend import np

from ch01.affine import MatMul
from ch01.softmax_with_loss import SoftmaxWithLoss


class SimpleSkipGram:
    def __init__(self, vocab_size, hidden_size):
        V, H = vocab_size, hidden_size
        ### BEGIN SOLUTION
        # W_in (V, H) for the target word, W_out (H, V) shared by both context predictions
        # zh: W_in (V, H) 用于目标词，W_out (H, V) 由两个上下文的预测共用
        W_in = 0.01 * np.random.randn(V, H)
        W_out = 0.01 * np.random.randn(H, V)
        self.in_layer = MatMul(W_in)
        self.out_layer = MatMul(W_out)
        # one loss layer per context position: each keeps its own labels for backward
        # zh: 每个上下文位置一个损失层：各自保存自己的标签，供反向传播使用
        self.loss_layer1 = SoftmaxWithLoss()
        self.loss_layer2 = SoftmaxWithLoss()
        self.params, self.grads = [], []
        for layer in (self.in_layer, self.out_layer):
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in
        ### END SOLUTION

    def forward(self, contexts, target):
        ### BEGIN SOLUTION
        # s = target · W_in · W_out, L = Σ over the context positions of SoftmaxWithLoss(s, contexts[:, c])
        # zh: s = target · W_in · W_out，L = 对各上下文位置求和 SoftmaxWithLoss(s, contexts[:, c])
        h = self.in_layer.forward(target)
        s = self.out_layer.forward(h)
        l1 = self.loss_layer1.forward(s, contexts[:, 0])
        l2 = self.loss_layer2.forward(s, contexts[:, 1])
        return l1 + l2
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the loss is a sum, so both losses send dout back and their gradients add up in ds
        # zh: 损失是两者之和，所以两个损失都回传 dout，它们的梯度在 ds 中相加
        ds = self.loss_layer1.backward(dout) + self.loss_layer2.backward(dout)
        dh = self.out_layer.backward(ds)
        self.in_layer.backward(dh)
        return None
        ### END SOLUTION
