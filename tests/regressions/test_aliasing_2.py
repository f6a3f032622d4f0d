"""Regressions of helper "aliasing-2": in-place writes through other names for an
argument's data, through entries of containers, container copies, joining ragged lists."""

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

x3 = np.array([0.3, -0.5, 0.8])
x = np.array([9.0, 9.0, 9.0])   # a module global named like the parameters below


def _refused(f, args, match, wrt=0):
    """Every mode refuses ``f`` (located in this file), and no argument changes."""
    before = [np.copy(a) if isinstance(a, np.ndarray) else a for a in args]
    for call in (lambda: srcad.grad(f, wrt)(*args),
                 lambda: srcad.value_and_grad(f, wrt)(*args),
                 lambda: srcad.jvp(f, tuple(args), tuple(np.ones_like(a) if i == wrt
                                                         else np.zeros_like(a)
                                                         for i, a in enumerate(args)))):
        with pytest.raises(srcad.SrcadError, match=match) as info:
            call()
        assert 'test_aliasing_2.py' in str(info.value) or 'writing into' not in match
    for a, b in zip(args, before):
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b)


# -- 1. views of a parameter written in place ----------------------------------------

def slice_iadd_then_read(x):
    w = x[1:]
    w += 0.7
    return np.sum(np.tanh(x))


def slice_setitem_then_read(x):
    w = x[1:]
    w[0] = 0.7
    return np.sum(np.tanh(x)) + np.sum(w ** 2)


def reshape_setitem_then_read(x):
    w = x.reshape(1, 3)     # (a global x exists too: the parameter is meant)
    w[0, 1] = 2.0
    return np.sum(w ** 2) + np.sum(x)


def slice_iadd_not_read(x):
    w = x[:-1]
    w += x[0]
    return np.sum(w ** 2)


def slice_setitem_not_read(x):
    w = x[1:]
    w[0] = 0.7
    return np.sum(w ** 2)


@pytest.mark.parametrize('f', [slice_iadd_then_read, slice_setitem_then_read,
                               reshape_setitem_then_read, slice_iadd_not_read,
                               slice_setitem_not_read], ids=lambda f: f.__name__)
def test_writes_through_a_view_of_a_parameter_are_refused(f):
    _refused(f, [x3.copy()], "refers to the (same )?data")


def ravel_of_undifferentiated_parameter(x, y):
    w = y.ravel()
    w **= 2
    return np.dot(y, x)


def test_view_of_a_parameter_outside_wrt_is_refused():
    _refused(ravel_of_undifferentiated_parameter, [x3.copy(), x3 + 1.0], 'same data')


# -- 2. an alias of a parameter -------------------------------------------------------

def alias_then_read(x):
    y = x
    y += np.tanh(x)
    return np.sum(np.sin(x))


def alias_not_read(x):
    y = x
    y += np.tanh(x)
    return np.sum(np.sin(y))


@pytest.mark.parametrize('f', [alias_then_read, alias_not_read], ids=lambda f: f.__name__)
def test_writes_through_an_alias_of_a_parameter_are_refused(f):
    _refused(f, [x3.copy()], "data")


def number_entry_rebound(xs):
    a = xs[0]
    a += 1.0       # a float: a new number, xs is untouched
    return a * xs[1]


def parameter_itself(x):
    x += np.tanh(x)
    return np.sum(np.sin(x))


def test_numbers_and_the_parameter_itself_are_still_computed():
    check_derivatives(number_entry_rebound, [0.5, 2.0], modes=('grad', 'value_and_grad'))
    check_derivatives(parameter_itself, x3.copy())


# -- 3. joining a ragged list with += -------------------------------------------------

def ragged_join(x):
    L = [x, np.ones(2)]
    L += [x[1] * 2.0]
    return np.sum(L[0] * L[-1])


def test_joining_a_ragged_list_is_differentiated():
    # (a located refusal until srcad/compiler/joins.py split a joined list's adjoint)
    check_derivatives(ragged_join, x3.copy())


# -- 4. entries taken from containers -------------------------------------------------

def dict_entry(d):
    v = d['a']
    v *= 2
    return np.sum(d['a'] ** 2)


def dict_get(d):
    v = d.get('a')
    v *= 2
    return np.sum(d['a'] ** 2)


def dict_values_entry(d):
    w = list(d.values())[0]
    w *= 2
    return np.sum(d['a'] ** 2)


def dict_get_not_read(d):
    v = d.get('a')
    v *= 2
    return np.sum(v ** 2)


