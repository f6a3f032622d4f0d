"""Attribute assignment on objects built inside the differentiated function
(srcad/compiler/attributes.py, srcad/rules/python/attribute_writes.py): what works, checked against
finite differences in every mode, and what is refused, with the reason and the line."""

from dataclasses import dataclass
from collections import namedtuple
from types import SimpleNamespace

import numpy as np
import pytest

import srcad
from srcad.testing import check_derivatives

X = np.array([0.3, -0.7, 1.1])
W = np.array([[0.5, -0.2, 0.1], [0.3, 0.4, -0.6], [0.0, 0.2, 0.7]])


def rnn(x):
    state = SimpleNamespace(h=np.zeros(3), c=x)
    for t in range(3):
        state.h = np.tanh(W @ state.h + state.c)
    return np.sum(state.h)


@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray


def config(w, b):
    cfg = Params(W=w, b=b)
    cfg.b = cfg.b * 2
    return np.sum(np.tanh(cfg.W @ cfg.b))


class Layer:
    kind = 'dense'  # a class attribute: read as a constant

    def __init__(self, W, scale=2.0):
        """Stores its weights."""
        self.W = W
        self.s = scale * np.sum(W)

    def forward(self, x):
        return np.sin(self.W @ x) * self.s


def layer_loss(w, x):
    layer = Layer(w)
    layer.W = layer.W * layer.s
    return np.sum(np.sin(layer.W @ x)) if layer.kind == 'dense' else 0.0


def layer_method(w, x):
    layer = Layer(w, scale=0.5)
    return np.sum(layer.forward(x) ** 2)


def optimizer(w):
    opt = SimpleNamespace(m=np.zeros_like(w), t=0)
    for _ in range(3):
        opt.t += 1
        opt.m = 0.9 * opt.m + 0.1 * (w + np.sin(w))
        w = w - 0.1 * opt.m / (1 - 0.9 ** opt.t)
    return np.sum(w ** 2)


def targets(x):
    s = SimpleNamespace()
    s.a, s.b = np.sum(x), np.prod(x)
    s.c = s.d = np.sin(x)
    s.e: float = s.a * s.b
    return s.e + np.sum(s.c * s.d)


def keeps_old(x):
    s = SimpleNamespace(h=x * 1.0)
    old = s.h
    s.h = np.exp(s.h)
    return np.sum(old * s.h)


def read_by(net, x):
    return np.sum(np.tanh(net.W @ x))


def passes_on(w, x):
    net = SimpleNamespace(W=w)
    net.W = net.W * 0.5
    return read_by(net, x)


class Stack:
    def __init__(self, W1, W2):
        self.first = Layer(W1)       # objects built inside __init__ too
        self.second = Layer(W2, scale=1.0)


def make_layer(w):
    return Layer(w)


def stacked(w, x):
    net = Stack(w, w.T @ w)
    return np.sum(net.second.W @ np.tanh(net.first.W @ x))


def from_factory(w, x):
    layer = make_layer(w)             # built in another function srcad differentiates
    return np.sum(np.sin(layer.W @ x) * layer.s)


@pytest.mark.parametrize('fn, args', [
    (rnn, (X,)), (config, (W, X)), (layer_loss, (W, X)), (layer_method, (W, X)),
    (optimizer, (X,)), (targets, (X,)), (keeps_old, (X,)), (passes_on, (W, X)),
    (stacked, (W, X)), (from_factory, (W, X)),
], ids=lambda v: getattr(v, '__name__', ''))
def test_matches_finite_differences_in_every_mode(fn, args):
    check_derivatives(fn, *args)  # grad, value_and_grad, vjp, jvp, hvp; inputs unchanged


def test_second_argument_of_config():
    check_derivatives(config, W, X, wrt=1)


def test_generated_code_is_a_functional_update():
    source = srcad.grad(rnn).source
    assert "set_attribute(state" in source and "'h'" in source
    assert 'attribute_rest(' in source and 'attribute_part(' in source
    layer = srcad.grad(layer_loss).source
    assert 'new_object(Layer)' in layer and 'layer_W = w' in layer


def test_input_objects_are_never_changed():
    p = SimpleNamespace(W=W.copy())

    def f(x, p):
        q = SimpleNamespace(W=p.W)
        q.W = q.W * x[0]
        return np.sum(q.W)
    srcad.grad(f)(X, p)
    assert np.array_equal(p.W, W) and set(vars(p)) == {'W'}


# -- refusals -----------------------------------------------------------------------------
def assigns_parameter(x, s):
    s.h = x
    return np.sum(s.h)


def alias_read(x):
    s = SimpleNamespace(h=x)
    t = s
    s.h = np.sin(x)
    return np.sum(t.h)


def listed(x):
    s = SimpleNamespace(h=x)
    seen = [s]
    s.h = np.sin(x)
    return np.sum(seen[0].h)


