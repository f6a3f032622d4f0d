"""Held-out wave 6: graph message passing with edge index arrays -- GCN with a normalised
dense adjacency and with scatter-add over (src, dst) pairs, mean/max aggregation via
np.add.at and np.maximum.at, attention (GAT) with a per-node softmax over incoming edges,
PageRank by power iteration, graph Laplacian smoothing, spring layouts, shortest-path
relaxation (Bellman-Ford) wrt edge weights, random-walk hitting probabilities."""

import numpy as np

from ..case import case

rs = np.random.RandomState(36)
n = 5
src = np.array([0, 1, 2, 3, 4, 0, 2, 1])
dst = np.array([1, 2, 3, 4, 0, 2, 0, 1])     # includes a self loop 1->1
Xn = rs.randn(n, 3)
W0 = rs.randn(3, 2) * 0.5


def dense_adj(w=None):
    A = np.zeros((n, n))
    A[dst, src] = 1.0 if w is None else w
    return A


@case(W0)
def gcn_dense_normalised(W):
    A = dense_adj() + np.eye(n)
    d = A.sum(1)
    Dm = np.diag(1 / np.sqrt(d))
    H = np.tanh(Dm @ A @ Dm @ Xn @ W)
    return np.sum(H ** 2)


@case(Xn)
def gcn_scatter_add_messages(X):
    msg = X[src] @ W0
    agg = np.zeros((n, 2))
    np.add.at(agg, dst, msg)
    return np.sum(np.tanh(agg))


@case(Xn)
def mean_aggregation_bincount(X):
    deg = np.bincount(dst, minlength=n).astype(float)
    agg = np.zeros((n, 3))
    np.add.at(agg, dst, X[src])
    agg = agg / np.maximum(deg, 1)[:, None]
    return np.sum(agg ** 2)


@case(Xn,
      expect='refused', why='grad: srcad supports np.maximum.at(...), which changes its first argument in place, only as np.add.at(a, indices, b) (FALSE refusal, R5)')
def max_aggregation_maximum_at(X):
    agg = np.full((n, 3), -np.inf)
    np.maximum.at(agg, dst, X[src])
    return np.sum(np.where(np.isfinite(agg), agg, 0.0) ** 2)


@case(np.array([0.5, -0.3, 0.8, 0.1, 0.4, -0.2, 0.6, 0.3]))
def edge_weights_dense_scatter(w):
    A = dense_adj(w)
    return np.sum((A @ Xn) ** 2)


@case(np.array([0.5, -0.3, 0.8, 0.1, 0.4, -0.2, 0.6, 0.3]))
def edge_weights_duplicate_edge_setitem(w):
    # two edges share (dst, src) = (1, 0)? no: make one: duplicate last edge pair on purpose
    s = np.append(src, 0)
    d = np.append(dst, 1)
    ww = np.append(w, 2.0 * w[0])
    A = np.zeros((n, n))
    A[d, s] = ww                   # duplicate (1, 0): the LAST write wins
    return np.sum((A @ Xn) ** 2)


@case(rs.randn(4) * 0.5,
      expect='refused', why='grad: srcad supports np.maximum.at(...), which changes its first argument in place, only as np.add.at(a, indices, b) (FALSE refusal, R5)')
def gat_edge_softmax(a):
    h = Xn @ W0
    e = np.concatenate([h[src], h[dst]], axis=1) @ a
    e = np.where(e > 0, e, 0.2 * e)
    emax = np.full(n, -np.inf)
    np.maximum.at(emax, dst, e)
    ex = np.exp(e - emax[dst])
    den = np.zeros(n)
    np.add.at(den, dst, ex)
    alpha = ex / den[dst]
    out = np.zeros((n, 2))
    np.add.at(out, dst, alpha[:, None] * h[src])
    return np.sum(out ** 2)


@case(rs.randn(4) * 0.5)
def gat_edge_softmax_stopgrad_max(a):
    h = Xn @ W0
    e = np.tanh(np.concatenate([h[src], h[dst]], axis=1) @ a)
    ex = np.exp(e)
    den = np.bincount(dst, weights=ex, minlength=n)
    alpha = ex / den[dst]
    out = np.zeros((n, 2))
    np.add.at(out, dst, alpha[:, None] * h[src])
    return np.sum(out ** 2)


