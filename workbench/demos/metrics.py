"""What a demo measures on word vectors, computed here (never by the learner's code).

Cosine similarity throughout, as the book's most_similar and analogy.
"""

from __future__ import annotations

import numpy


def unit_rows(vectors) -> numpy.ndarray:
    vectors = numpy.asarray(vectors, dtype=numpy.float64)
    return vectors / (numpy.linalg.norm(vectors, axis=1, keepdims=True) + 1e-8)


def nearest(vectors, word_to_id, id_to_word, query: str, top: int = 5) -> list[tuple[str, float]]:
    """The `top` words nearest to `query` (itself left out), with their cosine similarity."""
    unit = unit_rows(vectors)
    similarity = unit @ unit[word_to_id[query]]
    similarity[word_to_id[query]] = -numpy.inf
    order = numpy.argsort(-similarity, kind="stable")[:top]
    return [(id_to_word[int(i)], float(similarity[i])) for i in order]


def class_purity(vectors, word_to_id, classes: dict[str, str]) -> float | None:
    """The share of probe words (those of `classes` in the vocabulary) whose nearest neighbour
    among all words is of their own class."""
    probes = [w for w in classes if w in word_to_id]
    if not probes:
        return None
    unit = unit_rows(vectors)
    id_to_class = {word_to_id[w]: c for w, c in classes.items() if w in word_to_id}
    rows = numpy.array([word_to_id[w] for w in probes])
    similarity = unit[rows] @ unit.T
    similarity[numpy.arange(len(rows)), rows] = -numpy.inf
    hits = [id_to_class.get(int(j)) == classes[w] for w, j in zip(probes, similarity.argmax(axis=1))]
    return float(numpy.mean(hits))


def analogy_answers(vectors, word_to_id, id_to_word, quads) -> list[str | None]:
    """For each a : b = c : ?, the word nearest to b − a + c (unit vectors; a, b and c left out,
    as the book's analogy); None where a word is not in the vocabulary."""
    unit = unit_rows(vectors)
    answers = []
    for a, b, c, *_ in quads:
        if any(w not in word_to_id for w in (a, b, c)):
            answers.append(None)
            continue
        query = unit[word_to_id[b]] - unit[word_to_id[a]] + unit[word_to_id[c]]
        similarity = unit @ (query / (numpy.linalg.norm(query) + 1e-8))
        for w in (a, b, c):
            similarity[word_to_id[w]] = -numpy.inf
        answers.append(id_to_word[int(similarity.argmax())])
    return answers


def analogy_accuracy(vectors, word_to_id, id_to_word, quads) -> float | None:
    """The share of quadruples a : b = c : d whose answer is d."""
    if not quads:
        return None
    answers = analogy_answers(vectors, word_to_id, id_to_word, quads)
    return float(numpy.mean([answer == quad[3] for answer, quad in zip(answers, quads)]))
