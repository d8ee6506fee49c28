"""The negative sampling loss (book §4.2.7).

zh: 负采样损失（书 §4.2.7）。
"""
from workbench.backend import np

from common.layers import SigmoidWithLoss
from ch04.embedding_dot import EmbeddingDot
from ch04.unigram_sampler import UnigramSampler


class NegativeSamplingLoss:
    def __init__(self, W, corpus, power=0.75, sample_size=5):
        self.sample_size = sample_size
        # the negatives come from self.sampler.get_negative_sample(target): the grader sets its own sampler here
        # zh: 负样本来自 self.sampler.get_negative_sample(target)：评分程序会在这里换上它自己的采样器
        self.sampler = UnigramSampler(corpus, power, sample_size)
        ### BEGIN SOLUTION
        # one score layer on the shared W for the target and one per negative: params [W] * (sample_size + 1)
        # zh: 目标词一个打分层，每个负样本各一个，它们共用 W：params 为 [W] * (sample_size + 1)
        self.loss_layers = [SigmoidWithLoss() for _ in range(sample_size + 1)]
        self.embed_dot_layers = [EmbeddingDot(W) for _ in range(sample_size + 1)]
        self.params, self.grads = [], []
        for layer in self.embed_dot_layers:
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def forward(self, h, target):
        ### BEGIN SOLUTION
        # L = −(1/N) Σ_n [log σ(h_n · W[t_n]) + Σ_k log(1 − σ(h_n · W[neg_nk]))]: the target labelled 1, each negative 0
        # zh: L = −(1/N) Σ_n [log σ(h_n · W[t_n]) + Σ_k log(1 − σ(h_n · W[neg_nk]))]：目标词标签为 1，每个负样本为 0
        batch_size = target.shape[0]
        negative_sample = self.sampler.get_negative_sample(target)
        score = self.embed_dot_layers[0].forward(h, target)
        loss = self.loss_layers[0].forward(score, np.ones(batch_size, dtype=np.int32))
        negative_label = np.zeros(batch_size, dtype=np.int32)
        for i in range(self.sample_size):
            score = self.embed_dot_layers[1 + i].forward(h, negative_sample[:, i])
            loss += self.loss_layers[1 + i].forward(score, negative_label)
        return loss
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # h feeds every score: dh is the sum of what each of the sample_size + 1 branches sends back
        # zh: h 参与了每一个得分：dh 是 sample_size + 1 个分支各自传回的梯度之和
        dh = 0
        for loss_layer, embed_dot in zip(self.loss_layers, self.embed_dot_layers):
            dscore = loss_layer.backward(dout)
            dh += embed_dot.backward(dscore)
        return dh
        ### END SOLUTION
