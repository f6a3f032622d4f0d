"""Attribute assignment on objects built inside the differentiated function (issue 15):
RNN state held in a SimpleNamespace, optimizer state, config dataclasses, small layer
classes, written the way people write them -- and the writes srcad must refuse."""

import types
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from ..case import case

_rng = np.random.default_rng(1515)
X3 = np.array([0.3, -0.7, 1.1])
W33 = _rng.standard_normal((3, 3)) * 0.4
W23 = _rng.standard_normal((2, 3)) * 0.5
SEQ = _rng.standard_normal((4, 3)) * 0.5


# -- recurrent state -------------------------------------------------------------------
@case(X3)
def rnn_state_namespace(x):
    state = SimpleNamespace(h=np.zeros(3), c=x)
    for t in range(4):
        state.h = np.tanh(W33 @ state.h + state.c)
    return np.sum(state.h)


@case(W33, SEQ)
def lstm_like_cell_state(W, xs):
    st = types.SimpleNamespace(h=np.zeros(3), c=np.zeros(3))
    for x in xs:
        gate = 1.0 / (1.0 + np.exp(-(W @ st.h + x)))
        st.c = gate * st.c + (1.0 - gate) * np.tanh(x)
        st.h = np.tanh(st.c) * gate
    return np.sum(st.h ** 2) + np.sum(st.c)


@case(X3)
def state_with_counter(x):
    s = SimpleNamespace(h=x, steps=0, total=0.0)
    while s.steps < 3:
        s.h = np.sin(s.h) + 0.5 * x
        s.total += np.sum(s.h)
        s.steps += 1
    return s.total / s.steps


@case(X3)
def branch_on_state(x):
    s = SimpleNamespace(h=x * 1.0)
    if np.sum(s.h) > 0:
        s.h = np.tanh(s.h)
    else:
        s.h = np.exp(s.h)
    return np.sum(s.h ** 2)


@case(X3)
def keeps_previous_value(x):
    s = SimpleNamespace(h=x * 2.0)
    for _ in range(3):
        prev = s.h
        s.h = np.sin(s.h)
        s.h = s.h + 0.1 * prev
    return np.sum(s.h)


class Particle:
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel
        self.t = 0.0


@case(X3)
def particle_euler_steps(x0):
    p = Particle(x0, np.zeros(3))
    dt = 0.1
    for _ in range(5):
        force = -np.sin(p.pos)
        p.vel = p.vel + dt * force
        p.pos = p.pos + dt * p.vel
        p.t += dt
    return np.sum(p.pos ** 2) + p.t


@case(X3)
def kalman_filter_state(zs):
    kf = SimpleNamespace(mean=0.0, var=1.0)
    for z in zs:
        gain = kf.var / (kf.var + 0.5)
        kf.mean = kf.mean + gain * (z - kf.mean)
        kf.var = (1.0 - gain) * kf.var + 0.1
    return kf.mean ** 2 + kf.var * zs[0]


@case(W33, SEQ)
def gru_like_state_object(W, xs):
    state = SimpleNamespace(h=np.zeros(3))
    for x in xs:
        z = 1.0 / (1.0 + np.exp(-(x + 0.5 * state.h)))
        candidate = np.tanh(W @ x + state.h)
        state.h = (1.0 - z) * state.h + z * candidate
    return np.sum(state.h)


# -- optimizer state -------------------------------------------------------------------
@case(X3)
def adam_state_namespace(w):
    opt = SimpleNamespace(m=np.zeros_like(w), v=np.zeros_like(w), t=0)
    for _ in range(3):
        g = 2.0 * w + np.cos(w)
        opt.t += 1
        opt.m = 0.9 * opt.m + 0.1 * g
        opt.v = 0.999 * opt.v + 0.001 * g ** 2
        mhat = opt.m / (1.0 - 0.9 ** opt.t)
        vhat = opt.v / (1.0 - 0.999 ** opt.t)
        w = w - 0.05 * mhat / (np.sqrt(vhat) + 1e-3)
    return np.sum(w ** 2)


@dataclass
class Momentum:
    velocity: np.ndarray
    lr: float


@case(X3)
def momentum_dataclass(w):
    opt = Momentum(velocity=np.zeros(3), lr=0.1)
    for _ in range(4):
        opt.velocity = 0.9 * opt.velocity - opt.lr * (w ** 3 - w)
        w = w + opt.velocity
    return np.sum(np.sin(w))


# -- config objects --------------------------------------------------------------------
@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray


@case(W23, X3[:2], wrt=1)
def dataclass_field_reassigned(w, b):
    cfg = Params(W=w, b=b)
    cfg.b = cfg.b * 2.0
    return np.sum(np.tanh(cfg.b @ cfg.W))


@case(X3)
def namespace_config_scaled(x):
    cfg = SimpleNamespace(scale=2.0, shift=0.5)
    cfg.scale = cfg.scale * np.sum(x ** 2)
    cfg.shift = cfg.shift + x
    return np.sum(cfg.scale * np.tanh(cfg.shift))


