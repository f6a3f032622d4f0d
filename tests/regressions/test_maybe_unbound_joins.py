"""A variable bound on some paths and then rebound on some paths (held-out wave 6, W1).

``if a: v = ...`` followed by ``if b: v = ...`` (or a loop's ``break`` path followed by its
``else:``) leaves ``v`` holding either binding.  The static single assignment pass named the
second binding anew and read only it after the join: the first path's value was lost, so
grad gave zeros (the derivative went nowhere) and value_and_grad/jvp raised
UnboundLocalError.  Now such a variable starts as None and every join copies it."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

MODES = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')


def two_one_sided_ifs(x):
    if x[0] > 0:
        v = x[1] * 2
    if x[2] > 0:
        v = x[3] ** 3
    return v


def for_else_search(x):
    for i in range(4):
        if x[i] < 0:
            val = x[i] ** 2
            break
    else:
        val = np.sin(x[0])
    return val


def while_else_search(x):
    i = 0
    while i < 4:
        if x[i] < 0:
            hit = x[i] * x[0]
            break
        i += 1
    else:
        hit = x[1] ** 2
    return hit + x[2]


def elif_without_else_then_if(x):
    if x[0] > 1:
        out = np.exp(x[1])
    elif x[0] > 0:
        out = x[1] * x[2]
    if x[3] > 5:
        out = x[3]
    return out * x[0]


def loop_then_one_sided_if(x, n):
    for k in range(n):
        acc = np.sum(x[: k + 1] ** 2)
    if n > 9:
        acc = np.sum(x)
    return acc


def nested_one_sided(x):
    if x[0] > -10:
        if x[1] > 0:
            w = x * 2.0
    if x[2] > 0:
        w = x * x
    return np.sum(w * x)


def found_then_used(x):
    for i in range(len(x)):
        if x[i] < 0:
            idx = i
            break
    else:
        idx = 0
    cur = x[idx] * 3.0
    return cur * cur + np.sum(x)


CASES = [
    (two_one_sided_ifs, (np.array([0.4, -0.3, -0.9, 0.2]),)),   # first binding reaches return
    (two_one_sided_ifs, (np.array([0.4, -0.3, 0.9, 0.2]),)),    # second one does
    (for_else_search, (np.array([0.4, -0.3, 0.9, 0.2]),)),      # break taken
    (for_else_search, (np.array([0.4, 0.3, 0.9, 0.2]),)),       # else taken
    (while_else_search, (np.array([0.4, -0.3, 0.9, 0.2]),)),
    (while_else_search, (np.array([0.4, 0.3, 0.9, 0.2]),)),
    (elif_without_else_then_if, (np.array([0.5, 0.3, 0.9, 0.2]),)),
    (elif_without_else_then_if, (np.array([1.5, 0.3, 0.9, 0.2]),)),
    (loop_then_one_sided_if, (np.array([0.5, 0.3, 0.9, 0.2]), 3)),
    (nested_one_sided, (np.array([0.5, 0.3, -0.9, 0.2]),)),
    (nested_one_sided, (np.array([0.5, -0.3, 0.9, 0.2]),)),
    (found_then_used, (np.array([0.5, 0.3, -0.9, 0.2]),)),
    (found_then_used, (np.array([0.5, 0.3, 0.9, 0.2]),)),
]


@pytest.mark.parametrize('fn,args', CASES, ids=lambda c: getattr(c, '__name__', ''))
def test_every_path_reaches_the_join(fn, args):
    check_derivatives(fn, *args, modes=MODES)


def test_value_is_the_one_the_path_bound():
    x = np.array([0.4, -0.3, -0.9, 0.2])
    value, g = srcad.value_and_grad(two_one_sided_ifs)(x)
    assert value == two_one_sided_ifs(x)
    np.testing.assert_allclose(g, [0.0, 2.0, 0.0, 0.0])


def test_unbound_on_the_path_taken_is_refused_not_a_number():
    x = np.array([-0.4, -0.3, -0.9, 0.2])   # neither if binds v: Python raises
    with pytest.raises(UnboundLocalError):
        two_one_sided_ifs(x)
    with pytest.raises(srcad.SrcadError):
        srcad.grad(two_one_sided_ifs)(x)
