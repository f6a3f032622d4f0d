"""Held-out wave 6: in-place ndarray methods and attribute writes people use -- x.shape = ...
(an in-place reshape), a.fill, np.putmask, np.place, a.clip(out=a), np.negative(out=),
a.sort(axis=0), np.cumsum(out=), np.matmul(out=), ndarray.__setitem__ via slices in
a helper that returns None, a.real writes on a complex buffer, np.maximum(a, b, out=a) with a
mask, np.add(a, b, out=a, where=m), x[...] *= mask, del of array slices in lists."""

import numpy as np

from ..case import case

x6 = np.array([0.4, -0.3, 0.9, 0.2, -0.7, 0.5])


@case(x6,
      expect='refused', why='grad: srcad does not support assigning y.shape: "y" is bound here by something other than a call that builds a new o (FALSE refusal, R11)')
def shape_attribute_assignment(x):
    y = x ** 2
    y.shape = (2, 3)
    return np.sum(y * np.arange(6.0).reshape(2, 3)) + np.sum(y[1] ** 2)


@case(x6,
      expect='refused', why='grad: no derivative rule for y[:3].fill(...), called for its effect on "y[:3]", which depends on a differentiated in (FALSE refusal, R11)')
def fill_method(x):
    y = x * 1.0
    y[:3].fill(0.5)
    return np.sum(y ** 2)


@case(x6)
def fill_then_overwrite(x):
    buf = np.empty(6)
    buf.fill(1.0)
    buf[1:4] = x[1:4] ** 2
    return np.sum(buf * np.arange(6.0))


@case(x6,
      expect='refused', why='grad: srcad does not support np.putmask(...), which changes its argument in place (FALSE refusal, R5)')
def putmask(x):
    y = x * 1.0
    np.putmask(y, y < 0, y ** 2)
    return np.sum(y * np.arange(6.0))


@case(x6,
      expect='refused', why='grad: srcad does not support np.place(...), which changes its argument in place (FALSE refusal, R5)')
def place(x):
    y = x * 1.0
    np.place(y, y > 0.3, [7.0, 8.0])
    return np.sum(y ** 2)


@case(x6)
def clip_out_self(x):
    y = x * 2.0
    y.clip(-0.5, 0.5, out=y)
    return np.sum(y ** 3)


@case(x6)
def negative_out(x):
    y = np.empty(6)
    np.negative(x, out=y)
    return np.sum(np.exp(y))


@case(x6,
      expect='refused', why='grad: np.add: argument "where" is not supported (srcad"s rule has the signature (x, y)), called on a differentiated (FALSE refusal, R11)')
def add_out_where(x):
    y = np.ones(6)
    np.add(y, x ** 2, out=y, where=x > 0)
    return np.sum(y * np.arange(6.0))


@case(x6)
def maximum_out_self(x):
    y = x * 1.0
    np.maximum(y, 0.1, out=y)
    return np.sum(y ** 2)


@case(np.array([[0.4, -0.3, 0.9], [0.2, -0.7, 0.5]]))
def sort_axis0_inplace(x):
    y = x * 1.0
    y.sort(axis=0)
    return np.sum(y * np.arange(6.0).reshape(2, 3))


@case(x6)
def cumsum_out(x):
    c = np.empty(6)
    np.cumsum(x ** 2, out=c)
    return np.sum(c * np.arange(6.0))


@case(np.array([[0.4, -0.3], [0.9, 0.2]]))
def matmul_out(a):
    out = np.zeros((2, 2))
    np.matmul(a, a, out=out)
    return np.sum(out * np.array([[1.0, 2.0], [3.0, 4.0]]))


@case(np.array([[0.4, -0.3], [0.9, 0.2]]))
def dot_out(a):
    out = np.zeros((2, 2))
    np.dot(a, a.T, out=out)
    return np.sum(out ** 2)


def _zero_negatives(v):
    v[v < 0] = 0.0


@case(x6,
      expect='refused', why='grad: _zero_negatives changes its argument "v" in place (line 107); srcad cannot show that change to the caller (FALSE refusal, R10)')
def helper_mutates_local_copy(x):
    y = x * 1.0
    _zero_negatives(y)
    return np.sum(y ** 2)


def _scale_rows(M, s):
    for i in range(M.shape[0]):
        M[i] *= s[i]


@case(np.array([[0.4, -0.3], [0.9, 0.2]]),
      expect='refused', why='grad: _scale_rows changes its argument "M" in place (line 119); srcad cannot show that change to the caller (FALSE refusal, R10)')
def helper_scales_rows_in_place(a):
    M = a.copy()
    _scale_rows(M, np.array([2.0, 3.0]))
    return np.sum(M ** 2)


@case(x6,
      expect='refused', why='grad: srcad does not support assigning z.real: srcad can assign the attributes of an object built here by SimpleName (FALSE refusal, R11)')
def complex_buffer_real_write(x):
    z = np.zeros(6, dtype=complex)
    z.real = x
    z.imag = x ** 2
    return np.sum(np.abs(z) ** 2)


@case(x6)
def ellipsis_imul_mask(x):
    y = x * 1.0
    y[...] *= (x > 0)
    return np.sum(y ** 2)


@case(x6)
def del_list_slice_of_arrays(x):
    parts = [x[:2], x[2:4], x[4:]]
    del parts[1]
    return np.sum(parts[0] * parts[1])


@case(x6)
def resize_function_repeats(x):
    y = np.resize(x, 8)
    return np.sum(y * np.arange(8.0))


@case(x6)
def itemset_like_setitem_tuple(x):
    M = np.zeros((2, 3))
    M[(1, 2)] = x[0] ** 2
    M[1][0] = x[1]
    return np.sum(M * np.arange(6.0).reshape(2, 3))


@case(x6)
def swap_via_fancy_inplace(x):
    y = x.copy()
    i, j = 0, 5
    y[[i, j]] = y[[j, i]]
    return np.sum(y * np.arange(6.0))


@case(x6)
def setitem_broadcast_column(x):
    M = np.zeros((3, 2))
    M[:, 1] = x[:3]
    M[:, :1] = x[3:, None] ** 2
    return np.sum(M * np.arange(6.0).reshape(3, 2))


@case(x6)
def setitem_bool_mask_rhs_vector(x):
    y = x.copy()
    m = y > 0
    y[m] = np.sqrt(y[m])
    return np.sum(y * np.arange(6.0))


@case(x6)
def setitem_negative_step(x):
    y = np.zeros(6)
    y[::-2] = x[:3] ** 2
    return np.sum(y * np.arange(6.0))


@case(x6)
def iadd_broadcast_row_to_matrix(x):
    M = np.ones((2, 3))
    M += x[:3]
    M[1] -= x[3:] ** 2
    return np.sum(M ** 2)


@case(x6)
def inplace_power_and_floor_div(x):
    y = x + 2.0
    y **= 2
    y /= 3.0
    return np.sum(y)


@case(x6)
def inplace_matmul_operator(x):
    M = np.outer(x[:2], x[2:4]) + np.eye(2)
    M @= np.array([[1.0, 2.0], [0.5, -1.0]])
    return np.sum(M ** 2)
