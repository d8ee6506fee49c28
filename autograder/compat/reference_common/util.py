"""The book's common/util.py: the helpers no exercise covers yet.

The ones that print (analogy, the evaluations) print as the book's do, in English;
analogy also returns what it prints.
"""
import os

from autograder.backend import np, to_cpu


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
