"""``functools.partial`` everywhere a function is accepted: found while testing
threads and re-entrancy (vjp refused a partial; a call to one inside
differentiated code had no rule); both fixed, kept as guards.
"""

import functools

import pytest

import numpy as np

from srcad import grad, jvp, vjp


def scaled(x, n):
    return x * n


FIXED = functools.partial(scaled, n=3.0)


def test_grad_and_jvp_of_a_partial():
    x = np.array([1.0, 2.0])
    np.testing.assert_array_equal(jvp(FIXED, (x,), (np.ones(2),))[1], [3.0, 3.0])
    assert grad(functools.partial(lambda x, n: np.sum(x * n), n=3.0))(x).tolist() == [3.0, 3.0]


# Found while writing tests/test_threads.py (vjp refused a partial with
# SourceUnavailableError); fixed alongside, kept as a guard.
def test_vjp_of_a_partial():
    value, back = vjp(FIXED, np.array([1.0, 2.0]))
    np.testing.assert_array_equal(back(np.ones(2))[0], [3.0, 3.0])


def calls_a_partial(x):
    return np.sum(FIXED(x))


# Found by the fuzzer; fixed, kept as a guard.
def test_a_call_to_a_partial_inside_differentiated_code():
    np.testing.assert_array_equal(grad(calls_a_partial)(np.array([1.0, 2.0])), [3.0, 3.0])


def test_a_tangent_a_joint_linear_declaration_would_drop_is_an_error():
    # linear(fn, 'g') then tangent(fn, t=...) used to drop t's tangent silently (wrong hvp)
    from srcad.rules.derive import linear, tangent

    def scaled_by(g, t):
        return g * t
    linear(scaled_by, 'g', signature='g, t')
    with pytest.raises(ValueError, match='would be ignored'):
        tangent(scaled_by, t='g * dot')

    def scaled_too(g, t):
        return g * t
    linear(scaled_too, 'g', 't', signature='g, t')
    tangent(scaled_too, **{'*': 'scaled_too(g__dot, t) + scaled_too(g, t__dot)'})  # (allowed)
