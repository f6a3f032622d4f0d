"""Bugs the fuzzer found with the constructs of srcad's second wave
(``python -m tests.fuzz --constructs comprehensions,lambdas,...``; see
docs/fuzzing.md), minimized with ``--minimize`` and then by hand.

Each test asserts the right behaviour: a derivative that finite differences
confirm, or a located refusal (a ``SrcadError``).  A test is
``xfail(strict=True)`` while its bug stands, so a fix turns it into a pass
that the strict marker reports: then drop the marker.
"""

import warnings

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives


def right_or_refused(f, *args, **options):
    """Derivatives that finite differences confirm, or srcad's own refusal."""
    try:
        check_derivatives(f, *args, **options)
    except srcad.SrcadError:
        pass


# -- min/max of a list of arrays with a key ---------------------------------------------
def smallest_by_sum(y):
    return np.mean(min([y, 2.0 * y], key=np.sum))


def largest_by_sum(y):
    return np.mean(max([np.sin(y), y], key=np.sum))


# Found with --constructs lambdas (seed 3): `min(xs, key=np.sum)` of a list of
# vectors.  The rule compares every element with the result (extreme_adjoint /
# extreme_tangent), which for arrays is an array of booleans: ValueError ("the
# truth value of an array ... is ambiguous") in grad and jvp alike.
@pytest.mark.xfail(strict=True, reason='min/max with key= of a list of arrays: '
                   'ValueError in extreme_adjoint and extreme_tangent')
@pytest.mark.parametrize('f', [smallest_by_sum, largest_by_sum], ids=lambda f: f.__name__)
def test_min_max_of_a_list_of_arrays_by_key(f):
    right_or_refused(f, np.array([0.3, -0.5]), modes=('grad', 'jvp'))


# -- hypot at (0, 0) with a zero tangent --------------------------------------------------
def hypot_of_a_triangle(x, A):
    L = np.triu(A)              # exact zeros below the diagonal
    return np.sum(np.hypot(L, L)) + np.sum(x)


# Found with --constructs convolutions (seed 3; the construct was beside the
# point): np.hypot(L, L) of a Cholesky factor's exact zeros.  With A held
# constant (a zero tangent), jvp's tangent is 0 * 0 / 0 = nan; grad with
# respect to x and A is finite (1, and 0 at those entries).
@pytest.mark.xfail(strict=True, reason='np.hypot tangent at (0, 0) is nan even when '
                   'the tangent is zero')
def test_hypot_at_zero_with_a_zero_tangent():
    x, A = np.array([0.3, -0.5]), np.array([[1.0, 0.5], [0.2, 0.9]])
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)
        _, tangent = srcad.jvp(hypot_of_a_triangle, (x, A), (np.ones(2), np.zeros((2, 2))))
    assert tangent == pytest.approx(2.0)


# -- with ... as ----------------------------------------------------------------------------
def with_as(x):
    with np.errstate(invalid='ignore') as state:   # noqa: F841 - the name is the point
        t = np.sum(x ** 2)
    return t


def with_as_and_return(x):
    with np.errstate(invalid='ignore') as state:   # noqa: F841
        return np.sum(x ** 2)


# Found with --constructs statements (seed 6), minimized to `with np.errstate(...)
# as state: return 0.5`.  Without `as` the same block works; with it, grad calls
# the manager's __exit__ without its __enter__ having run in that sweep: TypeError
# "expected an instance of Token, got None" from numpy's errstate.__exit__
# (jvp is right).
@pytest.mark.xfail(strict=True, reason="`with m as name:` in reverse mode: __exit__ of a "
                   "manager not entered (TypeError from np.errstate)")
@pytest.mark.parametrize('f', [with_as, with_as_and_return], ids=lambda f: f.__name__)
def test_with_as(f):
    right_or_refused(f, np.array([0.3, -0.5]))