def dict_copy_entry(d):
    q = d.copy()
    v = q['a']
    v *= 2.0
    return np.sum(q['a'] * d['a'])


@pytest.mark.parametrize('f', [dict_entry, dict_get, dict_values_entry, dict_get_not_read,
                               dict_copy_entry], ids=lambda f: f.__name__)
def test_writes_into_a_dict_argument_entry_are_refused(f):
    d = {'a': x3.copy(), 'b': x3 * 2.0}
    with pytest.raises(srcad.SrcadError, match='data'):
        srcad.grad(f)(d)
    with pytest.raises(srcad.SrcadError, match='data'):
        srcad.jvp(f, (d,), ({'a': np.ones(3), 'b': np.ones(3)},))
    assert np.array_equal(d['a'], x3)


def local_dict_get(x):
    d = {'a': x * 1.0, 'b': x * 2.0}
    w = d.get('a')
    w *= 2
    return np.sum(d['a'] ** 2)


def local_dict_values(x):
    d = {'a': x * 1.0, 'b': x * 2.0}
    w = list(d.values())[0]
    w *= 2
    return np.sum(d['a'] ** 2)


def local_tuple_of_list(x):
    Ws = [x * 1.0, x * 2.0]
    w = tuple(Ws)[1]
    w += x
    return np.sum(Ws[1] ** 2)


def list_argument_entry(Ws, x):
    w = Ws[0]
    w += x
    return np.sum(Ws[0] ** 2) + np.sum(x)


@pytest.mark.parametrize('f', [local_dict_get, local_dict_values, local_tuple_of_list],
                         ids=lambda f: f.__name__)
def test_writes_into_entries_of_local_containers_are_refused(f):
    _refused(f, [x3.copy()], 'same data')


def test_writes_into_a_list_argument_entry_are_refused():
    Ws = [x3.copy(), x3 * 2.0]
    with pytest.raises(srcad.SrcadError, match='same data'):
        srcad.grad(list_argument_entry, 1)(Ws, x3.copy())
    assert np.array_equal(Ws[0], x3)


# -- 5, 6. dict loops and container copies are computed ---------------------------------

def squares_of_entries(d):
    out = {}
    for k in d:
        out[k] = d[k] ** 2
    return np.sum(out['a']) + np.sum(out['b'] ** 2)


def dict_copy_modified(p):
    q = p.copy()
    q['b'] = q['b'] ** 2
    return np.sum(q['b']) + np.sum(q['w'] * p['w'])


def list_copy_modified(xs):
    ys = xs.copy()
    ys[0] = ys[0] * 2.0
    return np.sum(ys[0] * xs[0]) + np.sum(ys[1])


def array_copy_row_scaled(A):
    E = np.exp(A)
    C = E.copy()
    r = C[0]
    r *= 2.0
    return np.sum(r) + np.sum(E ** 2)


def test_dict_loops_and_container_copies_are_computed():
    check_derivatives(squares_of_entries, {'a': x3.copy(), 'b': x3[:2].copy()})
    check_derivatives(dict_copy_modified, {'w': x3.copy(), 'b': np.array([0.3, 0.4])})
    check_derivatives(list_copy_modified, [x3.copy(), x3[:2].copy()])
    check_derivatives(array_copy_row_scaled, np.outer(x3, x3[:2]))


def global_named_parameter(x):
    return np.sum(x.reshape(-1) ** 2) + x.sum()


def test_a_parameter_named_like_a_global_is_the_parameter():
    check_derivatives(global_named_parameter, x3.copy())
    assert srcad.grad(global_named_parameter)(x3.copy()) == pytest.approx(2 * x3 + 1)


# -- a loop over a dict's keys writing its entries: computed; over a list: refused ------

def sgd_in_place(params, grads):
    for k in params:
        params[k] -= 0.1 * grads[k]
    return np.sum(params['a'] ** 2) + np.sum(params['b'] ** 3)


def loop_writes_its_list(xs):
    for _ in xs:
        xs[0] = xs[0] * 2.0
    return xs[0] + xs[1]


def test_a_loop_over_a_dict_may_write_its_entries():
    p = {'a': x3.copy(), 'b': x3[:2].copy()}
    check_derivatives(sgd_in_place, p, {'a': x3 * 2, 'b': x3[:2] * 3})
    srcad.grad(sgd_in_place)(p, {'a': x3 * 2, 'b': x3[:2] * 3})
    assert np.array_equal(p['a'], x3)   # the caller's dict is left alone
    with pytest.raises(srcad.SrcadError, match='while a loop goes over it'):
        srcad.grad(loop_writes_its_list)([0.5, 1.5])
