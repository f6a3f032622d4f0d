"""Issue 13, family 2: iterating containers.

``enumerate``, ``zip``, ``reversed``, ``sorted``, ``list()``, ``tuple()``,
``dict()``, a dict's ``items``/``values``/``keys``/``get`` and ``x.tolist()``
were declared (or treated as) non-differentiable, so derivatives through them
came back as zeros.  They move differentiable values: their adjoints now route
back element by element, and where srcad cannot follow them it refuses.
"""

import numpy as np
import pytest

import srcad
from srcad import NoRuleError, SrcadError, UnsupportedSyntaxError
from srcad.testing import check_derivatives

x3 = np.array([0.3, -1.2, 0.7])


def _second(pair):
    return pair[1]


# --- the loops -------------------------------------------------------------------------------
def mlp(Ws):
    bs = [np.ones(3) * 0.3, np.ones(1) * 0.1]
    h = np.array([[0.5, -0.3]])
    for i, (W, b) in enumerate(zip(Ws, bs)):
        h = np.tanh(h @ W + b)
    return np.sum(h)


def test_enumerate_of_zip_is_not_zero():
    Ws = [np.ones((2, 3)) * 0.1, np.ones((3, 1)) * 0.2]
    g = srcad.grad(mlp)(Ws)
    assert all(np.any(gi != 0) for gi in g)
    check_derivatives(mlp, Ws)


def enumerate_items(d):
    total = 0.0
    for i, (k, v) in enumerate(d.items()):
        total = total + (i + 1) * np.sum(v * v)
    return total


def zip_values(d):
    total = 0.0
    for v, w in zip(d.values(), [2.0, 3.0]):
        total = total + v * v * w
    return total


def sorted_items(d):
    total = 0.0
    for k, v in sorted(d.items()):
        total = total * 2.0 + v
    return total * total


def sorted_by_value(d):
    total = 0.0
    for k, v in sorted(d.items(), key=_second, reverse=True):
        total = total * 2.0 + v
    return total * total


def keys_of_dict(d):
    total = 0.0
    for k in d:
        total = total + d[k] ** 3
    return total


def nested_zip(x):
    total = 0.0
    for (a, b), c in zip(zip(x, [1.0, 2.0, 3.0]), [0.5, -0.5, 0.25]):
        total = total + b * a * a + c * a
    return total


def enumerate_start(x):
    total = 0.0
    for i, v in enumerate(x, start=1):
        total = total + i * v * v
    return total


def zip_strict(x):
    total = 0.0
    for a, c in zip(x, [0.5, 2.0, -1.0], strict=True):
        total = total + c * np.tanh(a)
    return total


def reversed_list(x):
    ys = list(reversed(list(x)))
    return ys[0] * 2.0 + ys[-1] ** 2


def enumerate_reversed(x):
    total = 0.0
    for i, v in enumerate(reversed(x)):
        total = total + (i + 1) * v ** 2
    return total


@pytest.mark.parametrize('f, arg', [
    (enumerate_items, {'a': 0.5, 'b': np.array([1.0, 2.0])}),
    (zip_values, {'a': 0.5, 'b': 1.5}),
    (sorted_items, {'b': 0.5, 'a': 1.5}),
    (sorted_by_value, {'b': 0.5, 'a': 1.5, 'c': -0.3}),
    (keys_of_dict, {'a': 0.5, 'b': 1.5}),
    (nested_zip, x3), (enumerate_start, x3), (zip_strict, x3), (reversed_list, x3),
    (enumerate_reversed, x3),
], ids=lambda v: getattr(v, '__name__', ''))
def test_loops_over_containers(f, arg):
    check_derivatives(f, arg)


def test_zip_strict_still_checks_lengths():
    def short(x):
        total = 0.0
        for a, c in zip(x, [0.5, 2.0], strict=True):
            total = total + c * a
        return total
    with pytest.raises(ValueError, match='zip'):
        srcad.grad(short)(x3)


