"""``obj.attr op= v`` on an attribute holding an array (probe4 W9).

NumPy's ``+=`` changes the array in place, seen through every other name for it; srcad
computes ``obj = set_attribute(obj, 'attr', obj.attr + v)``.  It used to miss the
other names (``y`` of ``Box(y)``, ``o.w = y``, ``SimpleNamespace(w=y)``): a silently
wrong gradient.  Now the read ``t = obj.attr`` is a write into the array's data for the
mutation check (srcad/compiler/attributes.py, element_writes.py, sharing.py), refused
where another name is read afterwards, computed where nothing else refers to the array.
"""

import types
from dataclasses import dataclass

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

X = np.array([0.3, -0.6, 0.45])
MODES = ('grad', 'jvp', 'hvp')


class Box:
    def __init__(self, arr):
        self.arr = arr


class Bag:
    pass


class Doubling:
    def __init__(self, arr):
        self.arr = arr
        self.arr *= 2.0


class Shared:
    offset = np.zeros(3)

    def __init__(self, scale):
        self.scale = scale


@dataclass
class Params:
    w: np.ndarray
    lr: float


# -- refused, naming the line ---------------------------------------------------------
def box_alias(x):
    y = x * 1.0
    o = Box(y)
    o.arr += 1.0  # LINE box_alias
    return np.sum(y ** 2)


def set_later_alias(x):
    y = x * 1.0
    o = Bag()
    o.w = y
    o.w -= 0.5  # LINE set_later_alias
    return np.sum(y ** 2)


def namespace_alias(x):
    y = x * 1.0
    o = types.SimpleNamespace(w=y)
    o.w += 1.0  # LINE namespace_alias
    return np.sum(y ** 2)


def dataclass_alias(x):
    y = x * 1.0
    p = Params(y, 0.1)
    p.w *= 0.5  # LINE dataclass_alias
    return np.sum(y ** 2)


def init_alias(x):
    y = x * 1.0
    d = Doubling(y)  # LINE init_alias
    return np.sum(y ** 2) + np.sum(d.arr)


def argument_alias(x):
    o = types.SimpleNamespace(w=x)
    o.w += 1.0  # LINE argument_alias
    return np.sum(o.w ** 2)


def class_attribute(x):
    o = Shared(2.0)
    o.offset += x  # LINE class_attribute
    return np.sum(o.offset * o.scale)


def list_attribute_alias(x):
    o = types.SimpleNamespace(items=[x * 1.0])
    first = o.items
    o.items += [x * 2.0]  # LINE list_attribute_alias
    return np.sum(first[-1])


def _line(fn):
    import inspect
    lines, start = inspect.getsourcelines(fn)
    return start + next(i for i, text in enumerate(lines) if f'# LINE {fn.__name__}' in text)


@pytest.mark.parametrize('fn, words', [
    (box_alias, r"o\.arr \+= \.\.\. on a ndarray attribute while 'y' refers to the same data"),
    (set_later_alias, r"o\.w -= \.\.\. on a ndarray attribute while 'y' refers to the same data"),
    (namespace_alias, r"o\.w \+= \.\.\. on a ndarray attribute while 'y' refers to the same data"),
    (dataclass_alias, r"p\.w \*= \.\.\. on a ndarray attribute while 'y' refers to the same data"),
    (init_alias, r"d\.arr \*= \.\.\. on a ndarray attribute while 'y' refers to the same data"),
    (argument_alias, r"o\.w \+= \.\.\. on a ndarray that refers to the data of the argument 'x'"),
    (class_attribute, r"o\.offset \+= \.\.\. on a ndarray that belongs to the class"),
    (list_attribute_alias, r"o\.items \+= \.\.\. on a list attribute while 'first' refers"),
], ids=lambda v: getattr(v, '__name__', ''))
@pytest.mark.parametrize('mode', ['grad', 'value_and_grad', 'jvp', 'hvp'])
def test_refused_naming_the_line(fn, words, mode):
    with pytest.raises(srcad.SrcadError, match=words) as info:
        check_derivatives(fn, X, modes=(mode,))
    assert f'{__file__}:{_line(fn)}:' in str(info.value)


def test_an_element_write_into_an_attribute_stays_refused():
    def f(x):
        y = x * 1.0
        o = Box(y)
        o.arr[0] = 5.0
        return np.sum(y ** 2)
    with pytest.raises(srcad.SrcadError, match='o.arr'):
        srcad.grad(f)(X)


# -- computed: nothing else refers to the array (or it is a number) -----------------------
def fresh_namespace(x):
    o = types.SimpleNamespace(w=x * 1.0, n=0.0)
    o.w += 1.0
    o.n += 2.0
    return np.sum(o.w ** 2) * o.n


def accumulated_in_a_loop(x):
    s = types.SimpleNamespace(h=np.zeros(3), total=0.0)
    for k in range(3):
        s.h += np.tanh(x * k)
        s.total += np.sum(x ** 2) * k
    return np.sum(s.h ** 2) + s.total


def fresh_box_set_later(x):
    o = Bag()
    o.w = np.sin(x)
    o.w -= 0.5 * x
    o.w *= o.w
    return np.sum(o.w)


def other_attribute_shares(x):
    y = x * 1.0
    o = types.SimpleNamespace(w=y, b=x * 2.0)
    o.b += 1.0
    return np.sum(y ** 2) + np.sum(o.b ** 3)


def init_scales_fresh(x):
    d = Doubling(x * 1.0)
    return np.sum(d.arr ** 2)


def dataclass_step(x):
    p = Params(x * 1.0, 0.1)
    for _ in range(2):
        p.w -= p.lr * 2.0 * p.w ** 3
    return np.sum(p.w ** 2)


def copied_before_the_write(x):
    y = x * 1.0
    o = Box(y.copy())
    o.arr *= 3.0
    return np.sum(y * o.arr)


def number_shared_with_a_name(x):
    a = 1.5
    o = types.SimpleNamespace(n=a, w=x * 1.0)
    o.n += 1.0
    return np.sum(o.w ** 2) * o.n * a


@pytest.mark.parametrize('fn', [fresh_namespace, accumulated_in_a_loop, fresh_box_set_later,
                                other_attribute_shares, init_scales_fresh, dataclass_step,
                                copied_before_the_write, number_shared_with_a_name],
                         ids=lambda f: f.__name__)
def test_works_when_nothing_else_sees_the_array(fn):
    check_derivatives(fn, X, modes=MODES)


def test_writing_through_the_objects_dict_is_refused():
    # d = o.__dict__ is the object's own dict: d['h'] = y rebinds o.h (it was silently
    # missed before, so o.h kept its old value, and o.h += 1.0 then missed y)
    def rebinds(x):
        y = x * 1.0
        o = types.SimpleNamespace(h=x * 2.0)
        d = o.__dict__
        d['h'] = y
        return np.sum(o.h ** 2)

    def then_in_place(x):
        y = x * 1.0
        o = types.SimpleNamespace(h=x * 2.0)
        d = o.__dict__
        d['h'] = y
        o.h += 1.0
        return np.sum(y ** 2)
    for fn in (rebinds, then_in_place):
        with pytest.raises(srcad.SrcadError, match="writing into 'd' while 'o' refers"):
            srcad.grad(fn)(X)