@case(X3)
def empty_namespace_filled(x):
    out = SimpleNamespace()
    out.mean = np.mean(x)
    out.var = np.mean((x - out.mean) ** 2)
    out.z = (x - out.mean) / np.sqrt(out.var + 1e-3)
    return np.sum(out.z * np.arange(3.0))


@case(X3)
def tuple_assignment_into_attributes(x):
    stats = SimpleNamespace(lo=0.0, hi=0.0)
    stats.lo, stats.hi = np.min(x), np.max(x)
    return (stats.hi - stats.lo) * np.sum(x ** 2)


@case(X3[:2], W23, wrt=1)
def layer_weights_through_namespace(b, W):
    layer = SimpleNamespace(W=W, b=b)
    layer.W = layer.W * 0.5
    layer.b = np.tanh(layer.b)
    return np.sum((layer.b @ layer.W) ** 2)


# -- small classes ---------------------------------------------------------------------
class Dense:
    """A layer as people write one: __init__ stores, methods compute."""

    def __init__(self, W, b=0.0):
        self.W = W
        self.b = b

    def forward(self, x):
        return np.tanh(self.W @ x + self.b)


@case(W23, X3)
def layer_built_inside_read(W, x):
    layer = Dense(W)
    return np.sum((layer.W @ x + layer.b) ** 2)


@case(W23, X3)
def layer_built_inside_method(W, x):
    layer = Dense(W, b=0.1)
    return np.sum(layer.forward(x) ** 2)


@case(W23, X3)
def layer_weights_rescaled(W, x):
    layer = Dense(W)
    layer.W = layer.W / np.sqrt(np.sum(layer.W ** 2))
    return np.sum(layer.forward(x))


class Accumulator:
    decay = 0.5  # a class attribute: a constant

    def __init__(self, size):
        self.value = np.zeros(size)
        self.count = 0


@case(SEQ)
def running_average_object(xs):
    acc = Accumulator(3)
    for row in xs:
        acc.value = acc.decay * acc.value + row
        acc.count += 1
    return np.sum(acc.value ** 2) / acc.count


class TwoLayer:
    def __init__(self, W1, W2):
        self.hidden = Dense(W1, b=0.05)
        self.out = Dense(W2)


@case(W23, X3)
def two_layer_net_built_inside(W, x):
    net = TwoLayer(W, W @ W.T)
    return np.sum(net.out.forward(net.hidden.forward(x)) ** 2)


def build_layer(W):
    return Dense(W * 0.5)


@case(W23, X3)
def layer_from_helper_function(W, x):
    layer = build_layer(W)
    return np.sum(np.tanh(layer.W @ x + layer.b))


def mlp_forward(net, x):
    return np.sum(np.tanh(net.W @ x) * net.v)


@case(W23, X3)
def namespace_passed_to_helper(W, x):
    net = SimpleNamespace(W=W, v=np.ones(2))
    net.v = net.v * 0.5
    return mlp_forward(net, x)


# -- refused, with the reason ----------------------------------------------------------
@case(X3, SimpleNamespace(h=1.0), expect='refused',
      why="'s' is a parameter: Python would change the caller's object")
def assigns_parameter_attribute(x, s):
    s.h = x * 2.0
    return np.sum(s.h)


@case(X3, expect='refused', why='another name for the object is read after the write')
def alias_read_after_write(x):
    s = SimpleNamespace(h=x)
    t = s
    s.h = np.sin(x)
    return np.sum(t.h)


@case(X3, expect='refused', why='a list holding the object is read after the write')
def object_in_list_read_after_write(x):
    s = SimpleNamespace(h=x)
    history = [s]
    s.h = x ** 2
    return np.sum(history[0].h)


@case(X3)  # (s.h += x changes s.h's array in place, which no other name refers to)
def augmented_array_attribute(x):
    s = SimpleNamespace(h=x * 1.0)
    s.h += x
    return np.sum(s.h)


@case(X3, expect='refused', why='writing into an array read out of the object')
def element_write_through_attribute(x):
    s = SimpleNamespace(h=np.zeros(3))
    h = s.h
    h[0] = 1.0
    return np.sum(s.h * x)


def make_state():
    return SimpleNamespace(h=0.0)


@case(X3, expect='refused', why='the object comes from a call srcad cannot see into')
def object_from_factory(x):
    s = make_state()
    s.h = x
    return np.sum(s.h)


class Logged:
    def __init__(self, x):
        self.x = x
        self.log = []
        self.log.append('built')


@case(X3, expect='refused', why='__init__ does more than store values')
def init_with_side_effect(x):
    obj = Logged(x)
    obj.x = obj.x * 2.0
    return np.sum(obj.x)


@case(X3, expect='refused', why='an attribute of an attribute')
def nested_attribute_write(x):
    s = SimpleNamespace(inner=SimpleNamespace(h=x))
    s.inner.h = x * 2.0
    return np.sum(s.inner.h)
