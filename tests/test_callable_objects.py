"""Calling objects that hold differentiated values, PyTorch style (the corpus programs
are in tests/corpus/programs/callable_objects.py): ``layer(x)`` is
``type(layer).__call__(layer, x)``, a method changing ``self`` is written out on the
object, an object srcad cannot name statically is called when the code runs
(``object_call``), differentiated in the object as in its arguments.  Every result is
checked against finite differences; what srcad cannot model is refused at the line."""

from dataclasses import dataclass

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

rs = np.random.RandomState(3)
X = rs.randn(5, 3)
W = 0.5 * rs.randn(3, 3)
B = 0.1 * rs.randn(3)


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return x @ self.W + self.b


class Poly:
    def __init__(self, c):
        self.c = c

    def __call__(self, t):
        return sum(ci * t ** i for i, ci in enumerate(self.c))

    @property
    def degree(self):
        return len(self.c) - 1

    @property
    def size2(self):
        return np.sum(self.c ** 2)


class Net:
    def __init__(self, W1, b1, W2, b2):
        self.fc1 = Linear(W1, b1)
        self.fc2 = Linear(W2, b2)

    def forward(self, x):
        return self.fc2(np.tanh(self.fc1(x)))


def layer_called(W, b):
    layer = Linear(W, b)
    return np.sum(np.tanh(layer(X)) ** 2)


def poly_called_in_place(c):
    return Poly(c)(0.5) + Poly(c)(-1.5) ** 2 + Poly(c).size2 * Poly(c).degree


def net_forward(W):
    net = Net(W, B, W[:, :1], np.zeros(1))
    return np.mean(net.forward(X) ** 2)


@pytest.mark.parametrize('f, args, wrt', [
    (layer_called, (W, B), 0), (layer_called, (W, B), 1),
    (poly_called_in_place, (np.array([0.3, -0.2, 0.5]),), 0),
    (net_forward, (W,), 0),
], ids=lambda v: getattr(v, '__name__', ''))
def test_objects_built_here_are_called_through_their_class(f, args, wrt):
    check_derivatives(f, *args, wrt=wrt)


def test_the_call_is_a_static_call_of_the_class_function():
    source = srcad.grad(layer_called).source
    assert 'Linear' not in source or 'object_call' not in source
    assert 'dynamic_forward' not in source


# -- methods that change self -----------------------------------------------------------
class SGD:
    def __init__(self, x, lr):
        self.x = x
        self.lr = lr

    def step(self, g):
        self.x = self.x - self.lr * g


class Cell:
    def __init__(self, Wh):
        self.Wh = Wh
        self.h = np.zeros(3)
        self.count = 0

    def forward(self, x):
        self.h = np.tanh(self.Wh @ self.h + x)
        self.count += 1
        return self.h


def sgd_steps(x0):
    opt = SGD(x0, 0.1)
    for _ in range(3):
        opt.step(2.0 * opt.x + np.sin(opt.x))
    return np.sum(opt.x ** 2)


def rnn_cell(Wh):
    cell = Cell(Wh)
    out = 0.0
    for x in X:
        out = out + np.sum(cell.forward(x))
    return out / cell.count


class Box:
    def keep(self, v):
        self.v = v


def kept_value_read_back(x):
    b = Box()
    b.keep(x * 2.0)
    return np.sum(b.v ** 2)


@pytest.mark.parametrize('f, arg', [
    (sgd_steps, np.array([0.8, -0.4, 0.3])), (rnn_cell, W),
    (kept_value_read_back, np.array([0.3, -0.7])),
], ids=lambda v: getattr(v, '__name__', ''))
def test_methods_changing_self_are_written_out(f, arg):
    check_derivatives(f, arg)


class Tanh:
    def __call__(self, x):
        return np.tanh(x)


class Square:
    def __call__(self, x):
        return x ** 2


class Holder:
    def __init__(self, W):
        self.W = W
        self.act = Tanh()

    def swap(self):
        self.act = Square()

    def __call__(self, x):
        return self.act(x @ self.W)


def swapped_activation(W):
    h = Holder(W)
    total = 0.0
    for _ in range(2):
        total = total + np.sum(h(X))
        h.swap()
    return total


def test_an_attribute_a_method_reassigns_is_not_named_from_init():
    # h.act is Tanh() on the first pass and Square() on the second: read when it runs
    check_derivatives(swapped_activation, W)


# -- objects known only when the code runs ------------------------------------------------
@dataclass
class Dense:
    W: np.ndarray
    b: np.ndarray
    act: str = 'tanh'

    def __call__(self, x):
        z = x @ self.W + self.b
        return np.tanh(z) if self.act == 'tanh' else np.maximum(z, 0.0)


@dataclass
class Model:
    fc1: Dense
    fc2: Dense

    def __call__(self, x):
        return self.fc2(self.fc1(x))

    def loss(self, x):
        return np.mean(self(x) ** 2)


def dataclass_argument_called(layer):
    return np.sum(layer(X) ** 2)


def nested_dataclass_model(model):
    return model.loss(X)


def make_layer(W):
    return Linear(W, np.zeros(3))


def factory_layer(W):
    layer = make_layer(W)
    return np.sum(np.tanh(layer(X)) ** 2)


MODEL = Model(Dense(W, B), Dense(0.5 * W[:, :1], np.zeros(1), 'relu'))


@pytest.mark.parametrize('f, arg', [
    (dataclass_argument_called, Dense(W, B)), (nested_dataclass_model, MODEL),
    (factory_layer, W),
], ids=lambda v: getattr(v, '__name__', ''))
def test_objects_known_when_the_code_runs(f, arg):
    check_derivatives(f, arg)


