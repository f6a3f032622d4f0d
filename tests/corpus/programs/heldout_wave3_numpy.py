"""Held-out wave 3, part four: NumPy corners as notebooks use them -- einsum strings
with ellipses and repeated output letters, broadcasting through None/np.newaxis and
reshape(-1, 1), fancy and boolean indexing on both sides of ``=``, in-place updates
of slices, np.where/np.select/np.clip/np.piecewise-style masks, cumsum/diff/cumprod,
norms with ord and axis, solve/slogdet/eigh/svd, real FFTs, sorting-based losses,
np.triu_indices, np.meshgrid, np.take_along_axis.  Nobody wrote these for srcad."""

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
r = np.random.default_rng(303)
A3 = r.standard_normal((3, 3))
B4 = r.standard_normal((2, 4, 3))
M5 = r.standard_normal((5, 5)) * 0.3 + np.eye(5) * 2
pts = r.standard_normal((6, 2))
v6 = r.standard_normal(6)


# ---------------------------------------------------------------- einsum

@case(B4)
def einsum_batched_gram_trace(X):
    G = np.einsum('bij,bkj->bik', X, X)
    return np.einsum('bii->', G) + np.einsum('bij,bij', G, G) * 0.01


@case(A3)
def einsum_ellipsis_and_outer(W):
    x = np.stack([v6[:3], v6[3:]])
    y = np.einsum('...i,ij->...j', x, W)
    outer = np.einsum('i,j->ij', y[0], y[1])
    return np.sum(outer ** 2)


@case(A3)
def einsum_diagonal_extraction(W):
    d = np.einsum('ii->i', W @ W.T)
    return np.sum(np.sqrt(d))


@case(B4)
def einsum_bilinear_form_three_operands(X):
    u = np.arange(4.0)
    w = np.ones(3)
    return np.einsum('i,bij,j->b', u, X, w).prod()


@case(A3)
def einsum_optimize_true(W):
    return np.einsum('ij,jk,kl->il', W, W, W, optimize=True).trace()


# ---------------------------------------------------------------- broadcasting

@case(pts)
def pairwise_distances_newaxis(P):
    diff = P[:, np.newaxis, :] - P[np.newaxis, :, :]
    D2 = (diff ** 2).sum(-1)
    iu = np.triu_indices(len(P), k=1)
    return np.sum(1.0 / np.sqrt(D2[iu]))


@case(pts)
def pairwise_by_expansion_identity(P):
    sq = np.sum(P ** 2, axis=1)
    D2 = sq.reshape(-1, 1) + sq.reshape(1, -1) - 2 * P @ P.T
    return np.sum(np.exp(-D2))


@case(v6)
def normalize_rows_keepdims(v):
    M = v.reshape(2, 3)
    Z = (M - M.mean(axis=1, keepdims=True)) / M.std(axis=1, keepdims=True)
    return np.sum(Z ** 3)


@case(v6)
def outer_via_none_then_max_axis(v):
    O = v[:, None] * v[None, :]
    return np.sum(O.max(axis=0)) + np.sum(np.abs(O).min(axis=1))


@case(v6)
def meshgrid_surface(v):
    X, Y = np.meshgrid(v[:3], v[3:], indexing='ij')
    Z = np.sin(X) * np.cos(Y) + X * Y
    return Z.sum()


@case(np.array([0.5, -0.2]))
def broadcast_to_and_tile(w):
    W = np.broadcast_to(w, (4, 2))
    T = np.tile(w, (2, 1))
    return np.sum(W * np.arange(8.0).reshape(4, 2)) + np.sum(T ** 2)


# ---------------------------------------------------------------- indexing and in-place

@case(v6)
def fancy_index_gather_scatter(v):
    idx = np.array([0, 2, 2, 5])
    out = np.zeros(6)
    out[idx[:3]] = v[idx[1:]] * 2.0
    return np.sum(out * v) + np.sum(v[idx])


@case(v6)
def boolean_mask_assignment_zero(v):
    y = v.copy()
    y[y < 0] = 0.0
    return np.sum(y ** 2)


@case(v6)
def boolean_mask_scaled_in_place(v):
    y = v * 1.0
    mask = np.abs(y) > 0.5
    y[mask] *= 0.5
    y[~mask] += 1.0
    return np.dot(y, y)


@case(M5)
def slice_update_in_place_rows(M):
    X = M.copy()
    X[1:3, :] -= X[0, :]
    X[:, -1] = X[:, 0] * 2
    return np.sum(X ** 2)


@case(M5)
def np_add_at_histogram_weights(M):
    bins = np.array([0, 1, 1, 3, 4])
    h = np.zeros(5)
    np.add.at(h, bins, M[:, 0])
    return np.sum(h ** 2)


@case(M5)
def take_along_axis_argmax_rows(M):
    idx = np.argmax(M, axis=1)[:, None]
    top = np.take_along_axis(M, idx, axis=1)
    return np.sum(top ** 2)


@case(M5)
def diag_indices_and_tril(M):
    L = np.tril(M)
    L[np.diag_indices(5)] = np.exp(np.diag(M))
    return np.sum(L @ L.T)


@case(M5)
def ix_submatrix(M):
    rows, cols = [0, 2, 4], [1, 3]
    S = M[np.ix_(rows, cols)]
    return np.sum(S ** 2) + M[[0, 1], [1, 0]].sum()


@case(v6)
def argsort_rank_weighted(v):
    order = np.argsort(v)
    ranks = np.empty_like(order)
    ranks[order] = np.arange(len(v))
    return np.sum(v[order] * np.arange(6)) + np.sum(v * ranks)