Point = namedtuple('Point', 'h c')


def namedtuple_field(x):
    p = Point(h=x, c=x)
    p.h = x * 2
    return np.sum(p.h)


@dataclass(frozen=True)
class Frozen:
    h: np.ndarray


def frozen_field(x):
    f = Frozen(h=x)
    f.h = x * 2
    return np.sum(f.h)


GLOBAL_STATE = SimpleNamespace(h=0.0)


def global_object(x):
    GLOBAL_STATE.h = x
    return np.sum(x)


def from_call(x):
    s = dict(h=x)
    s.h = x
    return np.sum(x)


def nested(x):
    s = SimpleNamespace(inner=SimpleNamespace(h=x))
    s.inner.h = x * 2
    return np.sum(s.inner.h)


def rebound(x):
    s = SimpleNamespace(h=x)
    for s in [SimpleNamespace(h=x)]:
        s.h = x
    return np.sum(s.h)


class Prop:
    def __init__(self, v):
        self._v = v

    @property
    def v(self):
        return self._v

    @v.setter
    def v(self, value):
        self._v = value * 2


def property_write(x):
    p = Prop(x)
    p.v = x
    return np.sum(p._v)


def mutate(s, v):
    s.h = v


def calls_mutator(x):
    s = SimpleNamespace(h=x)
    mutate(s, x * 2)
    return np.sum(s.h)


def entry_written(x):
    s = SimpleNamespace(h=np.zeros(3))
    h = s.h
    h[0] = 1.0
    return np.sum(s.h * x)


def put_in_then_written(x):
    a = np.zeros(3)
    s = SimpleNamespace(h=a)
    a[0] = 1.0
    return np.sum(s.h * x)


@pytest.mark.parametrize('fn, args, words, marked', [
    (assigns_parameter, (X, SimpleNamespace(h=1.0)), "'s' is a parameter", 's.h = x'),
    (alias_read, (X,), "'t' refers to the same object", 's.h = np.sin(x)'),
    (listed, (X,), "'seen' refers to the same object", 's.h = np.sin(x)'),
    (namedtuple_field, (X,), 'namedtuple', 'p.h = x * 2'),
    (frozen_field, (X,), 'frozen dataclass', 'f.h = x * 2'),
    (global_object, (X,), 'not built in global_object', 'GLOBAL_STATE.h = x'),
    (from_call, (X,), 'not of what dict(...) returns', 's.h = x'),
    (nested, (X,), 'a local name only', 's.inner.h = x * 2'),
    (rebound, (X,), 'bound here by something other', 's.h = x'),
    (property_write, (X,), 'property', 'p.v = x'),
    (calls_mutator, (X,), "changes its argument 's' in place", 'mutate(s, x * 2)'),
    (entry_written, (X,), "writing into 'h' while 's'", 'h[0] = 1.0'),
    (put_in_then_written, (X,), "writing into 'a' while 's'", 'a[0] = 1.0'),
], ids=lambda v: getattr(v, '__name__', ''))
def test_refused_with_the_reason_at_the_line(fn, args, words, marked):
    with pytest.raises(srcad.SrcadError) as info:
        srcad.grad(fn)(*args)
    error = info.value
    assert words in error.message
    assert error.hint
    import linecache
    line = linecache.getline(error.location.filename, error.location.lineno)
    assert marked in line


def test_augmented_assignment_of_an_array_attribute_nothing_else_sees_works():
    # (Python changes s.h's array in place, but no other name refers to it: the same
    # function as s.h = s.h + x; tests/regressions/test_attribute_aliasing.py has the
    # refusals where another name does)
    def f(x):
        s = SimpleNamespace(h=x * 1.0, n=0.0)
        s.n += 1.0  # a number: rebinds
        s.h += x    # an array: in place, seen by no other name
        return np.sum(s.h ** 2) * s.n
    check_derivatives(f, X)


@pytest.mark.parametrize('transform', ['grad', 'jvp'])
def test_objects_as_differentiated_inputs_stay_refused(transform):
    def f(p):
        return np.sum(p.W ** 2)
    p = SimpleNamespace(W=np.ones(2))
    with pytest.raises(srcad.InputError, match='SimpleNamespace'):
        if transform == 'grad':
            srcad.grad(f)(p)
        else:
            srcad.jvp(f, (p,), (SimpleNamespace(W=np.ones(2)),))


class Noisy:
    def __init__(self, W):
        self.W = W
        print('built')


def builds_noisy(w):
    layer = Noisy(w)
    return np.sum(layer.W)


def test_a_class_whose_init_does_more_is_refused_at_the_call():
    with pytest.raises(srcad.NoRuleError, match=r'Noisy\(\.\.\.\).*line \d+ does more') as info:
        srcad.grad(builds_noisy)(X)
    assert 'SimpleNamespace' in info.value.hint
