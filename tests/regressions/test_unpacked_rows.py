"""Unpacking a 2-D array gives views of its rows (held-out wave 6, W4).

``a, b = M`` of an ndarray binds ``a`` and ``b`` to views of ``M``'s rows: a write through
one shows in ``M`` and a write into ``M`` shows through them.  srcad took the result of a
NumPy call or of arithmetic, unpacked, for separate new values (as for a tuple a function
returns): value and gradient were silently wrong.  Such writes are now refused; a tuple a
NumPy function returns (``q, r = np.linalg.qr(a)``) still unpacks into separate arrays."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

X = np.array([0.4, -0.3, 0.9, 0.2])
MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')


def unpack_rows_then_iadd(x):
    M = np.outer(x[:2], x[2:]) + 0.0
    a, b = M
    a += b
    return np.sum(M ** 2)


def unpack_rows_then_setitem(x):
    M = x.reshape(2, 2) * 1.0
    a, b = M
    a[0] = 7.0
    return np.sum(M ** 2)


def unpack_rows_then_scale_base(x):
    M = np.stack([x[:2], x[2:]])
    a, b = M
    M *= 2
    return np.sum(a * b)


def unpack_stack_of_matrices(x):
    T = np.stack([np.outer(x[:2], x[2:]), np.eye(2)])
    P, Q = T
    P[0, 0] = 1.0
    return np.sum(T ** 2)


@pytest.mark.parametrize('fn', [unpack_rows_then_iadd, unpack_rows_then_setitem,
                                unpack_rows_then_scale_base, unpack_stack_of_matrices],
                         ids=lambda f: f.__name__)
def test_write_through_an_unpacked_row_is_not_silently_lost(fn):
    for mode in MODES:
        try:
            check_derivatives(fn, X, modes=(mode,))
        except srcad.SrcadError:
            pass  # (refused: allowed; a number must be right)


def qr_sign_fixed(x):
    A = np.outer(x, x) + np.eye(4)
    q, r = np.linalg.qr(A)
    q *= np.sign(np.diag(r))
    return np.sum(q[:, 0] * r[0])


def rows_read_only(x):
    M = np.outer(x[:2], x[2:]) + 1.0
    a, b = M
    return np.sum(a * b)


@pytest.mark.parametrize('fn', [qr_sign_fixed, rows_read_only], ids=lambda f: f.__name__)
def test_separate_results_and_read_only_rows_still_computed(fn):
    check_derivatives(fn, X, modes=MODES)
