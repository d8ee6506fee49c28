"""seq2seq: an Encoder LSTM whose last hidden state starts a Decoder LSTM (book §7.3).

zh: seq2seq：编码器 LSTM 的最后一个隐藏状态作为解码器 LSTM 的起点（书 §7.3）。
"""
from workbench.backend import np

from common.base_model import BaseModel
from ch05.time_layers import TimeAffine, TimeEmbedding, TimeSoftmaxWithLoss
from ch06.time_lstm import TimeLSTM


class Encoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H
        # zh: 按此顺序生成：embed_W (V, D) / 100，lstm_Wx (D, 4H) / √D，lstm_Wh (H, 4H) / √H
        self.embed = TimeEmbedding(rn(V, D) / 100)
        # not stateful: every question starts from h = c = 0 (the arguments are drawn left to right)
        # zh: 无状态：每个问题都从 h = c = 0 开始（参数从左到右依次生成）
        self.lstm = TimeLSTM(rn(D, 4 * H) / np.sqrt(D), rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=False)
        stack = (self.embed, self.lstm)
        self.params = [p for layer in stack for p in layer.params]
        self.grads = [g for layer in stack for g in layer.grads]
        self.hs = None
        ### END SOLUTION

    def forward(self, xs):
        ### BEGIN SOLUTION
        # h = hs[:, −1]: the hidden state after the last character of the question, (N, H)
        # zh: h = hs[:, −1]：读完问题最后一个字符后的隐藏状态，(N, H)
        self.hs = hs = self.lstm.forward(self.embed.forward(xs))
        return hs[:, -1, :]
        ### END SOLUTION

    def backward(self, dh):
        ### BEGIN SOLUTION
        # only the last step's h went to the decoder: dhs is 0 everywhere but dhs[:, −1] = dh
        # zh: 只有最后一步的 h 传给了解码器：dhs 处处为 0，只有 dhs[:, −1] = dh
        dhs = np.zeros_like(self.hs)
        dhs[:, -1, :] = dh
        return self.embed.backward(self.lstm.backward(dhs))
        ### END SOLUTION


class Decoder:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, lstm_Wx (D, 4H) / √D, lstm_Wh (H, 4H) / √H, affine_W (H, V) / √H
        # zh: 按此顺序生成：embed_W (V, D) / 100，lstm_Wx (D, 4H) / √D，lstm_Wh (H, 4H) / √H，affine_W (H, V) / √H
        self.embed = TimeEmbedding(rn(V, D) / 100)
        # stateful: forward and generate set the encoder's h as the state to start from
        # zh: 有状态：forward 和 generate 把编码器的 h 设为起始状态
        self.lstm = TimeLSTM(rn(D, 4 * H) / np.sqrt(D), rn(H, 4 * H) / np.sqrt(H), np.zeros(4 * H), stateful=True)
        affine_W = rn(H, V) / np.sqrt(H)
        self.affine = TimeAffine(affine_W, np.zeros(V))
        stack = (self.embed, self.lstm, self.affine)
        self.params = [p for layer in stack for p in layer.params]
        self.grads = [g for layer in stack for g in layer.grads]
        ### END SOLUTION

    def forward(self, xs, h):
        ### BEGIN SOLUTION
        # score = Affine(LSTM(Embedding(xs))), the LSTM starting from the encoder's h (and c = 0)
        # zh: score = Affine(LSTM(Embedding(xs)))，LSTM 从编码器的 h（以及 c = 0）开始
        self.lstm.set_state(h)
        out = self.embed.forward(xs)
        return self.affine.forward(self.lstm.forward(out))
        ### END SOLUTION

    def backward(self, dscore):
        ### BEGIN SOLUTION
        # dh = the gradient that reached the LSTM's initial state: self.lstm.dh, for the encoder
        # zh: dh = 传到 LSTM 初始状态的梯度：self.lstm.dh，交给编码器
        dout = self.affine.backward(dscore)
        self.embed.backward(self.lstm.backward(dout))
        dh = self.lstm.dh
        return dh
        ### END SOLUTION

    def generate(self, h, start_id, sample_size):
        ### BEGIN SOLUTION
        # greedy decoding from h: feed one id, take the argmax of its scores as the next input, sample_size times
        # zh: 从 h 开始贪心解码：输入一个 ID，取其得分的 argmax 作为下一个输入，重复 sample_size 次
        ids = [start_id]
        self.lstm.set_state(h)
        for _ in range(sample_size):
            score = self.affine.forward(self.lstm.forward(self.embed.forward(np.array([[ids[-1]]]))))
            ids.append(int(np.argmax(score.flatten())))
        return ids[1:]
        ### END SOLUTION


class Seq2seq(BaseModel):
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        ### BEGIN SOLUTION
        # the encoder's weights are drawn first, then the decoder's
        # zh: 先生成编码器的权重，再生成解码器的权重
        self.encoder = Encoder(V, D, H)
        self.decoder = Decoder(V, D, H)
        self.softmax = TimeSoftmaxWithLoss()
        halves = (self.encoder, self.decoder)
        self.params = [p for half in halves for p in half.params]
        self.grads = [g for half in halves for g in half.grads]
        ### END SOLUTION

    def forward(self, xs, ts):
        ### BEGIN SOLUTION
        # teacher forcing: the decoder reads ts[:, :−1] and must predict ts[:, 1:], each character's successor
        # zh: 教师强制：解码器读入 ts[:, :−1]，要预测 ts[:, 1:]，即每个字符的下一个字符
        decoder_xs, decoder_ts = ts[:, :-1], ts[:, 1:]
        h = self.encoder.forward(xs)
        score = self.decoder.forward(decoder_xs, h)
        return self.softmax.forward(score, decoder_ts)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # loss → decoder → dh → encoder
        # zh: 损失 → 解码器 → dh → 编码器
        dout = self.softmax.backward(dout)
        dh = self.decoder.backward(dout)
        return self.encoder.backward(dh)
        ### END SOLUTION

    def generate(self, xs, start_id, sample_size):
        ### BEGIN SOLUTION
        # encode the question, then decode greedily from its h
        # zh: 先编码问题，再从它的 h 开始贪心解码
        h = self.encoder.forward(xs)
        sampled = self.decoder.generate(h, start_id, sample_size)
        return sampled
        ### END SOLUTION
