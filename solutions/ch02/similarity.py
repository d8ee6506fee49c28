"""Cosine similarity, and the words most similar to a query (book §2.3.5, §2.3.6).

zh: 余弦相似度，以及与查询词最相似的单词（书 §2.3.5、§2.3.6）。
"""
from workbench.backend import np


def cos_similarity(x, y, eps=1e-8):
    ### BEGIN SOLUTION
    # cos(x, y) = x·y / (|x| |y|); eps keeps a zero vector from dividing 0 by 0
    # zh: cos(x, y) = x·y / (|x| |y|)；eps 防止零向量出现 0 除以 0
    nx = x / (np.sqrt(np.sum(x ** 2)) + eps)
    ny = y / (np.sqrt(np.sum(y ** 2)) + eps)
    return np.dot(nx, ny)
    ### END SOLUTION


def most_similar(query, word_to_id, id_to_word, word_matrix, top=5):
    ### BEGIN SOLUTION
    # the `top` words by cos(word, query), most similar first, the query itself left out
    # zh: 按 cos(单词, 查询词) 从大到小列出前 `top` 个单词，查询词本身除外
    if query not in word_to_id:
        print('%s is not found' % query)
        return None
    print('\n[query] ' + query)
    query_id = word_to_id[query]
    query_vec = word_matrix[query_id]
    # cos_similarity of every row with the query at once
    # zh: 一次算出每一行与查询词的 cos_similarity
    norms = np.sqrt(np.sum(word_matrix ** 2, axis=1)) + 1e-8
    similarity = np.dot(word_matrix / norms[:, None], query_vec / norms[query_id])
    found = []
    for i in (-similarity).argsort():
        i = int(i)
        if i == query_id:
            continue
        found.append((id_to_word[i], float(similarity[i])))
        print(' %s: %s' % found[-1])
        if len(found) >= top:
            break
    return found
    ### END SOLUTION
