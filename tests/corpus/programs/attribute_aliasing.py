"""``obj.attr op= v`` where the attribute holds an array (probe4 W9): NumPy's ``+=``
changes that array in place, seen through every other name for it (the array given to
``Box(y)``, put in ``o.w = y``, ``SimpleNamespace(w=y)``, a dataclass field).  srcad
refuses the write where another name for the array is read afterwards, and computes it
where nothing else refers to the array -- the everyday case (``self.total += loss``,
``state.h += dh`` on a fresh array)."""

import types
from dataclasses import dataclass

import numpy as np

from ..case import case

X3 = np.array([0.3, -0.7, 1.1])
W33 = np.array([[0.2, -0.1, 0.4], [0.3, 0.5, -0.2], [-0.4, 0.1, 0.25]])


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
    offset = np.zeros(3)  # one array for every instance

    def __init__(self, scale):
        self.scale = scale


@dataclass
class Params:
    w: np.ndarray
    lr: float


# -- refused: another name for the array is read after the in-place write -----------
@case(X3, expect='refused', why='o.arr += 1.0 changes y in place, y is read afterwards')
def box_attribute_alias(x):
    y = x * 1.0
    o = Box(y)
    o.arr += 1.0
    return np.sum(y ** 2)


@case(X3, expect='refused', why='o.w -= 0.5 changes y, set as o.w after construction')
def attribute_set_later_alias(x):
    y = np.tanh(x)
    o = Bag()
    o.w = y
    o.w -= 0.5
    return np.sum(y ** 2)


@case(X3, expect='refused', why='SimpleNamespace(w=y): o.w += 1.0 changes y')
def namespace_attribute_alias(x):
    y = x * 2.0
    o = types.SimpleNamespace(w=y)
    o.w += 1.0
    return np.sum(np.sin(y))


@case(X3, expect='refused', why='a dataclass field holding y: p.w *= 0.9 changes y')
def dataclass_field_alias(x):
    y = x ** 2
    p = Params(y, 0.1)
    p.w *= 0.9
    return np.sum(y) + np.sum(p.w)


@case(X3, expect='refused', why="__init__'s self.arr *= 2.0 changes the array passed in")
def init_scales_its_argument(x):
    y = x + 0.5
    d = Doubling(y)
    return np.sum(d.arr * y)


@case(X3, expect='refused', why="o.w += x changes the caller's x (SimpleNamespace(w=x))")
def namespace_holding_the_argument(x):
    o = types.SimpleNamespace(w=x)
    o.w += 1.0
    return np.sum(o.w ** 2)


@case(X3, expect='refused', why='o.offset is the class attribute, shared by every instance')
def class_attribute_changed_in_place(x):
    o = Shared(2.0)
    o.offset += x
    return np.sum(o.offset * o.scale)


@case(X3, expect='refused', why="the loop's second round writes into y through s.h")
def loop_rebinds_to_an_alias(x):
    y = np.cos(x)
    s = types.SimpleNamespace(h=x * 1.0)
    for _ in range(2):
        s.h += 0.1
        s = types.SimpleNamespace(h=y)
    return np.sum(y ** 2)


# -- ok: nothing else refers to the array, or the attribute holds a number ------------
@case(X3)
def fresh_array_attribute_accumulated(x):
    s = types.SimpleNamespace(h=np.zeros(3), n=0.0)
    for k in range(3):
        s.h += np.tanh(W33 @ x + k)
        s.n += 1.0
    return np.sum(s.h ** 2) / s.n


@case(X3)
def loss_total_on_a_plain_object(x):
    acc = Bag()
    acc.total = 0.0
    for k in range(1, 4):
        loss = np.sum((x * k - 1.0) ** 2)
        acc.total += loss
    return acc.total


@case(X3)
def other_attribute_shares_but_is_not_written(x):
    y = x * 1.0
    o = types.SimpleNamespace(w=y, b=x * 2.0)
    o.b += 1.0
    return np.sum(y ** 2) + np.sum(o.b ** 2)


@case(X3)
def init_scales_a_fresh_array(x):
    d = Doubling(x * 1.0)
    return np.sum(d.arr ** 2)


@case(X3)
def dataclass_sgd_step(x):
    p = Params(x * 1.0, 0.1)
    for _ in range(3):
        g = 2.0 * (W33 @ p.w - 1.0)
        p.w -= p.lr * g
    return np.sum(p.w ** 2)


@case(X3)
def box_copy_then_update(x):
    y = x * 1.0
    o = Box(y.copy())
    o.arr *= 3.0
    return np.sum(y * o.arr)
