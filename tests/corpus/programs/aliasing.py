"""Aliasing and in-place arithmetic (issue 13, families 3 and 4).

NumPy's semantics are the specification: ``x += v`` on an array writes into its
data, seen through every name sharing it (a copy ``y = x``, a view ``x[0]``,
``x.T``, ``x.reshape(...)``, a row of ``for row in X``, a list holding it);
in-place methods (``x.sort()``, ``x.fill(v)``, ``np.copyto``, ``out=``) write
too; repeated indices in a write apply once per element, the last one winning.
srcad computes these exactly where no other name sees the write, and refuses
(located) where one would.
"""

import numpy as np

from ..case import case

x3 = np.array([0.3, -1.2, 0.7])
x4 = np.array([0.5, 1.0, 2.0, 3.0])
X22 = np.array([[0.5, 1.0], [2.0, 3.0]])
X23 = np.array([[0.4, -0.3, 1.1], [0.9, 0.2, -0.6]])
w3 = np.array([0.2, -0.1, 0.4])

REFUSED_ALIAS = 'the in-place write would show through another name srcad cannot follow'


# -- augmented assignment on arrays no other name shares: computed ---------------

@case(x3)
def residual_accumulate(x):
    r = x * 2.0
    r -= np.mean(r)
    r *= 0.5
    return np.sum(r ** 2)


@case(x3, w3)
def sgd_step(x, w):
    w = w.copy()
    for _ in range(3):
        grad = 2.0 * (w - x)
        w -= 0.1 * grad
    return np.sum(w * x)


@case(X23)
def standardize_columns(X):
    Z = X - X.mean(axis=0)
    Z /= X.std(axis=0) + 1.0
    return np.sum(Z ** 3)


@case(x3)
def running_sum_of_powers(x):
    acc = np.zeros(3)
    term = np.ones(3)
    for k in range(4):
        term *= x
        acc += term / (k + 1.0)
    return np.sum(acc)


@case(x4)
def leapfrog_oscillator(q):
    q = q.copy()
    p = np.zeros_like(q)
    dt = 0.1
    for _ in range(5):
        p -= 0.5 * dt * q
        q += dt * p
        p -= 0.5 * dt * q
    return np.sum(q ** 2 + p ** 2)


@case(X22)
def scale_matrix_in_place(A):
    B = A @ A
    B *= 0.5
    B += np.eye(2)
    return np.trace(B @ B)


@case(x3)
def softmax_in_place(z):
    e = np.exp(z - np.max(z))
    e /= e.sum()
    return -np.log(e[1])


@case(x3)
def augmented_on_a_parameter(x):
    x += 1.0     # numpy changes the caller's array here; srcad computes the same value
    return np.sum(x * x)


@case(0.7, 1.3)
def scalar_aliases_rebind(a, b):
    c = a
    a += b       # a float: += makes a new number, c keeps the old one
    a *= 2.0
    return a * c + b


@case(0.7)
def scalar_running_product(a):
    p = a
    q = p
    for _ in range(3):
        p *= a
    return p + q


@case(x3)
def copy_before_augmented(x):
    x = x * 1.0
    y = x.copy()
    x += 1.0
    return np.sum(y * x)


@case(x3)
def rebind_after_augmented(x):
    y = x * 2.0
    z = y
    z = z + 1.0  # a new value: y is untouched
    y += 3.0
    return np.sum(z * y)


@case(X23)
def power_iteration_normalize(A):
    v = np.ones(3)
    for _ in range(3):
        v = A.T @ (A @ v)
        v /= np.linalg.norm(v)
    return v @ (A.T @ (A @ v))


@case(x3)
def matmul_in_place(x):
    M = np.outer(x, x) + np.eye(3)
    M @= M
    return np.sum(M)


# -- in-place writes other names see: refused, located ------------------------------

@case(x3, expect='refused', why=REFUSED_ALIAS)
def alias_sees_add(x):
    x = x * 1.0
    y = x
    x += 1.0
    return np.sum(y * y)


@case(x3)
def output_buffer_alias(x):
    h = np.tanh(x)
    out = h
    out += x
    return np.sum(h * out)


@case(X22)
def scale_first_row_view(X):
    X = X * 1.0
    first = X[0]
    first *= 3.0
    return np.sum(X ** 2)


@case(X22)
def normalize_each_row(X):
    P = np.exp(X)
    for row in P:
        row /= row.sum()
    return np.sum(P * X)


@case(X23)
def center_columns_in_loop(X):
    X = X + 0.0
    for j in range(3):
        col = X[:, j]
        col -= col.mean()
    return np.sum(X ** 2)


