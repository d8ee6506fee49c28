"""Correct: one division with eps in the denominator, Python's sorted, four decimals, and the pairs returned."""
import numpy as np


def cos_similarity(x, y, eps=1e-8):
    return np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y) + eps)


def most_similar(query, word_to_id, id_to_word, word_matrix, top=5):
    if query not in word_to_id:
        print(f"{query} is not found")
        return []
    print(f"\n[query] {query}")
    query_vec = word_matrix[word_to_id[query]]
    scores = [(id_to_word[i], float(cos_similarity(word_matrix[i], query_vec))) for i in range(len(id_to_word))]
    ranked = sorted((pair for pair in scores if pair[0] != query), key=lambda pair: -pair[1])[:top]
    for word, similarity in ranked:
        print(f" {word}: {similarity:.4f}")
    return ranked
