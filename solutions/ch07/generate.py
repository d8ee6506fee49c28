"""Generating text with a trained language model: RnnlmGen and BetterRnnlmGen (book §7.1).

zh: 用训练好的语言模型生成文本：RnnlmGen 与 BetterRnnlmGen（书 §7.1）。
"""
from workbench.backend import np

from ch01.softmax import softmax
from ch06.rnnlm import BetterRnnlm, Rnnlm


class RnnlmGen(Rnnlm):
    def generate(self, start_id, skip_ids=None, sample_size=100):
        ### BEGIN SOLUTION
        # x_{t+1} ~ softmax(predict(x_t)) without the ids of skip_ids; the LSTM keeps h and c from step to step
        # zh: x_{t+1} ~ softmax(predict(x_t))，不含 skip_ids 中的编号；LSTM 的 h 和 c 从一步延续到下一步
        word_ids = [start_id]
        x = start_id
        while len(word_ids) < sample_size:
            score = self.predict(np.array(x).reshape(1, 1))
            p = softmax(score.flatten())
            if skip_ids is not None:
                p[skip_ids] = 0
                p = p / p.sum()
            x = int(np.random.choice(len(p), p=p))
            word_ids.append(x)
        return word_ids
        ### END SOLUTION

    def get_state(self):
        return self.lstm_layer.h, self.lstm_layer.c

    def set_state(self, state):
        self.lstm_layer.set_state(*state)


class BetterRnnlmGen(BetterRnnlm):
    def generate(self, start_id, skip_ids=None, sample_size=100):
        ### BEGIN SOLUTION
        # the same loop as RnnlmGen's: BetterRnnlm's predict(xs) runs with dropout off (train_flg=False)
        # zh: 与 RnnlmGen 的循环相同：BetterRnnlm 的 predict(xs) 在关闭 dropout（train_flg=False）的情况下运行
        return RnnlmGen.generate(self, start_id, skip_ids, sample_size)
        ### END SOLUTION

    def get_state(self):
        return [(layer.h, layer.c) for layer in self.lstm_layers]

    def set_state(self, states):
        for layer, state in zip(self.lstm_layers, states):
            layer.set_state(*state)