@case(x4, expect='refused', why=REFUSED_ALIAS)
def reshape_then_scale(x):
    x = x * 1.0
    m = x.reshape(2, 2)
    m *= 2.0
    return np.sum(x ** 2)


@case(X22, expect='refused', why=REFUSED_ALIAS)
def transpose_then_add(X):
    X = X * 1.0
    Y = X.T
    Y += np.array([1.0, 2.0])
    return np.sum(X ** 2)


@case(X22, expect='refused', why=REFUSED_ALIAS)
def ravel_then_subtract(X):
    X = X * 1.0
    flat = X.ravel()
    flat -= flat.mean()
    return np.sum(X ** 3)


@case(x4)
def slice_view_update(x):
    x = x * 1.0
    tail = x[2:]
    tail *= 10.0
    return np.sum(x ** 2)


@case(x3, expect='refused', why=REFUSED_ALIAS)
def asarray_is_the_same(x):
    x = x * 1.0
    a = np.asarray(x)
    a += 1.0
    return np.sum(x * x)


@case(x3, expect='refused', why=REFUSED_ALIAS)
def view_method_alias(x):
    x = x * 1.0
    v = x.view()
    v *= 2.0
    return np.sum(x * x)


@case(X22, expect='refused', why=REFUSED_ALIAS)
def squeeze_alias(X):
    X = X[None, :, :] * 1.0
    S = np.squeeze(X)
    S += 1.0
    return np.sum(X ** 2)


@case(x3, expect='refused', why=REFUSED_ALIAS)
def parameter_alias_augmented(x):
    y = x
    x += 1.0     # the argument is an array: y sees the change
    return np.sum(y * x)


@case(x3)
def alias_written_then_original_read(x):
    x = x * 1.0
    y = x
    y *= 2.0
    return np.sum(x)


@case(x3, expect='refused', why=REFUSED_ALIAS)
def alias_read_in_next_iteration(x):
    h = x * 1.0
    prev = h
    total = 0.0
    for _ in range(3):
        total = total + np.sum(prev * h)
        h += 0.1
    return total


@case(x3, expect='refused', why=REFUSED_ALIAS)
def array_in_list_then_augmented(x):
    h = x * 1.0
    history = [h]
    h += 1.0
    return np.sum(history[0] * h)


@case(X22)
def diagonal_alias(X):
    X = X * 1.0
    rows = X[:]
    rows[0] *= 2.0
    return np.sum(X ** 2)


# -- in-place methods and out= ----------------------------------------------------------

@case(x3)
def sort_then_pick(x):
    y = x * 1.0
    y.sort()
    return y[0] * 2.0 + y[2]


@case(X23)
def sort_rows_in_place(X):
    Y = X ** 2
    Y.sort(axis=1)
    return np.sum(Y[:, -1] * np.arange(1.0, 3.0))


@case(x4)
def trimmed_mean_by_sort(x):
    y = np.sin(x)
    y.sort()
    return np.mean(y[1:-1])


@case(x3, expect='refused', why=REFUSED_ALIAS)
def sort_while_aliased(x):
    y = x * 1.0
    z = y
    y.sort()
    return z[0]


@case(x3)
def fill_then_use(x):
    a = x * 1.0
    a.fill(x[1])
    return np.sum(a * x)


@case(x3)
def copyto_then_use(x):
    a = np.zeros(3)
    np.copyto(a, x ** 2)
    return np.sum(a * x)


@case(x3)
def exp_out_same(x):
    a = x * 1.0
    np.exp(a, out=a)
    return np.sum(a)


@case(x3)
def add_out_first(x):
    a = x * 2.0
    np.add(a, x, out=a)
    return np.sum(a * a)


@case(x3)
def multiply_out_fresh(x):
    buf = np.empty(3)
    r = np.multiply(x, x, out=buf)
    return np.sum(r * buf)


@case(x3)
def clip_out_method(x):
    a = x * 1.0
    a.clip(-1.0, 0.5, out=a)
    return np.sum(a ** 2)


@case(x3, expect='refused', why=REFUSED_ALIAS)
def out_into_a_shared_array(x):
    a = x * 1.0
    b = a
    np.tanh(a, out=a)
    return np.sum(b)


@case(x3, expect='refused', why='np.random.shuffle changes its argument in place')
def shuffle_in_place(x):
    a = x * 1.0
    np.random.shuffle(a)
    return a[0]


@case(x3, expect='refused', why='x.put changes the array in place')
def put_in_place(x):
    a = x * 1.0
    a.put([0], 5.0)
    return np.sum(a * x)


