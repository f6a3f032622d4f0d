"""Held-out wave 6: matrix factorisation and recommender losses -- embedding lookups with
repeated ids, np.add.at / np.bincount / np.subtract.at scatter, fancy-index += with duplicate
indices (numpy keeps ONE write), implicit-feedback weights, BPR, factorisation machines,
segment sums via np.add.reduceat, sparse COO products written by hand."""

import numpy as np

from ..case import case

rs = np.random.RandomState(6)
n_users, n_items, k = 4, 5, 2
U0 = rs.randn(n_users, k) * 0.5
V0 = rs.randn(n_items, k) * 0.5
users = np.array([0, 1, 1, 2, 3, 3, 3, 0])
items = np.array([1, 0, 4, 2, 2, 3, 1, 1])
ratings = np.array([4.0, 3.0, 5.0, 1.0, 2.0, 4.0, 3.5, 4.5])


@case(U0)
def mf_squared_loss(U):
    pred = np.sum(U[users] * V0[items], axis=1)
    return np.sum((pred - ratings) ** 2) + 0.1 * np.sum(U ** 2)


@case(V0)
def mf_einsum_wrt_items(V):
    pred = np.einsum('ij,ij->i', U0[users], V[items])
    return np.mean((pred - ratings) ** 2)


@case((U0, V0))
def mf_tuple_params_biases(params):
    U, V = params
    bu = U[:, 0]
    pred = (U[users] * V[items]).sum(-1) + bu[users]
    return 0.5 * np.sum((ratings - pred) ** 2)


@case(rs.randn(n_users))
def add_at_scatter_user_totals(w):
    tot = np.zeros(n_users)
    np.add.at(tot, users, w[users] * ratings)
    return np.sum(tot ** 2)


@case(rs.randn(len(users)))
def add_at_wrt_values(vals):
    tot = np.zeros(n_users)
    np.add.at(tot, users, vals)
    return np.sum(np.sin(tot))


@case(rs.randn(n_users))
def fancy_iadd_duplicates_keeps_one(base):
    # numpy: a[idx] += v with repeated idx applies the LAST write only (buffered)
    a = base.copy()
    a[users] += ratings * a[users]
    return np.sum(a ** 2)


@case(rs.randn(len(users)))
def fancy_iadd_duplicates_wrt_values(v):
    a = np.zeros(n_users)
    a[users] += v
    return np.sum(a * np.arange(1.0, 5.0))


@case(rs.randn(len(users)))
def fancy_setitem_duplicates_last_wins(v):
    a = np.ones(n_users)
    a[users] = v ** 2
    return np.sum(a * np.arange(1.0, 5.0))


@case(rs.randn(len(users)))
def bincount_weights(v):
    s = np.bincount(users, weights=v ** 2, minlength=n_users)
    return np.sum(s * np.arange(1.0, 5.0))


@case(rs.randn(len(users)))
def bincount_segment_mean(v):
    s = np.bincount(users, weights=v)
    c = np.bincount(users)
    return np.sum((s / c) ** 2)


@case(rs.randn(n_users),
      expect='refused', why='grad: srcad supports np.subtract.at(...), which changes its first argument in place, only as np.add.at(a, indices, b (FALSE refusal, R5)')
def subtract_at(w):
    out = w.copy()
    np.subtract.at(out, users, 0.1 * ratings * w[users])
    return np.sum(out ** 3)


@case(rs.randn(n_users),
      expect='refused', why='grad: srcad supports np.multiply.at(...), which changes its first argument in place, only as np.add.at(a, indices, b (FALSE refusal, R5)')
def multiply_at(w):
    out = w.copy()
    np.multiply.at(out, users, 1.5)
    return np.sum(out ** 2)


@case(rs.randn(8),
      expect='refused', why='grad: no derivative rule for np.add.reduceat (a builtins.builtin_function_or_method), called on a differentiated val (FALSE refusal, R5)')
def add_reduceat_segments(v):
    starts = np.array([0, 3, 5])
    seg = np.add.reduceat(v ** 2, starts)
    return np.sum(seg * np.array([1.0, 2.0, 3.0]))


@case(rs.randn(8),
      expect='refused', why='grad: no derivative rule for np.maximum.reduceat (a builtins.builtin_function_or_method), called on a differentiated (FALSE refusal, R5)')
def maximum_reduceat_segments(v):
    starts = np.array([0, 3, 5])
    return np.sum(np.maximum.reduceat(v, starts) ** 2)


