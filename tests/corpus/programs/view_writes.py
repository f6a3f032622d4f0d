"""Writes through the views NumPy hands out from calls that look like they make new arrays
(held-out probe 5, V1): a one-operand np.einsum, np.unstack's rows, np.array(y, copy=None),
y.astype(t, copy=False), np.real of a real array, np.broadcast_arrays, np.meshgrid(copy=False),
np.linalg.matrix_power(a, 1), a helper returning np.moveaxis(m, ...).  A write srcad cannot
follow is refused; the same programs with a copy (or no write) are computed."""

import numpy as np

from ..case import case

x6 = np.array([0.3, -0.6, 0.45, 0.8, -1.1, 0.25])
P = np.array([[0.5, -1.2, 0.3], [0.9, 0.4, -0.7]])
WRITING = 'srcad does not support'


# --- np.einsum with one operand: a view (a diagonal, a transpose, the array) -------------
@case(x6, expect='refused', why=WRITING)
def ridge_via_einsum_diagonal(x):
    X = x.reshape(2, 3)
    G = X.T @ X
    np.einsum('ii->i', G)[:] += 0.5     # the NumPy idiom: add to G's diagonal in place
    return np.sum(np.linalg.solve(G, X[0]))


@case(x6)
def ridge_via_diag_indices(x):
    X = x.reshape(2, 3)
    G = X.T @ X
    G[np.diag_indices(3)] += 0.5
    return np.sum(np.linalg.solve(G, X[0]))


@case(x6, expect='refused', why=WRITING)
def einsum_transpose_then_edit(x):
    A = np.outer(x[:3], x[3:])
    At = np.einsum('ij->ji', A)
    At[0, 0] = 1.0
    return np.sum(A ** 2) + np.sum(At)


@case(x6)
def einsum_transpose_copied(x):
    A = np.outer(x[:3], x[3:])
    At = np.einsum('ij->ji', A).copy()
    At[0, 0] = 1.0
    return np.sum(A ** 2) + np.sum(At)


@case(x6, expect='refused', why=WRITING)
def scale_matrix_after_taking_diagonal(x):
    A = np.outer(x[:3], x[3:])
    d = np.einsum('ii->i', A)
    A *= 2.0
    return np.sum(d ** 2)


@case(x6)
def diagonal_read_before_scaling(x):
    A = np.outer(x[:3], x[3:])
    d = np.einsum('ii->i', A)
    s = np.sum(d ** 2)
    A *= 2.0
    return s + np.sum(A)


@case(x6)
def einsum_two_operands_is_new(x):
    A = np.outer(x[:3], x[3:])
    C = np.einsum('ij,jk->ik', A, A.T)
    C += np.eye(3)
    return np.sum(A * A) + np.sum(np.log(np.abs(C)))


@case(x6)
def einsum_row_sums_then_shift(x):
    A = np.outer(x[:3], x[3:])
    r = np.einsum('ij->i', A)           # a sum over j: a new array
    r -= r.mean()
    return np.sum(A ** 2) + np.sum(r ** 2)


@case(x6)
def einsum_trace_accumulated(x):
    A = np.outer(x[:3], x[3:])
    t = np.einsum('ii', A)
    t += 1.0
    return t * np.sum(A ** 2)


# --- np.unstack: the rows are views ------------------------------------------------------
@case(P, expect='refused', why=WRITING)
def unstack_then_normalize_row(p):
    q = np.tanh(p)
    a, b = np.unstack(q)
    a /= np.linalg.norm(a)
    return np.sum(q ** 2) + np.dot(a, b)


@case(P)
def unstack_only_read(p):
    xs, ys = np.unstack(np.tanh(p))
    return np.sum(np.hypot(xs, ys))


@case(P, expect='refused', why=WRITING)
def unstack_rows_in_a_loop(p):
    q = np.exp(p)
    for row in np.unstack(q):
        row -= row.max()
    return np.sum(q)


# --- np.array(copy=None / copy=False), astype(copy=False), np.real --------------------------
@case(x6, expect='refused', why=WRITING)
def array_copy_none_then_clip(x):
    y = np.sin(x)
    z = np.array(y, copy=None)
    z[z > 0.5] = 0.5
    return np.sum(y * z)


@case(x6)
def array_copied_then_clip(x):
    y = np.sin(x)
    z = np.array(y)
    z[z > 0.5] = 0.5
    return np.sum(y * z)


@case(x6, expect='refused', why=WRITING)
def astype_no_copy_then_write(x):
    y = x ** 2
    z = y.astype(np.float64, copy=False)
    z[0] = 0.0
    return np.sum(y) + np.sum(z)


