"""Turning a text into word ids (book §2.3.1).

zh: 把文本转换为单词 ID（书 §2.3.1）。
"""
from workbench.backend import np


def preprocess(text):
    ### BEGIN SOLUTION
    # lower-case, the period split off as a word, ids in order of first appearance
    # zh: 转成小写，句号单独切分成一个单词，ID 按单词首次出现的顺序分配
    words = text.lower().replace('.', ' .').split()
    word_to_id, id_to_word = {}, {}
    for word in words:
        if word not in word_to_id:
            new_id = len(word_to_id)
            word_to_id[word] = new_id
            id_to_word[new_id] = word
    corpus = np.array([word_to_id[word] for word in words], dtype=int)
    return corpus, word_to_id, id_to_word
    ### END SOLUTION
