"""Programs written the way published NumPy ports are written, part four: the
NumPy semantics such code leans on without saying so -- chained assignments
sharing one array, rows of a matrix updated through the loop variable, views
of the caller's arrays, ``[a] * n`` lists, ``out=`` arguments, integer
buffers that truncate, nonlocal accumulators, stateful cell objects.
See third_party_style.py for part one."""

import numpy as np
import numpy.random as npr

from ..case import case

rs = npr.RandomState(7)
X53 = rs.randn(5, 3)
W3 = np.array([0.4, -0.3, 0.8])


# REFUSED TODAY (located: 'm *= ... while v refers to the same data')
@case(np.array([0.1, 0.2, -0.3]), expect='refused', why="m *= ... while 'v' is the same array")
def adam_shared_moment_buffers(x0):
    """``m = v = np.zeros_like(x)``: one array, updated twice per step."""
    x = x0.copy()
    m = v = np.zeros_like(x)
    for i in range(3):
        g = 2 * (x - 1.0) * np.array([1.0, 3.0, 0.5])
        m *= 0.9
        m += 0.1 * g
        v *= 0.99
        v += 0.01 * g ** 2
        x = x - 0.1 * m / (np.sqrt(np.abs(v)) + 1e-3)
    return np.sum(x ** 2)


# REFUSED TODAY (located: 'row *= ... while A refers to the same data')
@case(X53, W3, expect='refused', why="row *= ... while 'A' is the same data")
def scale_rows_through_loop_variable(X, w):
    A = X.copy()
    for i, row in enumerate(A):
        row *= w[i % 3]          # row is a view: A changes
    return np.sum(A @ w) + np.sum(A ** 2)


@case(W3, expect='refused', why='the three entries are one array: hs[0] += ... changes them all')
def list_of_same_array(w):
    hs = [np.zeros(3)] * 3       # three names for one array
    hs[0] += w
    hs[1] += w ** 2
    return sum(np.sum(h * np.arange(1, 4)) for h in hs)


@case(np.array([0.7, -0.2, 0.5, 1.1]))
def reshape_view_of_input_written(w):
    W = w.reshape(2, 2)          # a view of the caller's array
    W = W.copy()
    W[0] *= 2.0
    return np.sum(W @ W)


@case(np.array([0.7, -0.2, 0.5, 1.1]), expect='refused',
      why="writing into a view of the caller's array")
def reshape_view_of_input_written_no_copy(w):
    W = w.reshape(2, 2)
    W[0] *= 2.0
    return np.sum(W @ W) + np.sum(w)


@case(W3)
def ufunc_out_argument(w):
    out = np.empty_like(w)
    np.exp(w, out=out)
    np.multiply(out, w, out=out)
    return np.sum(out)


@case(np.array([0.43, -0.37, 0.81]))
def integer_buffer_truncates(w):
    buf = np.zeros(3, dtype=int)
    buf[:] = 10 * w              # truncated to integers: no derivative
    return np.sum(buf * w)


@case(W3)
def nonlocal_accumulator(w):
    total = 0.0

    def add(x):
        nonlocal total
        total += x

    for v in w:
        add(v ** 2)
    return total


class RNNCell:
    def __init__(self, W, U):
        self.W, self.U = W, U
        self.h = np.zeros(W.shape[0])

    def step(self, x):
        self.h = np.tanh(self.W @ self.h + self.U @ x)
        return self.h


# FIXED (was a missing feature: a method call on an object holding differentiated arrays;
# cell.step(x) changes cell.h: written out on cell, srcad/compiler/method_inline.py)
@case(rs.randn(3, 3) * 0.5)
def stateful_cell_object(W):
    cell = RNNCell(W, np.eye(3))
    outs = [cell.step(x) for x in X53]
    return np.sum(outs[-1] ** 2) + np.sum(cell.h)


@case(X53)
def masked_augmented_assign(X):
    Z = X.copy()
    Z[Z > 0] *= 3.0
    Z[:, 1] += Z[:, 0]
    return np.sum(Z ** 2)


@case(np.array([0.3, 1.4, -0.6, 0.9]))
def fibonacci_tuple_swap(w):
    a, b = w[0], w[1]
    for c in w[2:]:
        a, b = b, a * c + b
    return a + b ** 2


