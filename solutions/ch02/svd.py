"""Dense word vectors by SVD, exact and randomized (book §2.4.3, §2.4.5).

zh: 用 SVD 求稠密的单词向量：精确 SVD 与随机化 SVD（书 §2.4.3、§2.4.5）。
"""
from workbench.backend import np


def word_vectors_svd(W, wordvec_size):
    ### BEGIN SOLUTION
    # W = U S Vᵀ; the first wordvec_size columns of U are the word vectors
    # zh: W = U S Vᵀ；U 的前 wordvec_size 列就是单词向量
    U, S, V = np.linalg.svd(W)
    return U[:, :wordvec_size]
    ### END SOLUTION


def randomized_svd(M, n_components, n_iter=5, seed=0):
    ### BEGIN SOLUTION
    # Q spans (M Mᵀ)^q M Ω, Ω Gaussian (k + 10 columns); M ≈ Q (Qᵀ M) = (Q Û) S Vᵀ
    # zh: Q 张成 (M Mᵀ)^q M Ω 的列空间，Ω 是高斯随机矩阵（k + 10 列）；M ≈ Q (Qᵀ M) = (Q Û) S Vᵀ
    m, n = M.shape
    k = n_components
    dtype = np.result_type(M.dtype, np.float32)
    n_random = min(k + 10, m, n)  # oversampling catches the directions just past the k-th
    rng = np.random.default_rng(seed)
    Omega = rng.standard_normal((n, n_random)).astype(dtype, copy=False)
    # re-orthonormalise after every product, else the columns collapse onto the top singular vector
    # zh: 每次相乘之后都重新正交归一化，否则各列会塌缩到最大的奇异向量上
    Q, _ = np.linalg.qr(M @ Omega)
    for _ in range(n_iter):
        Q, _ = np.linalg.qr(M.T @ Q)
        Q, _ = np.linalg.qr(M @ Q)
    B = Q.T @ M  # small: (n_random, n)
    U_hat, S, Vt = np.linalg.svd(B, full_matrices=False)
    U = Q @ U_hat
    return U[:, :k], S[:k], Vt[:k, :]
    ### END SOLUTION
