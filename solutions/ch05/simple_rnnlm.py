"""A simple RNN language model, and its perplexity (book §5.5).

zh: 简单的 RNN 语言模型及其困惑度（书 §5.5）。
"""
from workbench.backend import np

from common.time_layers import TimeAffine, TimeEmbedding, TimeRNN, TimeSoftmaxWithLoss


class SimpleRnnlm:
    def __init__(self, vocab_size, wordvec_size, hidden_size):
        V, D, H = vocab_size, wordvec_size, hidden_size
        rn = np.random.randn
        ### BEGIN SOLUTION
        # drawn in this order: embed_W (V, D) / 100, rnn_Wx (D, H) / √D, rnn_Wh (H, H) / √H, affine_W (H, V) / √H
        # zh: 按此顺序生成：embed_W (V, D) / 100，rnn_Wx (D, H) / √D，rnn_Wh (H, H) / √H，affine_W (H, V) / √H
        embed_W = rn(V, D) / 100
        rnn_Wx = rn(D, H) / np.sqrt(D)
        rnn_Wh = rn(H, H) / np.sqrt(H)
        rnn_b = np.zeros(H)
        affine_W = rn(H, V) / np.sqrt(H)
        affine_b = np.zeros(V)
        # stateful: the hidden state carries over from one block of T words to the next (truncated BPTT)
        # zh: 有状态：隐藏状态从一段 T 个单词延续到下一段（截断的 BPTT）
        self.layers = [
            TimeEmbedding(embed_W),
            TimeRNN(rnn_Wx, rnn_Wh, rnn_b, stateful=True),
            TimeAffine(affine_W, affine_b),
        ]
        self.loss_layer = TimeSoftmaxWithLoss()
        self.rnn_layer = self.layers[1]
        self.params, self.grads = [], []
        for layer in self.layers:
            self.params += layer.params
            self.grads += layer.grads
        ### END SOLUTION

    def predict(self, xs):
        ### BEGIN SOLUTION
        # scores (N, T, V) = Affine(RNN(Embedding(xs)))
        # zh: 得分 (N, T, V) = Affine(RNN(Embedding(xs)))
        for layer in self.layers:
            xs = layer.forward(xs)
        return xs
        ### END SOLUTION

    def forward(self, xs, ts):
        ### BEGIN SOLUTION
        # L = the mean over the N·T positions of −log softmax(score)[t]
        # zh: L = 在 N·T 个位置上对 −log softmax(score)[t] 取平均
        score = self.predict(xs)
        return self.loss_layer.forward(score, ts)
        ### END SOLUTION

    def backward(self, dout=1):
        ### BEGIN SOLUTION
        # the layers' backward in reverse order; each writes its own grads
        # zh: 按相反顺序调用各层的 backward；每层写入自己的 grads
        dout = self.loss_layer.backward(dout)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout
        ### END SOLUTION

    def reset_state(self):
        ### BEGIN SOLUTION
        # forget the hidden state: the next forward starts from h = 0
        # zh: 忘掉隐藏状态：下一次 forward 从 h = 0 开始
        self.rnn_layer.reset_state()
        ### END SOLUTION


def eval_perplexity(model, corpus, batch_size=10, time_size=35):
    ### BEGIN SOLUTION
    # ppl = exp(mean loss) over the (corpus_size − 1) // (batch_size·time_size) windows; row i of a window
    # reads from offset i·jump on, the targets one word later
    # zh: ppl = exp(平均损失)，对 (corpus_size − 1) // (batch_size·time_size) 个窗口取平均；窗口的第 i 行
    # zh: 从偏移 i·jump 处开始读取，目标是后一个单词
    print("evaluating perplexity ...")
    corpus = np.asarray(corpus)
    corpus_size = len(corpus)
    max_iters = (corpus_size - 1) // (batch_size * time_size)
    jump = (corpus_size - 1) // batch_size
    offsets = np.arange(batch_size)[:, None] * jump + np.arange(time_size)
    total_loss = 0.0
    for iters in range(max_iters):
        positions = offsets + iters * time_size
        xs, ts = corpus[positions % corpus_size], corpus[(positions + 1) % corpus_size]
        try:
            loss = model.forward(xs, ts, train_flg=False)
        except TypeError:  # a model without dropout has no train_flg
            loss = model.forward(xs, ts)
        total_loss += float(loss)
        print(f"\r{iters} / {max_iters}", end="")
    print("")
    return float(np.exp(total_loss / max_iters))
    ### END SOLUTION
