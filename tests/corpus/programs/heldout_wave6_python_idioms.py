"""Held-out wave 6: Python-level idioms around arrays -- states appended to a list and then
updated with += (the list entry changes too), lists of rows from a 2-D array, tuple-return
unpacking with starred targets, augmented assignment on list/dict entries, chained
comparisons, conditional expressions on arrays, float()/item()/tolist() into math.*, int/bool
arithmetic with floats, // and % on floats, divmod, round, while/else, for/else, try/except
fallbacks, assert, match, global constants rebound, mutable default args."""

import math

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])
W = np.array([[0.5, -0.2], [0.1, 0.3]])


@case(x4,
      expect='refused', why='grad: srcad does not support h += ... on a ndarray while "hist" refers to the same data and is read afterwards: the (FALSE refusal, R1)')
def append_then_iadd_aliases_history(x):
    h = x[:2] * 1.0
    hist = []
    for t in range(3):
        hist.append(h)
        h += np.tanh(W @ h)          # in place: hist entries all are the same array
    return sum(np.sum(a * (i + 1)) for i, a in enumerate(hist))


@case(x4)
def append_then_rebind_no_alias(x):
    h = x[:2] * 1.0
    hist = []
    for t in range(3):
        hist.append(h)
        h = h + np.tanh(W @ h)
    return sum(np.sum(a * (i + 1)) for i, a in enumerate(hist))


@case(x4,
      expect='refused', why='grad: srcad does not support rows[0] += ... on a ndarray entry: it changes that ndarray in place, and "rows" also re (FALSE refusal, R1)')
def list_of_rows_then_row_iadd(x):
    M = np.outer(x, x) + np.eye(4)
    rows = [M[i] for i in range(4)]    # views of M's rows
    rows[0] += 1.0 * rows[1]
    return np.sum(M ** 2)


@case(x4, expect='refused', why='ws[0] += on a fresh copy held in a list: srcad thinks it aliases x (FALSE refusal, R4)')
def list_entry_iadd_array(x):
    ws = [x[:2].copy(), x[2:].copy()]
    ws[0] += ws[1] ** 2
    return np.sum(ws[0] * ws[1])


@case(x4, expect='refused', why="p['a'] *= on fresh arrays in a dict: srcad thinks it aliases x (FALSE refusal, R4)")
def dict_entry_imul(x):
    p = {'a': x * 1.0, 'b': x[::-1].copy()}
    p['a'] *= p['b']
    return np.sum(p['a'])


@case(x4,
      expect='refused', why='grad: srcad does not support p["a"] *= ... on a ndarray entry: it changes that ndarray in place, and "a" also refers (FALSE refusal, R1)')
def dict_entry_alias_imul(x):
    a = x * 1.0
    p = {'a': a}
    p['a'] *= 2.0                       # also changes a
    return np.sum(a ** 2) + np.sum(p['a'])


@case(x4)
def starred_unpack(x):
    first, *mid, last = x
    return first * last + sum(m ** 2 for m in mid)


@case(x4)
def tuple_return_and_swap(x):
    def split(v):
        return v[:2], v[2:]
    a, b = split(x * 2.0)
    a, b = b, a
    return np.sum(a * np.array([1.0, 3.0])) + np.sum(b ** 2)


@case(x4)
def chained_comparison_branch(x):
    s = 0.0
    for t in x:
        if -0.35 < t < 0.5:
            s = s + t ** 2
        else:
            s = s + 3 * t
    return s


@case(x4)
def conditional_expression(x):
    y = x ** 2 if np.sum(x) > 0 else -x
    return np.sum(y * np.arange(4.0))


@case(x4)
def float_item_tolist_math(x):
    a = float(x[0])
    b = x[1].item()
    c, d = x[2:].tolist()
    return math.exp(a) + math.sin(b) * c + math.sqrt(d + 1.0)


@case(x4)
def bool_and_int_arithmetic(x):
    n_pos = int(np.sum(x > 0))
    return n_pos * np.sum(x ** 2) + True * x[0] + (x[1] > 0) * x[1]