@case(np.array([0.3, 1.4, -0.6, 0.9]))
def python_max_and_sorted_key(w):
    pairs = [(w[i], w[i] ** 2) for i in range(4)]
    best = max(pairs, key=lambda p: p[1])
    ordered = sorted(pairs, key=lambda p: p[0])
    return best[0] * 2 + ordered[0][1] + ordered[-1][0]


# REFUSED TODAY (missing rule: ndarray.fill on a differentiated array)
@case(X53, expect='refused', why='Z[0].fill(1.0)')
def fill_and_copyto(X):
    Z = np.empty_like(X)
    np.copyto(Z, X * 2.0)
    Z[0].fill(1.0)
    return np.sum(Z ** 2)


@case(np.array([0.3, 1.4, -0.6, 0.9]))
def in_place_on_python_float_and_array_item(w):
    s = 0.0
    arr = np.zeros(2)
    for i, v in enumerate(w):
        s += v * v
        arr[i % 2] += v * s
    return s + arr[0] * arr[1]


# REFUSED TODAY (missing feature: writes through a transposed view; located)
@case(X53, expect='refused', why="writing into 'B' while 'A' refers to the same data")
def transpose_view_written(X):
    A = X.copy()
    B = A.T                      # a view of A
    B[0] = 0.5 * B[0] + 1.0      # changes column 0 of A
    return np.sum(A ** 2) + np.sum(B)


@case(W3)
def swapped_buffers_in_loop(w):
    cur, nxt = w.copy(), np.empty(3)
    for _ in range(3):
        nxt[:] = np.roll(cur, 1) * 0.5 + cur
        cur, nxt = nxt, cur      # ping-pong buffers
    return np.sum(cur ** 2) + np.sum(nxt)


# ---------------------------------------------------------------- shallow copies share arrays

def linear_loss(p):
    return np.sum((X53 @ p['W'] + p['b']) ** 2) / 5


PARAMS = {'W': np.array([0.3, -0.5, 0.7]), 'b': np.array([0.2])}


@case(PARAMS, expect='refused',
      why="dict(p) shares p's arrays: q['W'] -= ... would change p['W']")
def lookahead_step_dict_copy(params):
    """A lookahead step written with ``dict(p)``: the copy shares p's arrays,
    so ``q['W'] -= ...`` changes p['W'] as well."""
    p = {k: v * 1.0 for k, v in params.items()}
    q = dict(p)
    q['W'] -= 0.1 * p['W']
    return linear_loss(p) + linear_loss(q)


@case(PARAMS, expect='refused',
      why="p.copy() shares p's arrays: ema['W'] *= ... would change p['W']")
def ema_params_dict_method_copy(params):
    p = {k: v * 1.0 for k, v in params.items()}
    ema = p.copy()
    ema['W'] *= 0.5              # the same array as p['W']
    return linear_loss(p)


@case(PARAMS, expect='refused',
      why="list(xs) shares xs's arrays: ys[1] += ... would change xs[1]")
def list_constructor_copy_then_inplace(params):
    xs = [params['W'] * 1.0, params['b'] * 1.0]
    ys = list(xs)
    ys[1] += 1.0                 # xs[1] is the same array
    return np.sum(xs[1] ** 2) + np.sum(xs[0] * ys[1])


@case(PARAMS, expect='refused',
      why="dict(params) shares the caller's arrays: q['b'] -= ... would change params['b']")
def caller_dict_shallow_copy_inplace(params):
    q = dict(params)
    q['W'] = q['W'] * 1.0
    q['b'] -= 0.5                # NumPy: the caller's params['b'] changes too
    return linear_loss(q) + linear_loss(params)


@case(W3, expect='refused', why='h += w changes the array appended to outs in the round before')
def appended_hidden_state_mutated(w):
    h = w * 1.0
    outs = []
    for i in range(3):
        h += w                   # in place: every entry of outs is this one array
        outs.append(h)
    return np.sum(outs[0] * np.arange(3))


@case(np.array([0.3, -0.5, 0.7]), expect='refused',
      why='h[:] = ... changes the array appended to hs in the round before')
