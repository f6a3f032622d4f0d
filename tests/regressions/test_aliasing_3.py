"""Regressions of helper "aliasing-3": ``xs[i] op= v`` writes into the array the entry
holds (seen through every other name for it: the name it came from, shallow copies of
the container, other entries of ``[a] * n``), and what an earlier loop round left behind
(``outs.append(h)`` before the next round's ``h += w``)."""

import copy

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

w3 = np.array([0.3, -0.5, 0.8])


def _refused(f, *args, match='in place|same data'):
    """grad, value_and_grad and jvp refuse ``f``, naming this file; no argument changes."""
    before = copy.deepcopy(args)
    for call in (lambda: srcad.grad(f)(*args),
                 lambda: srcad.value_and_grad(f)(*args),
                 lambda: srcad.jvp(f, (args[0],), (np.ones_like(args[0]),))):
        with pytest.raises(srcad.SrcadError, match=match) as info:
            call()
        assert 'test_aliasing_3.py' in str(info.value)
    for a, b in zip(args, before):
        assert np.array_equal(a, b)


# -- refused: the entry's array is another name's -------------------------------------

def entry_of_a_list_literal(w):
    h = w * 1.0
    hs = [h]
    hs[0] += 2.0            # writes into h's data
    return np.sum(h ** 2)


def dict_constructor_copy(w):
    p = {'W': w * 1.0}
    q = dict(p)
    q['W'] *= 3.0
    return np.sum(p['W'])


def dict_method_copy(w):
    p = {'W': w * 1.0}
    q = p.copy()
    q['W'] -= 1.0
    return np.sum(p['W'] ** 2)


def list_constructor_copy(w):
    xs = [w * 1.0, w * 2.0]
    ys = list(xs)
    ys[1] += 1.0
    return np.sum(xs[1] ** 2)


def list_slice_copy(w):
    xs = [w * 1.0, w * 2.0]
    ys = xs[:]
    ys[0] *= 2.0
    return np.sum(xs[0] ** 2)


def copy_module_copy(w):
    p = {'W': w * 1.0}
    q = copy.copy(p)
    q['W'] += w
    return np.sum(p['W'] ** 2)


def repeated_list(w):
    hs = [np.zeros(3)] * 2  # two entries, one array
    hs[0] += w
    return np.sum(hs[1] * w)


def appended_then_updated(w):
    h = w * 1.0
    outs = []
    for i in range(2):
        h += w              # the array appended in the round before
        outs.append(h)
    return np.sum(outs[0])


def appended_twice_then_entry_updated(w):
    h = w * 1.0
    outs = []
    for i in range(2):
        outs.append(h)
    outs[0] += 1.0
    return np.sum(outs[1] ** 2)


def callers_dict_copied(params):
    q = dict(params)
    q['W'] -= 0.5           # the caller's params['W']
    return np.sum(q['W'] ** 2) + np.sum(params['W'])


@pytest.mark.parametrize('f', [entry_of_a_list_literal, dict_constructor_copy, dict_method_copy,
                               list_constructor_copy, list_slice_copy, copy_module_copy,
                               repeated_list, appended_then_updated,
                               appended_twice_then_entry_updated])
def test_refused(f):
    _refused(f, w3.copy())


def test_callers_dict_copied_refused():
    p = {'W': w3.copy()}
    with pytest.raises(srcad.SrcadError, match='in place|same data'):
        srcad.grad(callers_dict_copied)(p)
    assert np.array_equal(p['W'], w3)


def test_the_hint_works():
    def rebound(w):
        h = w * 1.0
        hs = [h]
        hs[0] = hs[0] + 2.0  # a new array: h unchanged
        return np.sum(h ** 2) + np.sum(hs[0] ** 3)
    check_derivatives(rebound, w3.copy())
    assert srcad.grad(rebound)(w3) == pytest.approx(2 * w3 + 3 * (w3 + 2) ** 2)


# -- still computed: numbers, fresh arrays, an array's own elements, a dict's loop ------

def number_entries(w):
    acc = [0.0, 0.0]
    d = {'a': 0.0}
    for i in range(3):
        acc[i % 2] += w[i]
        d['a'] += w[i] ** 2
    e = dict(d)
    e['a'] *= 2.0           # a number: a new one, d['a'] unchanged
    return acc[0] * acc[1] + d['a'] + e['a']


def fresh_accumulator_each_round(w):
    outs = []
    for i in range(3):
        a = np.zeros(3)
        a += w * i
        outs.append(a)
    return np.sum(outs[2] * outs[1])


def gradient_dict(w):
    g = {'a': np.zeros(3), 'b': np.zeros(3)}
    for i in range(2):
        g['a'] += w * i
        g['b'] -= w ** 2
    return np.sum(g['a'] * g['b'])


def array_elements(w):
    y = w.copy()
    y[np.array([1, 1, 2])] += w[:3]
    y[1:] *= 2.0
    return np.sum(y ** 2)


def dict_loop_updates(w):
    p = {'a': w * 1.0, 'b': w * 2.0}
    for k in p:
        p[k] -= 0.1 * w
    return np.sum(p['a'] * p['b'])


def unshared_entry(w):
    hs = [w * 1.0, w * 2.0]
    hs[1] += w
    return np.sum(hs[0] * hs[1])


@pytest.mark.parametrize('f', [number_entries, fresh_accumulator_each_round, gradient_dict,
                               array_elements, dict_loop_updates, unshared_entry])
def test_still_computed(f):
    check_derivatives(f, w3.copy())
