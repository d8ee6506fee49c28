"""The book's common/util.py: the helpers no exercise covers yet.

The ones that print (most_similar, analogy, the evaluations) print as the book's do,
in English; most_similar and analogy also return what they print.
"""
import os

from autograder.backend import add_at, np, to_cpu


def cos_similarity(x, y, eps=1e-8):
    # cos(x, y) = x·y / (|x| |y|), eps keeping a zero vector from dividing by 0
    nx = x / (np.sqrt(np.sum(x ** 2)) + eps)
    ny = y / (np.sqrt(np.sum(y ** 2)) + eps)
    return np.dot(nx, ny)


def most_similar(query, word_to_id, id_to_word, word_matrix, top=5):
    """Prints the `top` words nearest to `query` by cosine similarity; returns them as (word, similarity)."""
    if query not in word_to_id:
        print(f"{query} is not found")
        return None
    print(f"\n[query] {query}")
    query_id = word_to_id[query]
    norms = np.sqrt(np.sum(word_matrix ** 2, axis=1)) + 1e-8
    similarity = np.dot(word_matrix / norms[:, None], word_matrix[query_id] / norms[query_id])
    similarity = to_cpu(similarity)
    found = []
    for i in (-similarity).argsort(kind="stable"):
        if int(i) == query_id:
            continue
        found.append((id_to_word[int(i)], float(similarity[i])))
        print(f" {found[-1][0]}: {found[-1][1]}")
        if len(found) >= top:
            break
    return found


def analogy(a, b, c, word_to_id, id_to_word, word_matrix, top=5, answer=None):
    """a : b = c : ? — prints the `top` words nearest to b − a + c (normalised); returns them."""
    for word in (a, b, c):
        if word not in word_to_id:
            print(f"{word} is not found")
            return None
    print(f"\n[analogy] {a}:{b} = {c}:?")
    a_vec, b_vec, c_vec = (word_matrix[word_to_id[w]] for w in (a, b, c))
    query_vec = normalize(b_vec - a_vec + c_vec)
    similarity = np.dot(word_matrix, query_vec)
    if answer is not None:
        print(f"==>{answer}:{float(np.dot(word_matrix[word_to_id[answer]], query_vec))}")
    similarity = to_cpu(similarity)
    found = []
    for i in (-similarity).argsort(kind="stable"):
        word = id_to_word[int(i)]
        if np.isnan(similarity[i]) or word in (a, b, c):
            continue
        found.append((word, float(similarity[i])))
        print(f" {word}: {found[-1][1]}")
        if len(found) >= top:
            break
    return found


def normalize(x):
    # x / |x|, each row of a matrix or the whole vector, in place (as the book's) and returned
    if x.ndim == 2:
        x /= np.sqrt(np.sum(x * x, axis=1, keepdims=True))
    elif x.ndim == 1:
        x /= np.sqrt(np.sum(x * x))
    return x



def create_co_matrix(corpus, vocab_size, window_size=1):
    # C[w, c] = how often c stands within window_size words of w (either side)
    corpus = np.asarray(corpus)
    co_matrix = np.zeros((vocab_size, vocab_size), dtype=np.int32)
    for distance in range(1, window_size + 1):
        left, right = corpus[:-distance], corpus[distance:]
        add_at(co_matrix, (left, right), 1)
        add_at(co_matrix, (right, left), 1)
    return co_matrix


def ppmi(C, verbose=False, eps=1e-8):
    # PPMI(i, j) = max(0, log2(C[i, j] · N / (S[i] S[j]) + eps)), N = Σ C, S the column sums.
    # All at once, so there is no progress to report: `verbose` is accepted for the book's calls.
    N = np.sum(C)
    S = np.sum(C, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(C * N / np.outer(S, S) + eps)
    return np.maximum(0, np.nan_to_num(pmi, nan=0.0))



def eval_perplexity(model, corpus, batch_size=10, time_size=35):
    # ppl = exp(mean loss) over consecutive (batch_size, time_size) windows, each row starting
    # at its own offset of the corpus, the target the next word
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
    return float(np.exp(total_loss / max(max_iters, 1)))


def eval_seq2seq(model, question, correct, id_to_char, verbos=False, is_reverse=False):
    """1 if the model's answer to `question` is `correct` (whose first id starts the decoder), else 0."""
    correct = correct.flatten()
    start_id, correct = correct[0], correct[1:]
    guess = model.generate(question, start_id, len(correct))
    question = "".join(id_to_char[int(c)] for c in question.flatten())
    correct = "".join(id_to_char[int(c)] for c in correct)
    guess = "".join(id_to_char[int(c)] for c in guess)
    if verbos:
        right = guess == correct
        print("Q", question[::-1] if is_reverse else question)
        print("T", correct)
        if os.name == "nt":  # no colours in the Windows console
            print("O" if right else "X", guess)
        else:
            print(("\033[92m☑" if right else "\033[91m☒") + "\033[0m", guess)
        print("---")
    return 1 if guess == correct else 0