def test_the_gradient_of_a_dataclass_keeps_its_string_field():
    g = srcad.grad(dataclass_argument_called)(Dense(W, B, 'tanh'))
    assert isinstance(g, Dense) and g.act == 'tanh'


# -- found on the way: dataclasses through the user's functions ---------------------------
@dataclass
class P:
    W: np.ndarray
    b: float


def helper(p, x):
    return np.sum(np.tanh(x @ p.W) + p.b)


def through_a_helper(p):
    return helper(p, X) ** 2


def built_then_through_a_helper(W):
    return helper(P(W, 0.5), X) ** 2


def through_a_parameter(p, act):
    return act(p, X) ** 2


def test_a_dataclass_passed_to_a_helper():
    # the helper's backward half returns a P of gradients: read back by field (was refused)
    check_derivatives(through_a_helper, P(W, 0.1))
    check_derivatives(built_then_through_a_helper, W)


def test_a_dataclass_passed_to_a_function_parameter_is_differentiated():
    # was silently zero: the dataclass was not counted as a floating-point argument
    check_derivatives(through_a_parameter, P(W, 0.1), helper)


# -- refusals -------------------------------------------------------------------------------
class Vec:
    def __init__(self, a):
        self.a = a

    def __add__(self, o):
        return Vec(self.a + o.a)

    def norm2(self):
        return np.sum(self.a ** 2)


def own_operator(x):
    return (Vec(x) + Vec(2.0 * x)).norm2()


class Lazy:
    def __init__(self, W):
        self._store = {'W': W}

    def __getattr__(self, name):
        return self._store[name]

    def __call__(self, x):
        return x @ self.W


def getattr_class(W):
    return np.sum(Lazy(W)(X))


def step_on_a_parameter(x, opt):
    opt.step(x)
    return np.sum(opt.x ** 2)


def make_closure(W):
    def apply(x):
        return x @ W
    return apply


def closure_called(W):
    return np.sum(make_closure(W)(X))


class Recurse:
    def __init__(self, w):
        self.w = w

    def go(self, n):
        if n > 0:
            self.w = self.w * 1.5
            self.go(n - 1)


def recursive_self_change(w):
    r = Recurse(w)
    r.go(2)
    return np.sum(r.w)


def aliased_then_changed(x0):
    o = SGD(x0, 0.1)
    o2 = o
    o.step(x0)
    return np.sum(o2.x ** 2)


@pytest.mark.parametrize('mode', ['grad', 'jvp', 'hvp'])
@pytest.mark.parametrize('f, args', [
    (own_operator, (np.array([0.3, -0.5]),)), (getattr_class, (W,)),
    (step_on_a_parameter, (np.array([0.3, -0.5]), SGD(np.zeros(2), 0.1))),
    (closure_called, (W,)), (recursive_self_change, (np.array([0.3, -0.5]),)),
    (aliased_then_changed, (np.array([0.3, -0.5]),)),
], ids=lambda v: getattr(v, '__name__', ''))
def test_what_srcad_cannot_model_is_refused_at_the_line(f, args, mode):
    with pytest.raises(srcad.SrcadError) as info:
        check_derivatives(f, *args, modes=(mode,))
    assert 'test_callable_objects.py' in str(info.value)


# -- constructors: super().__init__ and *layers ---------------------------------------------
class Base:
    def __init__(self, w, k=2.0):
        self.w = w * k


class Child(Base):
    def __init__(self, w, b):
        super().__init__(w, k=3.0)
        self.b = b

    def __call__(self, x):
        return np.sum(np.sin(self.w * x)) + self.b


class Sequential:
    def __init__(self, *layers):
        self.layers = layers

    def __call__(self, z):
        for layer in self.layers:
            z = layer(z)
        return z


def subclass_built_here(w):
    return Child(w, w[0] ** 2)(np.ones(3)) ** 2


def sequential_of_layers(W):
    net = Sequential(Linear(W, B), Linear(W.T, -B))
    return np.sum(np.tanh(net(X)) ** 2)


class Uses(Base):
    def __init__(self, w):
        super(Uses, self).__init__(w)
        self.twice = super().__init__


def super_otherwise(w):
    return np.sum(Uses(w).w)


@pytest.mark.parametrize('f, arg', [
    (subclass_built_here, np.array([0.3, -0.4, 0.5])), (sequential_of_layers, W),
], ids=lambda v: getattr(v, '__name__', ''))
def test_constructors_with_super_and_star_parameters(f, arg):
    check_derivatives(f, arg)


def test_super_used_otherwise_is_refused():
    with pytest.raises(srcad.SrcadError, match='super'):
        srcad.grad(super_otherwise)(np.array([0.3, -0.4]))


# -- chained calls, and objects changed where srcad cannot see ---------------------------------
class Accum:
    def __init__(self):
        self.total = 0.0

    def add(self, v):
        self.total += v
        return self


def chained(x):
    a = Accum()
    a.add(x[0]).add(x[1] ** 2)
    return a.add(np.sin(x[2])).total


def method_replaced_by_setattr(W):
    layer = Linear(W, B)
    setattr(layer, '__call__', None)  # (an instance attribute: Python still calls the class's)
    out = layer(X)
    setattr(layer, 'W', 2.0 * W)
    return np.sum(layer(X) ** 2) + np.sum(out)


def test_chained_methods_returning_self():
    check_derivatives(chained, np.array([0.3, -0.7, 1.1]))


def test_an_object_changed_through_setattr_is_called_when_the_code_runs():
    # setattr(layer, 'W', ...) changes layer unseen by the compiler: its calls are not
    # named from its construction, they run when the code runs (here: refused or right)
    try:
        check_derivatives(method_replaced_by_setattr, W)
    except srcad.SrcadError as e:
        assert 'test_callable_objects.py' in str(e)
