"""Cosine similarity, and the words most similar to a query (book §2.3.5, §2.3.6)."""
from workbench.backend import np


def cos_similarity(x, y, eps=1e-8):
    # cos(x, y) = x·y / (|x| |y|); eps keeps a zero vector from dividing 0 by 0
    # YOUR CODE HERE
    raise NotImplementedError()


def most_similar(query, word_to_id, id_to_word, word_matrix, top=5):
    # the `top` words by cos(word, query), most similar first, the query itself left out
    # YOUR CODE HERE
    raise NotImplementedError()
