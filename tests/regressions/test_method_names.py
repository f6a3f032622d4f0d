"""A user method named like an array method (get, mean, sum, reshape, ...) called on an
object that may not be an array, and an array namespace held in a variable (xp = np):
decided by the receiver when the code runs, never read as the array method (zeros)."""

import numpy as np
import pytest

import srcad
from srcad.errors import SrcadError
from srcad.testing import check_derivatives

X = np.random.RandomState(3).randn(4, 3)
W = np.array([0.3, -0.5, 0.7])


class Parser:
    def get(self, vect, n=2):
        return vect[:n]


class Reducer:
    def __init__(self, weights):
        self.weights = weights

    def mean(self, x):
        return x @ self.weights / np.sum(self.weights)

    def std(self, x):
        return np.sqrt(np.sum(x ** 2))

    def reshape(self, x, n):
        return x.reshape(n, -1)

    def copy(self, x):
        return 2.0 * x


class Model:
    def __init__(self):
        self.parser = Parser()
        self.reducer = Reducer(np.arange(1.0, 5.0))

    def loss(self, w):
        return self.reducer.mean((X @ w) ** 2) + np.sum(self.parser.get(w) ** 2)


def get_on_argument(w, parser):
    return np.sum(parser.get(w, 2) ** 2)


def get_one_argument(w, parser):
    return np.sum(np.sin(parser.get(w)))


def mean_on_argument(w, reducer):
    return reducer.mean((X @ w - 1.0) ** 2)


def several_names(w, reducer):
    return reducer.std(w) + np.sum(reducer.reshape(w, 3) ** 2) + np.sum(reducer.copy(w) * w)


def through_self_attribute(w, model):
    return model.loss(w)


def attribute_of_argument(w, model):
    p = model.parser
    return np.sum(p.get(w, 3) ** 3)


def array_methods_still(w, C, cfg):
    # receivers that are arrays (a data argument, a dict of settings) keep the array rule
    scale = cfg.get('scale', 1.0)
    return scale * np.sum(C.dot(w) ** 2) + C.sum() * w.mean() + np.sum(C.reshape(-1)[:3] * w)


def namespace_local(w):
    xp = np
    return xp.sum(xp.sin(w)) + xp.mean(w ** 2)


def namespace_default(w, xp=np):
    return xp.sum(xp.tanh(X @ w) ** 2)


@pytest.mark.parametrize('fn, extra', [
    (get_on_argument, (Parser(),)),
    (get_one_argument, (Parser(),)),
    (mean_on_argument, (Reducer(np.array([0.2, 0.3, 0.5, 1.0])),)),
    (several_names, (Reducer(np.ones(4)),)),
    (through_self_attribute, (Model(),)),
    (attribute_of_argument, (Model(),)),
    (array_methods_still, (X, {'scale': 0.5})),
    (namespace_local, ()),
    (namespace_default, ()),
])
def test_checked(fn, extra):
    check_derivatives(fn, W, *extra)


def test_not_zeros():
    g = srcad.grad(get_on_argument)(W, Parser())
    assert np.allclose(g, [0.6, -1.0, 0.0])


class Holder:
    """An object holding the differentiated value, with a method named mean."""
    def __init__(self, w):
        self.w = w

    def mean(self, x):
        return np.sum(self.w * x)


def make_holder(w):
    return Holder(w)


def holder_of_differentiated(w):
    h = make_holder(w)
    return h.mean(np.ones(3))


def test_receiver_holding_differentiated_value_is_refused():
    with pytest.raises(SrcadError):
        srcad.grad(holder_of_differentiated)(W)