@case(V0)
def bpr_loss(V):
    pos = np.array([1, 2, 3, 0])
    neg = np.array([4, 0, 1, 2])
    u = np.arange(4)
    x = np.sum(U0[u] * (V[pos] - V[neg]), axis=1)
    return -np.sum(np.log(1 / (1 + np.exp(-x))))


@case(V0)
def bpr_loss_logaddexp(V):
    pos = np.array([1, 2, 3, 0])
    neg = np.array([4, 0, 1, 2])
    x = np.sum(U0 * (V[pos] - V[neg]), axis=1)
    return np.sum(np.logaddexp(0, -x))


@case(rs.randn(6, 2) * 0.5)
def factorisation_machine(Vf):
    Xd = np.array([[1.0, 0, 1, 0, 0, 1], [0, 1, 1, 0, 1, 0], [1, 1, 0, 1, 0, 0]])
    s1 = (Xd @ Vf) ** 2
    s2 = (Xd ** 2) @ (Vf ** 2)
    y = 0.5 * np.sum(s1 - s2, axis=1)
    return np.sum((y - np.array([1.0, -1.0, 0.5])) ** 2)


@case(rs.randn(n_users, n_items))
def masked_dense_loss(R):
    mask = np.zeros((n_users, n_items), dtype=bool)
    mask[users, items] = True
    target = np.zeros((n_users, n_items))
    target[users, items] = ratings
    return np.sum(((R - target) * mask) ** 2)


@case(U0)
def dense_reconstruction_observed_only(U):
    R = U @ V0.T
    return np.sum((R[users, items] - ratings) ** 2)


@case(rs.randn(len(users)))
def coo_spmv_by_hand(vals):
    x = np.array([1.0, -2.0, 0.5, 3.0, 1.5])
    y = np.zeros(n_users)
    np.add.at(y, users, vals * x[items])
    return np.sum(y ** 2)


@case(np.array([1.0, -2.0, 0.5, 3.0, 1.5]))
def coo_spmv_wrt_x(x):
    y = np.zeros(n_users)
    np.add.at(y, users, ratings * x[items])
    return np.dot(y, y)


@case(U0)
def embedding_bag_mean(E):
    bags = [[0, 1], [2], [3, 3, 1]]
    out = np.stack([E[b].mean(axis=0) for b in bags])
    return np.sum(np.tanh(out))


@case(rs.randn(5, 3))
def embedding_grad_via_take(E):
    ids = np.array([4, 4, 2, 0, 4])
    h = np.take(E, ids, axis=0)
    return np.sum(h ** 2 * np.arange(1.0, 4.0))


@case(U0)
def implicit_als_confidence(U):
    C = 1 + 10 * np.abs(np.sin(np.arange(n_users * n_items))).reshape(n_users, n_items)
    P = (C > 5).astype(float)
    R = U @ V0.T
    return np.sum(C * (P - R) ** 2) + 0.05 * np.linalg.norm(U) ** 2


@case(rs.randn(n_users))
def unique_inverse_groupby(w):
    keys = np.array([3, 1, 3, 2, 1, 1])
    uniq, inv = np.unique(keys, return_inverse=True)
    sums = np.zeros(len(uniq))
    np.add.at(sums, inv, w[keys % n_users])
    return np.sum(sums ** 2)


@case(rs.randn(n_users))
def put_along_axis_scatter(w):
    a = np.zeros((2, n_users))
    idx = np.array([[0, 2], [3, 1]])
    np.put_along_axis(a, idx, np.stack([w[:2], w[2:]]) ** 2, axis=1)
    return np.sum(a * np.arange(8.0).reshape(2, 4))


@case(rs.randn(n_users),
      expect='refused', why='grad: srcad does not support np.put(...), which changes its argument in place (FALSE refusal, R5)')
def np_put_with_repeats(w):
    a = np.zeros(6)
    np.put(a, [0, 2, 2, 5], w ** 2)
    return np.sum(a * np.arange(1.0, 7.0))


@case(rs.randn(n_items))
def topk_by_argsort(scores):
    order = np.argsort(-scores)
    top = scores[order[:3]]
    return np.sum(top * np.array([1.0, 0.5, 0.25]))


@case(rs.randn(n_items))
def ndcg_like_with_sort(scores):
    s = np.sort(scores)[::-1]
    disc = 1.0 / np.log2(np.arange(2, n_items + 2))
    return np.sum(np.exp(s) * disc)