@case(x6)
def astype_copy_then_write(x):
    y = x ** 2
    z = y.astype(np.float64)
    z[0] = 0.0
    return np.sum(y) + np.sum(z)


@case(x6, expect='refused', why=WRITING)
def real_part_of_real_signal(x):
    y = np.cos(x)
    r = np.real(y)
    r += 1.0
    return np.sum(y ** 2)


# --- parts of broadcast_arrays and meshgrid(copy=False) -----------------------------------
@case(x6, expect='refused', why=WRITING)
def meshgrid_no_copy_then_write(x):
    u, v = x[:3] * 1.0, x[3:] * 1.0
    U, V = np.meshgrid(u, v, copy=False, sparse=True)
    U *= 2.0
    return np.sum(u ** 2) + np.sum(U * V)


@case(x6)
def meshgrid_then_write(x):
    u, v = x[:3] * 1.0, x[3:] * 1.0
    U, V = np.meshgrid(u, v)
    U *= 2.0
    return np.sum(u ** 2) + np.sum(U * V)


@case(x6, expect='refused', why=WRITING)
def broadcast_arrays_then_write(x):
    a, b = np.broadcast_arrays(x * 1.0, x[::-1] * 2.0)
    a[0] = 0.0
    return np.sum(a * b)


# --- calls that may hand back their argument ------------------------------------------------
@case(x6, 1, expect='refused', why=WRITING, wrt=0)
def matrix_power_of_a_given_order(x, n):
    A = np.outer(x[:3], x[3:]) + np.eye(3)
    P = np.linalg.matrix_power(A, n)
    P[0, 0] = 0.0
    return np.sum(A) + np.sum(P)


@case(x6)
def matrix_square_then_write(x):
    A = np.outer(x[:3], x[3:]) + np.eye(3)
    P = np.linalg.matrix_power(A, 2)
    P[0, 0] = 0.0
    return np.sum(A) + np.sum(P)


@case(x6, expect='refused', why='srcad does not support np.nan_to_num(..., copy=False)')
def nan_to_num_in_place(x):
    y = np.log(np.abs(x))
    np.nan_to_num(y, copy=False)
    return np.sum(y)


# --- helpers of the user's that return a view ------------------------------------------------
def channels_first(img):
    return np.moveaxis(img, -1, 0)


def centered(m):
    return m - m.mean(axis=0)


def maybe_transposed(m, flip):
    return m.T if flip else m


@case(x6, expect='refused', why=WRITING)
def helper_returning_moveaxis_view(x):
    img = np.outer(x[:3], x[3:]).reshape(3, 3, 1)
    c = channels_first(img)
    c[0] *= 0.5
    return np.sum(img ** 2)


@case(x6)
def helper_returning_new_array(x):
    A = np.outer(x[:3], x[3:])
    c = centered(A)
    c[0] *= 0.5
    return np.sum(A ** 2) + np.sum(c ** 2)


@case(x6, expect='refused', why=WRITING)
def helper_returning_either(x):
    A = np.outer(x[:3], x[3:])
    B = maybe_transposed(A, True)
    B[0, 1] = 0.0
    return np.sum(A ** 2)


# --- decided when the code runs: a view is refused there, a new array computed -------------
@case(x6)
def softmax_jacobian_from_diag(x):
    J = np.diag(x)                     # x is 1-D: a new matrix
    J -= np.outer(x, x)
    return np.sum(J @ np.tanh(x))


@case(x6)
def asarray_of_a_list_then_edit(x):
    values = [x[0] ** 2, x[1], x[2]]
    z = np.asarray(values)
    z[0] = 1.0
    return np.sum(z ** 2) + values[0]


@case(x6, expect='refused', why='srcad does not support writing into the result of np.asarray')
def asarray_of_an_array_then_edit(x):
    y = np.sin(x)
    z = np.asarray(y)                  # y itself
    z[0] = 1.0
    return np.sum(y) + np.sum(z)


# --- SciPy's overwrite_a=True ------------------------------------------------------------------
@case(x6, expect='refused', why='srcad does not support overwrite_a=True here')
def solve_overwriting_a_matrix_used_later(x):
    import scipy.linalg as sla
    A = np.outer(x[:3], x[3:]) + 3.0 * np.eye(3)
    s = sla.solve(A, x[:3], overwrite_a=True)
    return np.sum(s) + np.trace(A)


@case(x6)
def solve_overwriting_a_scratch_matrix(x):
    import scipy.linalg as sla
    A = np.outer(x[:3], x[3:]) + 3.0 * np.eye(3)
    s = sla.solve(A, x[:3], overwrite_a=True, check_finite=False)
    return np.sum(s ** 2)