@case(v6)
def put_and_roll(v):
    y = np.roll(v, 2)
    z = np.flip(v)
    return np.sum(y * z) + np.sum(np.fliplr(v.reshape(2, 3)) * v.reshape(2, 3))


# ---------------------------------------------------------------- where / select / clip

@case(v6)
def select_piecewise_three_pieces(v):
    conds = [v < -0.5, v > 0.5]
    choices = [-(v + 0.5) ** 2, (v - 0.5) ** 2]
    return np.sum(np.select(conds, choices, default=0.1 * v))


@case(v6)
def clip_gradient_norm_style(v):
    g = 3.0 * v
    n = np.linalg.norm(g)
    g = g * min(1.0, 2.0 / n)
    return np.sum(np.clip(g, -0.5, 0.5) * v)


@case(v6)
def where_with_scalar_and_nan_guard(v):
    safe = np.where(v > 0, v, 1.0)
    return np.sum(np.where(v > 0, np.log(safe), 0.0))


# (was refused: np.piecewise with lambdas; since wave 4 each function applied where its
# condition holds, written out)
@case(v6)
def piecewise_np_piecewise(v):
    return np.sum(np.piecewise(v, [v < 0, v >= 0], [lambda t: t ** 2, lambda t: t]))


# ---------------------------------------------------------------- cumulative ops

@case(v6)
def cumsum_diff_roundtrip(v):
    c = np.cumsum(v)
    d = np.diff(c, prepend=0.0)
    return np.sum(d * v) + np.sum(np.diff(v, n=2) ** 2)


@case(np.abs(v6) + 0.5)
def cumprod_survival_curve(v):
    hazard = 1.0 / (1.0 + v)
    surv = np.cumprod(1 - hazard)
    return np.sum(surv) + np.log(surv[-1])


@case(v6)
def ediff1d_and_gradient(v):
    return np.sum(np.ediff1d(v) ** 2) + np.sum(np.gradient(v, 0.1) ** 2)


@case(M5)
def cumsum_axis_matrix(M):
    return np.sum(np.cumsum(M, axis=0)[-1] * np.cumsum(M, axis=1)[:, -1])


# ---------------------------------------------------------------- linear algebra

@case(M5)
def norms_of_every_kind(M):
    return (np.linalg.norm(M) + np.linalg.norm(M, ord=1) + np.linalg.norm(M, 2)
            + np.linalg.norm(M, axis=0).sum() + np.linalg.norm(M[0], ord=np.inf))


@case(M5)
def slogdet_and_solve_multiple_rhs(M):
    B = np.eye(5)[:, :2]
    X = np.linalg.solve(M, B)
    s, ld = np.linalg.slogdet(M)
    return np.sum(X ** 2) + s * ld


@case(M5)
def eigh_symmetrised_top_k(M):
    S = 0.5 * (M + M.T)
    w, V = np.linalg.eigh(S)
    return np.sum(w[-2:]) + np.sum(np.abs(V[:, -1]) ** 3)


@case(M5)
def svd_nuclear_and_spectral(M):
    U, s, Vt = np.linalg.svd(M, full_matrices=False)
    return s.sum() + s[0] ** 2 + np.sum((U[:, :2] * s[:2]) @ Vt[:2])


@case(M5)
def matrix_power_and_inv(M):
    return np.trace(np.linalg.matrix_power(M, 3)) + np.sum(np.linalg.inv(M) ** 2)


@case(M5)
def qr_orthonormalise(M):
    Q, R = np.linalg.qr(M[:, :3])
    return np.sum(np.abs(np.diag(R))) + np.sum(Q[:, 0] * M[:, 4])


@case(M5)
def multi_dot_chain(M):
    return np.linalg.multi_dot([M, M.T, M]).sum()


# ---------------------------------------------------------------- FFT

@case(v6)
def rfft_power_spectrum(v):
    P = np.abs(np.fft.rfft(v)) ** 2
    return np.sum(P[1:]) / len(v)


@case(v6)
def fft_lowpass_roundtrip(v):
    F = np.fft.fft(v)
    freqs = np.fft.fftfreq(len(v))
    F = F * (np.abs(freqs) < 0.3)
    return np.sum(np.real(np.fft.ifft(F)) ** 2)


@case(v6)
def fft_circular_convolution(v):
    k = np.array([0.5, 0.25, 0, 0, 0, 0.25])
    y = np.fft.irfft(np.fft.rfft(v) * np.fft.rfft(k), n=6)
    return np.sum(y ** 2)


@case(v6)
def fftshift_and_angle(v):
    F = np.fft.fftshift(np.fft.fft(v + 1j * v[::-1]))
    return np.sum(np.abs(F)) + np.sum(np.real(F * np.conj(F)))


# ---------------------------------------------------------------- sorting / order statistics

@case(v6)
def trimmed_mean_by_sort(v):
    s = np.sort(v)
    return np.mean(s[1:-1])


@case(v6)
def median_and_percentile(v):
    return np.median(v) + np.percentile(v, 75) - np.quantile(v, 0.25)


@case(v6)
def top_k_by_partition(v):
    k = 3
    part = np.partition(v, -k)[-k:]
    return np.sum(part ** 2)


@case(v6)
def logsumexp_stable_manual(v):
    m = np.max(v)
    return m + np.log(np.sum(np.exp(v - m)))


@case(v6.reshape(2, 3))
def softmax_axis_zero_with_keepdims(Z):
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    p = e / e.sum(axis=0, keepdims=True)
    return -np.sum(np.log(p[0]))