@case(np.array([2.7, -1.3, 0.45]))
def floor_divide_and_mod(x):
    return np.sum(x % 1.0) + np.sum((x // 0.5) * x) + np.sum(np.fmod(x, 0.4))


@case(np.array([2.7, -1.3, 0.43]))
def divmod_and_round(x):
    q, r = divmod(x[0], 0.5)
    return r * 3.0 + q * x[1] + round(float(x[2]), 1) * x[2]


@case(np.array([2.7, -1.3, 0.43]))
def np_round_floor_ceil_stopgrad(x):
    return np.sum(np.round(x, 1) * x) + np.sum(np.floor(x) + np.ceil(x) * x ** 2)


@case(x4)
def while_else_tolerance(x):
    y = x.copy()
    it = 0
    while np.max(np.abs(y)) > 0.05:
        y = 0.5 * y
        it += 1
        if it > 100:
            break
    else:
        y = y * 2.0
    return np.sum(y)


# was WRONG when written (family W1); right in the tree at 19:57 UTC
@case(x4)
def for_else_search(x):
    for i in range(4):
        if x[i] < 0:
            val = x[i] ** 2
            break
    else:
        val = 0.0
    return val + np.sum(x)


@case(np.array([[2.0, 1.0], [1.0, 2.0]]))
def try_except_linalg_fallback(a):
    try:
        L = np.linalg.cholesky(a)
        return np.sum(np.log(np.diag(L)))
    except np.linalg.LinAlgError:
        return 0.5 * np.log(np.linalg.det(a))


@case(np.array([[1.0, 2.0], [2.0, 1.0]]))
def try_except_linalg_fallback_taken(a):
    try:
        L = np.linalg.cholesky(a)
        return np.sum(np.log(np.diag(L)))
    except np.linalg.LinAlgError:
        return np.sum(np.linalg.eigvalsh(a) ** 2)


@case(x4)
def assert_shapes(x):
    assert x.ndim == 1, 'vector expected'
    y = x.reshape(2, 2)
    assert y.shape == (2, 2)
    return np.sum(y @ y)


@case(x4)
def match_statement_on_config(x):
    cfg = 'huber'
    match cfg:
        case 'l2':
            return np.sum(x ** 2)
        case 'huber':
            a = np.abs(x)
            return np.sum(np.where(a < 0.5, 0.5 * x ** 2, 0.5 * (a - 0.25)))
        case _:
            return 0.0


@case(x4,
      expect='refused', why='grad: srcad does not support "Match" syntax in match_on_tuple_shape (FALSE refusal, R11)')
def match_on_tuple_shape(x):
    y = x.reshape(2, 2)
    match y.shape:
        case (n, m) if n == m:
            return np.trace(y @ y)
        case _:
            return np.sum(y)


def _accumulate(v, store=[]):
    store.append(v)
    return v * len(store)


@case(x4,
      expect='refused', why='the function is impure (a default list grows each call): refusing is right')
def mutable_default_argument(x):
    # len(store) grows with every call: the function is impure; srcad should refuse or
    # match a single call
    return np.sum(_accumulate(x) ** 2)


_SCALE = 2.0


def _scaled(v):
    return v * _SCALE


@case(x4)
def global_constant_read(x):
    return np.sum(_scaled(x) ** 2)


@case(x4)
def fstring_and_print_side_effect(x):
    s = np.sum(x ** 2)
    msg = f'loss={s:.3f} first={x[0]}'
    return s * len(msg) / len(msg)


@case(x4)
def list_multiply_and_index(x):
    buf = [0.0] * 4
    for i in range(4):
        buf[i] = x[i] * (i + 1)
    buf[-1] += buf[0]
    return sum(b ** 2 for b in buf)


@case(x4)
def nested_list_of_lists_matrix(x):
    rows = [[x[0], x[1]], [x[2], x[3]]]
    A = np.array(rows)
    A[0][1] = 0.0                  # A[0] is a view: this writes into A
    return np.sum(A @ A)


@case(x4)
def in_operator_membership(x):
    keep = [0, 3]
    return sum(x[i] ** 2 if i in keep else x[i] for i in range(4))


@case(x4)
def slice_object_reuse(x):
    s = slice(1, None, 2)
    y = x.copy()
    y[s] = y[s] ** 2
    return np.sum(y * x[s].sum())


@case(x4)
def numpy_scalar_python_ops(x):
    a = x[0]
    b = a ** 2
    c = abs(b - 1) + pow(a, 3) + max(a, 0.1) + min(x[1], x[2])
    return c


@case(x4)
def int_power_from_len(x):
    n = len(x)
    return np.sum(x ** n) + np.sum(2 ** x) + np.sum(np.power(3, x))


@case(np.array([-2.0, -0.5, 1.5]))
def negative_base_integer_power(x):
    return np.sum(x ** 3) + np.sum(np.power(x, 2.0)) + np.sum(x ** -1)


@case(np.array([2.0, 0.5, 1.5]))
def pow_wrt_exponent(p):
    base = np.array([-2.0, 3.0, 0.5])
    return np.sum(np.abs(base) ** p) + np.sum(4.0 ** p)


@case(np.array([0.0, 0.5, 1.5]), expect='refused', why='x ** 0 at x == 0: 0 * inf in the power rule (FALSE refusal, R3)')
def pow_zero_base_int_exponent(x):
    return np.sum(x ** 2) + np.sum(x ** 3) + np.sum(x ** 1) + np.sum(x ** 0)


@case(np.array([-8.0, 0.5, 27.0]))
def cbrt_negative(x):
    return np.sum(np.cbrt(x))