@case(x3, expect='refused', why='x.resize changes the array in place')
def resize_in_place(x):
    a = x * 1.0
    a.resize(2, refcheck=False)
    return np.sum(a)


# FIXED (session 5): np.copyto(dst, src, where=m) is dst[...] = np.where(m, src, dst)
@case(x3)
def copyto_where(x):
    a = np.zeros(3)
    np.copyto(a, x, where=x > 0)
    return np.sum(a * x)


@case(X22)
def fill_diagonal_then_norm(A):
    B = A @ A.T
    np.fill_diagonal(B, np.diag(A))
    return np.sum(B ** 2)


@case(X22, expect='refused', why=REFUSED_ALIAS)
def fill_diagonal_shared(A):
    B = A * 1.0
    C = B
    np.fill_diagonal(B, 0.0)
    return np.sum(C * A)


# -- lists ---------------------------------------------------------------------------

@case(x3, expect='refused', why=REFUSED_ALIAS)
def list_alias_append(x):
    a = [x[0]]
    b = a
    b.append(x[1])
    return a[-1] * 2.0


@case(x3, expect='refused', why=REFUSED_ALIAS)
def list_alias_extend_with_plus_equals(x):
    xs = [x[0]]
    ys = xs
    xs += [x[1]]
    return ys[-1] * 2.0


@case(x3)  # (was refused: joining lists with +; srcad/compiler/joins.py)
def list_plus_equals_fresh(x):
    xs = [x[0]]
    xs += [x[1], x[2]]
    return xs[0] * xs[2] + xs[1]


@case(x3)
def history_of_states(x):
    h = x * 1.0
    hs = [h]
    for _ in range(3):
        h = np.tanh(h + 0.5)
        hs.append(h)
    return np.sum(hs[-1] * hs[1]) + np.sum(x)


@case(x3)  # (was refused: a list repeated with *; srcad/compiler/joins.py)
def repeated_list_of_arrays(x):
    zs = [x] * 3
    return np.sum(zs[0] * zs[1] + zs[2])


@case(0.7)  # (was refused: a list repeated with *; srcad/compiler/joins.py)
def repeated_list_of_numbers(a):
    ws = [a] * 4
    return ws[0] * ws[3] + ws[1]


@case(0.7)  # (was refused: a list repeated with *; srcad/compiler/joins.py)
def list_repeat_then_sum(a):
    return np.sum([a, 2.0 * a] * 3)


# -- repeated indices in writes: the last write wins -----------------------------------

@case(x3)
def repeated_index_plus_equals(x):
    z = x * 1.0
    z[[0, 0]] += x[1]
    return np.sum(z ** 2)


@case(x3)
def repeated_index_assign(x):
    z = x * 1.0
    z[[0, 0]] = x[1:]
    return np.sum(z ** 2)


@case(x3)
def repeated_index_times(x):
    z = x ** 2
    z[[0, 0, 1]] *= 2.0
    return np.sum(z * x)


@case(x4)
def scatter_last_wins(x):
    out = np.zeros(3)
    idx = np.array([2, 0, 2, 1])
    out[idx] = x
    return np.sum(out ** 2)


@case(X23)
def repeated_rows_assign(X):
    Y = np.zeros((2, 3))
    Y[[1, 1]] = X * 2.0
    return np.sum(Y ** 2)


@case(X23)
def repeated_pairs_2d(X):
    Y = X * 1.0
    Y[[0, 0, 1], [2, 2, 0]] = np.array([1.0, 3.0, 5.0]) * X[1, 1]
    return np.sum(Y ** 2)


@case(x3)
def repeated_index_scalar_value(x):
    z = x * 1.0
    z[[1, 1, 1]] = x[0] ** 2
    return np.sum(z * x)


@case(x3)
def unique_fancy_write(x):
    z = x * 1.0
    z[[2, 0]] = x[:2] * 3.0
    return np.sum(z ** 2)


@case(x3)
def boolean_mask_write(x):
    z = x * 1.0
    z[z > 0] *= 2.0
    return np.sum(z ** 3)


@case(x3)
def unique_index_plus_equals(x):
    z = x ** 2
    z[[0, 2]] += x[1]
    return np.sum(z * x)


@case(x4)
def histogram_like_last_wins(x):
    bins = np.zeros(2)
    which = np.array([0, 1, 0, 1])
    bins[which] += x        # numpy: each bin gets x of its last occurrence, not the sum
    return np.sum(bins ** 2)


@case(x4)  # np.add.at has rules now (srcad/rules/everyday/rules.py)
def add_at_accumulates(x):
    bins = np.zeros(2)
    np.add.at(bins, np.array([0, 1, 0, 1]), x)
    return np.sum(bins ** 2)