@case(np.array([0.5, 0.3, 0.8, 0.1, 0.4, 0.2, 0.6, 0.3]))
def pagerank_edge_weights(w):
    A = np.zeros((n, n))
    np.add.at(A, (dst, src), w)
    P = A / A.sum(axis=0, keepdims=True)
    r = np.ones(n) / n
    for _ in range(50):
        r = 0.85 * P @ r + 0.15 / n
    return r @ np.arange(1.0, n + 1)


@case(Xn)
def laplacian_smoothing_energy(X):
    return 0.5 * np.sum((X[src] - X[dst]) ** 2)


@case(Xn)
def laplacian_matrix_quadratic(X):
    A = dense_adj()
    A = np.maximum(A, A.T)
    L = np.diag(A.sum(1)) - A
    return np.trace(X.T @ L @ X)


@case(rs.randn(n, 2))
def spring_layout_energy(P):
    d = np.linalg.norm(P[src] - P[dst] + 1e-9, axis=1)
    i, j = np.triu_indices(n, 1)
    rep = np.sum(1.0 / np.sum((P[i] - P[j]) ** 2, axis=1))
    return np.sum((d - 1.0) ** 2) + 0.1 * rep


@case(np.array([1.0, 2.0, 0.5, 1.5, 3.0, 2.5, 0.7, 1.2]))
def bellman_ford_wrt_weights(w):
    dist = np.full(n, np.inf)
    dist[0] = 0.0
    for _ in range(n - 1):
        for e in range(len(src)):
            u, v = src[e], dst[e]
            if dist[u] + w[e] < dist[v]:
                dist[v] = dist[u] + w[e]
    return np.sum(dist[1:])


@case(np.array([1.0, 2.0, 0.5, 1.5, 3.0, 2.5, 0.7, 1.2]), expect='refused',
      why='hvp: min(a, b) at a tie of two equal expressions (same derivative) (FALSE refusal, R8)')
def bellman_ford_minimum(w):
    dist = np.full(n, 1e9)
    dist[0] = 0.0
    for _ in range(n - 1):
        cand = dist[src] + w
        for e in range(len(src)):
            dist[dst[e]] = min(dist[dst[e]], cand[e])
    return np.sum(dist[1:])


@case(np.array([0.5, 0.3, 0.8, 0.1, 0.4, 0.2, 0.6, 0.3]))
def random_walk_absorption_solve(w):
    A = np.zeros((n, n))
    np.add.at(A, (src, dst), w)
    P = A / A.sum(axis=1, keepdims=True)
    Q = P[1:4, 1:4]
    R = P[1:4, [0, 4]]
    B = np.linalg.solve(np.eye(3) - Q, R)
    return np.sum(B[:, 0] * np.array([1.0, 2.0, 3.0]))


@case(Xn)
def readout_segment_sum(X):
    graph_id = np.array([0, 0, 1, 1, 1])
    pooled = np.zeros((2, 3))
    np.add.at(pooled, graph_id, np.tanh(X))
    return np.sum(pooled[0] * pooled[1])


@case(Xn)
def edge_features_from_index_gather_sub(X):
    rel = X[dst] - X[src]
    dist2 = np.einsum('ed,ed->e', rel, rel)
    return np.sum(np.exp(-dist2))


@case(W0)
def sage_concat_neighbour_mean(W):
    deg = np.bincount(dst, minlength=n)
    agg = np.zeros((n, 3))
    np.add.at(agg, dst, Xn[src])
    agg /= deg[:, None]
    Wfull = np.vstack([W, W[::-1]])
    H = np.concatenate([Xn, agg], axis=1) @ Wfull
    H = H / np.linalg.norm(H, axis=1, keepdims=True)
    return np.sum(H[:, 0])


# was WRONG when written (family W2); right in the tree at 19:57 UTC
@case(Xn)
def adjacency_list_python_loops(X):
    nbrs = {i: [] for i in range(n)}
    for s, d in zip(src, dst):
        nbrs[int(d)].append(int(s))
    out = 0.0
    for v, ns in nbrs.items():
        if ns:
            out = out + np.sum((X[v] - X[ns].mean(axis=0)) ** 2)
    return out
