"""CBOW and skip-gram with an Embedding layer and negative sampling (book §4.3).

zh: 使用 Embedding 层和负采样的 CBOW 与 skip-gram（书 §4.3）。
"""
from workbench.backend import np

from ch04.embedding import Embedding
from ch04.negative_sampling import NegativeSamplingLoss


class CBOW:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        V, H = vocab_size, hidden_size
        ### BEGIN SOLUTION
        # W_in (V, H) shared by the 2·window_size context positions, W_out (V, H) by the loss's score layers
        # zh: W_in (V, H) 由 2·window_size 个上下文位置共用，W_out (V, H) 由损失层的各个打分层共用
        W_in = 0.01 * np.random.randn(V, H).astype('f')
        W_out = 0.01 * np.random.randn(V, H).astype('f')
        self.in_layers = [Embedding(W_in) for _ in range(2 * window_size)]
        self.ns_loss = NegativeSamplingLoss(W_out, corpus, power=0.75, sample_size=5)
        # params [W_in] * 2·window_size + [W_out] * 6: one grad per use, added up by the optimizer's caller
        # zh: params 为 [W_in] * 2·window_size + [W_out] * 6：每次使用各有一个梯度，由优化器的调用方相加
        self.params, self.grads = [], []
        for layer in self.in_layers + [self.ns_loss]:
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in
        ### END SOLUTION

    def forward(self, contexts, target):
        ### BEGIN SOLUTION
        # h = (1 / 2w) Σ_i W_in[contexts[:, i]]: the mean of the context vectors; L = NegativeSamplingLoss(h, target)
        # zh: h = (1 / 2w) Σ_i W_in[contexts[:, i]]：上下文向量的平均；L = NegativeSamplingLoss(h, target)
        h = 0
        for i, layer in enumerate(self.in_layers):
            h = h + layer.forward(contexts[:, i])
        h = h / len(self.in_layers)
        return self.ns_loss.forward(h, target)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the mean sends dh / 2w to every context position; each Embedding writes its own share of dW_in
        # zh: 取平均意味着每个上下文位置得到 dh / 2w；每个 Embedding 写入 dW_in 中属于自己的那一份
        dh = self.ns_loss.backward(dout) / len(self.in_layers)
        for layer in self.in_layers:
            layer.backward(dh)
        return None
        ### END SOLUTION


class SkipGram:
    def __init__(self, vocab_size, hidden_size, window_size, corpus):
        V, H = vocab_size, hidden_size
        ### BEGIN SOLUTION
        # one W_in row for the target; a NegativeSamplingLoss per context position, all on the shared W_out
        # zh: 目标词取 W_in 的一行；每个上下文位置一个 NegativeSamplingLoss，都共用 W_out
        W_in = 0.01 * np.random.randn(V, H).astype('f')
        W_out = 0.01 * np.random.randn(V, H).astype('f')
        self.in_layer = Embedding(W_in)
        self.loss_layers = [NegativeSamplingLoss(W_out, corpus, power=0.75, sample_size=5)
                            for _ in range(2 * window_size)]
        self.params, self.grads = [], []
        for layer in [self.in_layer] + self.loss_layers:
            self.params += layer.params
            self.grads += layer.grads
        self.word_vecs = W_in
        ### END SOLUTION

    def forward(self, contexts, target):
        ### BEGIN SOLUTION
        # h = W_in[target]; L = Σ_i NegativeSamplingLoss_i(h, contexts[:, i]): summed over the context positions
        # zh: h = W_in[target]；L = Σ_i NegativeSamplingLoss_i(h, contexts[:, i])：对所有上下文位置求和
        h = self.in_layer.forward(target)
        loss = 0
        for i, layer in enumerate(self.loss_layers):
            loss += layer.forward(h, contexts[:, i])
        return loss
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # h feeds every context position's loss: dh adds up their gradients
        # zh: h 参与了每个上下文位置的损失：dh 是它们梯度的总和
        dh = 0
        for layer in self.loss_layers:
            dh += layer.backward(dout)
        self.in_layer.backward(dh)
        return None
        ### END SOLUTION
