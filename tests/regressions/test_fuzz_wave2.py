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

norm = pytest.importorskip('scipy.stats').norm


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
# (jvp is right).  Fixed: with_enter/with_exit are never dropped as dead code.
@pytest.mark.parametrize('f', [with_as, with_as_and_return], ids=lambda f: f.__name__)
def test_with_as(f):
    right_or_refused(f, np.array([0.3, -0.5]))


# -- refusals of what srcad documents (or of inactive calls) -------------------------------
# Refusals are not wrong numbers; these four are pinned because each refuses a
# program srcad's docs promise (or a call that carries no derivative at all).
def spread(w, *args, scale=1.0, **kwargs):
    return scale * np.sum(w ** 2) + kwargs.get('bias', 0.0)


def keywords_from_a_dict(x):
    return spread(x, **{'scale': 0.5})


def inactive_context_manager(x):
    with np.printoptions(precision=3):
        t = np.sum(x ** 2)
    return t


def frozen_in_a_comprehension_in_a_branch(x):
    t = 0.0
    if x[0] < 1.5:
        t = sum(np.sum(norm(m, 1.5).logpdf(x)) for m in x)
    return t


def inactive_reduction_with_where(x):
    return np.nansum(np.arctan(np.ones(3)), where=np.ones(3) > 0.0) * np.sum(x)


# Found with --constructs starargs, statements, stats, reductions.
# spread(x, **{'scale': 0.5}) into a function with **kwargs: RuntimeCheckError
#   "srcad bound the parameter 'scale' of spread to its default, but the
#   **-argument fills it" (also for a parameter without a default, 'w');
#   language.md: "f(**kw) of your own function binds the stars to its parameters".
# with np.printoptions(...): NoRuleError "cannot yet differentiate a call that
#   fills *args or **kwargs of printoptions" (nothing differentiated reaches it).
# norm(m, s).logpdf(x) in a generator inside an `if`: NoRuleError "'tN' depends
#   on a differentiated input (a function returned by another function ...)";
#   the same line outside the `if` works.
# np.nansum(constant, where=...): NoRuleError "argument 'where' is not supported",
#   though nothing differentiated reaches the call.
def test_keywords_from_a_dict_display():
    # fixed: a **{...} display of identifier keys is spelled out as keywords
    check_derivatives(keywords_from_a_dict, np.array([0.3, -0.5, 0.8]))


# Fixed in wave 3: a call filling a library function's **kwargs, or a rule's unsupported
# argument, is refused only when a differentiated value reaches it; a name the other
# branch of an `if` sets to None still holds a frozen distribution.
@pytest.mark.parametrize('f', [inactive_context_manager,
                               frozen_in_a_comprehension_in_a_branch,
                               inactive_reduction_with_where], ids=lambda f: f.__name__)
def test_documented_or_inactive_code_is_not_refused(f):
    check_derivatives(f, np.array([0.3, -0.5, 0.8]))
