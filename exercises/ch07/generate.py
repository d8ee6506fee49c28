"""Generating text with a trained language model: RnnlmGen and BetterRnnlmGen (book §7.1)."""
from workbench.backend import np

from ch01.softmax import softmax
from ch06.rnnlm import BetterRnnlm, Rnnlm


class RnnlmGen(Rnnlm):
    def generate(self, start_id, skip_ids=None, sample_size=100):
        # x_{t+1} ~ softmax(predict(x_t)) without the ids of skip_ids; the LSTM keeps h and c from step to step
        # YOUR CODE HERE
        raise NotImplementedError()

    def get_state(self):
        return self.lstm_layer.h, self.lstm_layer.c

    def set_state(self, state):
        self.lstm_layer.set_state(*state)


class BetterRnnlmGen(BetterRnnlm):
    def generate(self, start_id, skip_ids=None, sample_size=100):
        # the same loop as RnnlmGen's: BetterRnnlm's predict(xs) runs with dropout off (train_flg=False)
        # YOUR CODE HERE
        raise NotImplementedError()

    def get_state(self):
        return [(layer.h, layer.c) for layer in self.lstm_layers]

    def set_state(self, states):
        for layer, state in zip(self.lstm_layers, states):
            layer.set_state(*state)