def rnn_state_slice_assigned_and_appended(w):
    h = np.zeros(3)
    hs = []
    for t in range(3):
        h[:] = np.tanh(w * t + 0.5 * h)
        hs.append(h)
    return np.sum(hs[0] * np.arange(3))


@case(np.array([0.3, -0.5, 0.7]), expect='refused', why='hs[0] += 2.0 changes the array h names')
def running_sum_through_list_entry(w):
    h = w * 1.0
    hs = [h]
    hs[0] += 2.0
    return np.sum(h ** 2)


# ---------------------------------------------------------------- more everyday idioms

def sgd_update(params, grads, lr=0.1):
    for k, v in params.items():
        params[k] = v - lr * grads[k]
    return params


# REFUSED TODAY (missing feature: the everyday dict update loop.  Here: "sgd_update changes its
# argument 'params' in place (line N)" -- no file named; written inline in the differentiated
# function it is refused naming an internal temporary: "... while 't5' refers to the same data")
@case(PARAMS, expect='refused', why="params[k] = ... while iterating params.items()")
def sgd_dict_items_update(params):
    params = {k: v * 1.0 for k, v in params.items()}
    for step in range(2):
        r = X53 @ params['W'] + params['b']
        grads = {'W': 2 * X53.T @ r / 5, 'b': 2 * r.mean(keepdims=True)}
        params = sgd_update(params, grads)
    return linear_loss(params)


# FIXED (was nan: the unselected branch's derivative 0 * d sqrt(w) at w < 0; autograd and JAX
# give nan here too): a zero adjoint stays zero through sqrt and log (srcad.runtime.singular)
@case(np.array([0.25, -1.0, 4.0, 0.6]))
def safe_norm_where_sqrt(w):
    return np.sum(np.where(w > 0, np.sqrt(w), 0.0)) + np.sum(np.select([w > 1], [np.log(w)], w))


# REFUSED TODAY (missing rules / lambdas passed on: np.vectorize, np.apply_along_axis,
# np.piecewise and scipy.integrate.quad each refused with a located message)
@case(W3, expect='refused', why='np.vectorize of a lambda')
def vectorized_activation(w):
    act = np.vectorize(lambda x: x ** 3 if x > 0 else -x)
    return np.sum(act(w))


# FIXED (session 5): np.apply_along_axis of a lambda is written out row by row
@case(X53)
def row_norms_apply_along_axis(X):
    return np.sum(np.apply_along_axis(lambda r: np.sqrt(np.sum(r ** 2)), 1, X))


# FIXED (session 5): np.piecewise applies each function to its part (srcad/compiler/library_calls.py)
@case(W3)
def piecewise_huber(w):
    return np.sum(np.piecewise(w, [np.abs(w) <= 0.5, np.abs(w) > 0.5],
                               [lambda x: 0.5 * x ** 2, lambda x: 0.5 * (np.abs(x) - 0.25)]))


# ---------------------------------------------------------------- collections and __getitem__

from collections import defaultdict  # noqa: E402


# (was a crash: KeyError, then refused where it is written; now a plain dict with the missing
# key filled where Python fills it: srcad/compiler/desugar_defaultdict.py)
@case(np.array([0.4, -0.3, 0.9, 0.2, -0.7]))
def grouped_loss_defaultdict(w):
    groups = [0, 1, 0, 2, 1]
    per_group = defaultdict(float)
    for g, x in zip(groups, w):
        per_group[g] += x ** 2
    return sum(v ** 0.5 for v in per_group.values())


class FlatParams:
    """params['W'] reads a slice of a flat vector, the way many NumPy ports unpack weights."""
    def __init__(self, vect):
        self.vect = vect

    def __getitem__(self, name):
        return self.vect[:3] if name == 'W' else self.vect[3:]


# (was a crash: TypeError in index_adjoint; the user's own __getitem__ is refused in reverse mode)
@case(np.array([0.4, -0.3, 0.9, 0.1]), expect='refused', why='__getitem__', modes=('grad',))
def user_getitem_unflatten(w):
    p = FlatParams(w)
    return np.sum((X53 @ p['W'] + p['b']) ** 2)
