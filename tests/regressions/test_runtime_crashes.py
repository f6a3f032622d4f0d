"""Runtime helpers given operands they were not written for: a located refusal
(RuntimeCheckError) or the right derivative, never a bare NumPy/Python exception."""

from collections import defaultdict

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

sparse = pytest.importorskip('scipy.sparse')

L = sparse.csr_matrix(np.array([[2.0, -1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, -1.0, 2.0]]))
W = np.array([0.4, -0.3, 0.9])


def sparse_quadratic(w):
    return 0.5 * w @ (L @ w) + np.sum((L @ w) ** 2)


def test_sparse_constant_times_w():
    check_derivatives(sparse_quadratic, W)


class Op:
    def __init__(self, d):
        self.d = d

    def __matmul__(self, x):
        return self.d * x ** 2        # not linear: np.matmul's rule would be wrong


def user_matmul(w, op):
    return np.sum(op @ w)


@pytest.mark.parametrize('mode', ['grad', 'jvp', 'hvp'])
def test_user_matmul_refused(mode):
    with pytest.raises(srcad.SrcadError, match='not a NumPy array') as info:
        check_derivatives(user_matmul, W, Op(np.ones(3)), modes=(mode,))
    assert 'test_runtime_crashes.py' in str(info.value)


def grouped(w):
    acc = defaultdict(float)
    for g, x in zip([0, 1, 0], w):
        acc[g] += x ** 2
    # (acc[2] read in the statement that iterates acc: srcad cannot fill the key where
    # Python would, so acc stays a defaultdict, refused when the code runs; a defaultdict
    # used only through d[k], .items() and the like is a plain dict: tests/test_language_wave4.py)
    return sum(acc.values()) + acc[2]


@pytest.mark.parametrize('mode', ['grad', 'jvp'])
def test_defaultdict_written_refused(mode):
    with pytest.raises(srcad.SrcadError, match='defaultdict'):
        check_derivatives(grouped, W, modes=(mode,))


class Flat:
    def __init__(self, v):
        self.v = v

    def __getitem__(self, k):
        return self.v[:2] if k == 'W' else self.v[2:]


def user_getitem(w):
    p = Flat(w)
    return np.sum(p['W'] ** 2) + np.sum(p['b'])


def test_user_getitem_refused_in_reverse():
    with pytest.raises(srcad.SrcadError, match='__getitem__'):
        srcad.grad(user_getitem)(W)


def with_as(x):
    with np.errstate(invalid='ignore') as state:   # noqa: F841
        t = np.sum(x ** 2)
    return t


def test_with_as_enters_the_manager():
    check_derivatives(with_as, W)
