"""Issue 15: namedtuples and dataclasses as parameters (fields read as ``p.W``)."""

from collections import namedtuple
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

import srcad
from srcad import SrcadError
from srcad.testing import check_derivatives

X = np.array([[0.1, 0.2, 0.3], [0.4, -0.5, 0.6]])
P = namedtuple('P', 'W b')


@dataclass
class C:
    w: np.ndarray
    b: float


def nt_loss(p):
    return np.sum(np.tanh(X @ p.W + p.b))


def dc_loss(c):
    return np.sum((X @ c.w + c.b) ** 2)


def layers_loss(layers):
    h = X
    for layer in layers:
        h = np.tanh(h @ layer.W + layer.b)
    return np.sum(h)


def construct(p):
    q = P(p.W * 2.0, p.b - 1.0)
    return np.sum(X @ q.W) * q.b


def plain(p):
    return np.sum(X @ p.w + p.b)


def flat_of_array(x):
    return np.sum(x.flat[0] * x)


def test_namedtuple_fields_all_modes():
    p = P(np.array([0.1, 0.2, -0.3]), 0.5)
    check_derivatives(nt_loss, p)
    g = srcad.grad(nt_loss)(p)
    assert type(g) is P and isinstance(g.W, np.ndarray)


def test_dataclass_fields_all_modes():
    c = C(np.array([0.1, 0.2, -0.3]), 0.5)
    check_derivatives(dc_loss, c)
    g = srcad.grad(dc_loss)(c)
    assert type(g) is C and g is not c and np.shape(g.w) == (3,)


def test_list_of_namedtuples_and_construction():
    check_derivatives(layers_loss, [P(np.ones((3, 2)) * 0.3, np.zeros(2)),
                                    P(np.ones((2, 1)) * 0.2, np.array([0.1]))])
    check_derivatives(construct, P(np.array([0.1, 0.2, -0.3]), 0.5))


def test_plain_object_refused():
    with pytest.raises(SrcadError, match='SimpleNamespace'):
        srcad.grad(plain)(SimpleNamespace(w=np.ones(3), b=0.5))


def test_array_attribute_without_rule_still_refused():
    with pytest.raises(SrcadError, match='flat'):
        srcad.grad(flat_of_array)(np.ones(3))


# A field named like an ndarray attribute (p.size, p.T) would be read with the array's
# rule (size has no derivative: the gradient came back 0.0); refused in every mode.
Sized = namedtuple('Sized', ['w', 'size'])


def scaled_by_size(p):
    return np.sum(p.w * p.size)


@pytest.mark.parametrize('mode', ['grad', 'jvp', 'hvp'])
def test_a_field_named_like_an_array_attribute_is_refused(mode):
    p = Sized(np.array([1.0, 2.0]), 3.0)
    with pytest.raises(srcad.InputError, match="field named 'size'"):
        if mode == 'grad':
            srcad.grad(scaled_by_size)(p)
        elif mode == 'jvp':
            srcad.jvp(scaled_by_size, (p,), (Sized(np.ones(2), 1.0),))
        else:
            srcad.hvp(scaled_by_size, (p,), Sized(np.ones(2), 1.0))
