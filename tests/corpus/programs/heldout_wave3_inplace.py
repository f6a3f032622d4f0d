"""Held-out wave 3, part seven: numerical-recipes code that updates arrays in place --
Gram-Schmidt and Doolittle LU by column/row updates, power iteration, Newton-Schulz,
swaps, repeated fancy indices, fill_diagonal, in-place sort, ``out=``, accumulators
updated with ``+=`` and ``*=``, views written through another name, and dicts filled
entry by entry (activation caches).
Nobody wrote these for srcad."""

import numpy as np

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
v = np.array([0.3, -1.2, 0.7, 1.4])
M = np.array([[1.0, 0.2, -0.3], [0.4, 2.0, 0.1], [0.0, -0.5, 1.5]])


@case(M)
def gram_schmidt_columns_in_place(A):
    Q = A.copy()
    for j in range(3):
        for i in range(j):
            Q[:, j] -= (Q[:, i] @ Q[:, j]) * Q[:, i]
        Q[:, j] /= np.linalg.norm(Q[:, j])
    return np.sum(Q * np.arange(9).reshape(3, 3))


# (hvp: see heldout_wave3_python.polynomial_from_comprehension, range(k + 1, n) in a loop)
@case(M)
def doolittle_lu_log_det(A):
    U = A.copy()
    n = 3
    L = np.eye(n)
    for k in range(n - 1):
        for i in range(k + 1, n):
            L[i, k] = U[i, k] / U[k, k]
            U[i, k:] -= L[i, k] * U[k, k:]
    return np.sum(np.log(np.abs(np.diag(U)))) + np.sum(L)


@case(M)
def power_iteration_spectral_norm(A):
    u = np.ones(3) / np.sqrt(3)
    for _ in range(50):
        w = A.T @ (A @ u)
        u = w / np.linalg.norm(w)
    return np.sqrt(u @ A.T @ A @ u)


@case(M)
def newton_schulz_inverse(A):
    X = A.T / (np.linalg.norm(A, 1) * np.linalg.norm(A, np.inf))
    for _ in range(25):
        X = X @ (2 * np.eye(3) - A @ X)
    return np.sum(X)


@case(v)
def repeated_fancy_index_plus_equals(x):
    y = np.zeros(4)
    y[[0, 0, 1]] += x[:3]
    return np.sum(y * np.arange(1, 5)) + np.sum(x ** 2)


@case(v)
def swap_through_fancy_index(x):
    y = x.copy()
    y[[0, 1]] = y[[1, 0]]
    return np.sum(y * np.arange(4))


# REFUSED TODAY (the textbook swap y[0], y[1] = y[1], y[0] -- a tuple of subscripts as the
# assignment target.  Tuple targets with elements now work (a[i], b[j] = u, v); this one is
# refused with its reason: NumPy reads y[1] as a view when y is 2-D (no swap then), srcad
# cannot tell here, and the message suggests y[[0, 1]] = y[[1, 0]])
@case(v, modes=FIRST)
def swap_through_tuple_assignment(x):
    y = x.copy()
    y[0], y[1] = y[1], y[0]
    return np.sum(y * np.arange(4))


@case(v)
def add_reversed_self_in_place(x):
    y = x.copy()
    y += y[::-1]
    return np.sum(y * np.arange(4))


@case(M)
def fill_diagonal_then_square(A):
    B = A.copy()
    np.fill_diagonal(B, 1.0)
    return np.sum(B ** 2)


@case(M)
def sort_rows_in_place(A):
    B = A.copy()
    B.sort(axis=1)
    return np.sum(B * np.arange(3))


@case(M)
def ufuncs_with_out_buffer(A):
    B = np.empty_like(A)
    np.multiply(A, 2.0, out=B)
    np.exp(B, out=B)
    return np.sum(B)


@case(M)
def masked_square_in_place(A):
    B = A.copy()
    B[B < 0.5] = B[B < 0.5] ** 2
    return np.sum(B)


@case(M)
def accumulator_plus_and_times_equals(A):
    out = np.zeros(3)
    for row in A:
        out += row
        out *= 0.5
    return np.sum(out ** 2)


@case(M)
def buffer_copied_from_global(A):
    buf = BUF.copy()
    buf[:] = A[0]
    return np.sum(buf ** 2)


BUF = np.zeros(3)