def test_enumerate_start_must_be_an_integer():
    def bad(x):
        total = 0.0
        for i, v in enumerate(x, start=0.5):
            total = total + i * v
        return total
    with pytest.raises(TypeError):
        srcad.grad(bad)(x3)


# --- a loop variable the body reassigns ----------------------------------------------------
def reassigned(x):
    n = 3
    total = 0.0
    for t in range(n):
        t = n - 1 - t
        total = total * 0.5 + x[t]
    return total * total


def test_reassigned_range_variable():
    check_derivatives(reassigned, x3)


# --- containers consumed whole ---------------------------------------------------------------
def list_of_values(d):
    vals = list(d.values())
    return vals[0] * vals[1] ** 2


def dict_from_zip(x):
    d = dict(zip(['u', 'v'], [x[0], x[1]]))
    return d['u'] * d['v']


def dict_duplicate_keys(x):
    d = dict(zip(['u', 'u'], [x[0], x[1]]))
    return d['u'] ** 2


def sum_of_values(d):
    return sum(d.values()) ** 2


def get_with_default(d):
    return d.get('a', 0.0) * d.get('z', 2.0) + d.get('c') ** 2


def tolist_rows(X):
    rows = X.tolist()
    return rows[0][1] * rows[1][0] + rows[1][1] ** 2


def sorted_array(x):
    s = sorted(x)
    return s[0] * 2.0 + s[2] ** 2


def list_of_dict_keys(d):
    names = list(d)
    return d[names[1]] ** 2


@pytest.mark.parametrize('f, arg', [
    (list_of_values, {'a': 0.5, 'b': 1.5}), (dict_from_zip, np.array([0.5, 1.5])),
    (dict_duplicate_keys, np.array([0.5, 1.5])), (sum_of_values, {'a': 0.5, 'b': 1.5}),
    (get_with_default, {'a': 0.5, 'b': 1.5, 'c': -0.3}),
    (tolist_rows, np.array([[0.2, -0.5], [1.0, 0.3]])), (sorted_array, x3),
    (list_of_dict_keys, {'a': 0.5, 'b': 1.5}),
], ids=lambda v: getattr(v, '__name__', ''))
def test_containers_consumed_whole(f, arg):
    check_derivatives(f, arg)


def test_duplicate_key_adjoint_goes_to_the_pair_dict_keeps():
    g = srcad.grad(dict_duplicate_keys)(np.array([0.5, 1.5]))
    assert np.allclose(g, [0.0, 3.0])


# --- refusals --------------------------------------------------------------------------------
def zip_kept(x):
    pairs = zip(x, x)
    total = 0.0
    for a, b in pairs:
        total = total + a * b
    return total


def view_kept(d):
    vals = d.values()
    return sum(vals)


def mapped(x):
    total = 0.0
    for v in map(np.sin, x):
        total = total + v
    return total


@pytest.mark.parametrize('f, arg, words', [
    (zip_kept, x3, 'wrap it in list'),
    (view_kept, {'a': 0.5, 'b': 1.5}, 'd.values'),
], ids=lambda v: getattr(v, '__name__', ''))
def test_iterators_srcad_does_not_follow_are_refused(f, arg, words):
    for mode in ('grad', 'jvp'):
        with pytest.raises(NoRuleError) as info:
            check_derivatives(f, arg, modes=(mode,))
        assert words in str(info.value)
        assert info.value.location is not None


def test_sort_key_must_be_module_level():
    def f(d):
        key = _second
        total = 0.0
        for k, v in sorted(d.items(), key=key):
            total = total * 2.0 + v
        return total
    with pytest.raises(UnsupportedSyntaxError, match='module-level'):
        srcad.grad(f)({'a': 0.5, 'b': 1.5})


def test_runtime_helpers_refuse_what_they_cannot_route():
    from srcad.rules.python.iteration_helpers import route_back
    with pytest.raises(SrcadError):
        route_back([1.0], {1.0, 2.0})


def test_map_over_a_differentiated_sequence_is_a_loop():
    check_derivatives(mapped, x3)  # (was refused: map is lowered to the loop it stands for)