# REFUSED TODAY (justified by srcad's aliasing rule: a write through a reshaped view while the
# base is read later; NumPy semantics would be computable here since the view is local)
@case(v, expect='refused', modes=FIRST, why='write through a view while the base is read')
def write_through_reshaped_view(x):
    y = x.copy()
    Y = y.reshape(2, 2)
    Y[0] *= 3.0
    return np.sum(y ** 2)


# REFUSED TODAY (as above, through a slice: tail += ...)
@case(v, expect='refused', modes=FIRST, why='write through a slice while the base is read')
def write_through_tail_slice(x):
    y = x.copy()
    tail = y[2:]
    tail += y[:2]
    return np.sum(y ** 2)


# (was refused: np.copyto with where=; since wave 4 dst[...] = np.where(mask, src, dst);
# hvp is left out: M[2, 0] = 0.0 sits on the mask's kink, where finite differences of the
# gradient see half of each side)
@case(M, modes=FIRST)
def copyto_positive_entries(A):
    B = np.zeros_like(A)
    np.copyto(B, A, where=A > 0)
    return np.sum(B ** 2)


# ---------------------------------------------------------------- dicts filled entry by entry

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


W1 = np.array([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]])
XB = np.array([[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]])
YB = np.array([1.0, 0.0, 1.0])


# FIXED (was a CRASH, bare KeyError 'A2' in reverse mode): the tutorial forward pass that keeps
# every activation in a cache dict and returns the loss computed from some of them.  The
# dict's adjoint only holds the keys that were read; runtime/indexing.take_at(g, idx) does
# g[idx] on it when the backward sweep reaches cache['A2'] = ..., a key nothing read
# (now a key missing from a dict's adjoint is a zero there).
@case({'W2': np.array([0.3, -0.6, 0.2]), 'b2': 0.1})
def forward_pass_with_activation_cache(p):
    cache = {}
    cache['Z1'] = XB @ W1
    cache['A1'] = np.tanh(cache['Z1'])
    cache['Z2'] = cache['A1'] @ p['W2'] + p['b2']
    cache['A2'] = sigmoid(cache['Z2'])
    z = cache['Z2']
    return np.mean(np.logaddexp(0.0, z) - YB * z)


# FIXED (was a CRASH, the same KeyError: entries 0..3 written in a loop, entry 2 never read)
@case(v)
def dict_of_squares_partly_read(x):
    d = {}
    for i, t in enumerate(x):
        d[i] = t ** 2
    return d.get(0) + d.get(3) * 2 + d[1]


@case({'W2': np.array([0.3, -0.6, 0.2]), 'b2': 0.1})
def forward_pass_with_cache_every_entry_read(p):
    cache = {}
    cache['Z1'] = XB @ W1
    cache['A1'] = np.tanh(cache['Z1'])
    cache['Z2'] = cache['A1'] @ p['W2'] + p['b2']
    cache['A2'] = sigmoid(cache['Z2'])
    return -np.mean(YB * np.log(cache['A2']) + (1 - YB) * np.log(1 - cache['A2']))


# REFUSED TODAY (false refusal: a parameter dict of dicts filled entry by entry)
@case(v, expect='refused', modes=FIRST, why="writing into d['enc'][...] of a nested dict")
def nested_dict_filled_by_setitem(x):
    d = {'enc': {}, 'dec': {}}
    d['enc']['w'] = x[:2]
    d['dec']['w'] = x[2:]
    return np.sum(d['enc']['w'] ** 2) + np.sum(d['dec']['w'])


# REFUSED TODAY (false refusal: a training history dict of lists appended to in the loop)
@case(v, expect='refused', modes=FIRST, why="hist['loss'].append of a differentiated value")
def unrolled_descent_with_history(x):
    hist = {'loss': [], 'w': []}
    w = x.copy()
    for _ in range(3):
        loss = np.sum(w ** 2)
        hist['loss'].append(loss)
        hist['w'].append(w)
        w = w - 0.1 * 2 * w
    return hist['loss'][-1]


@case(v)
def activations_list_partly_read(x):
    acts = []
    h = x
    for _ in range(3):
        h = np.tanh(h)
        acts.append(h)
    lst = [0.0] * 4
    for i, t in enumerate(x):
        lst[i] = t ** 2
    return np.sum(acts[1]) + lst[0] + lst[3] * 2
