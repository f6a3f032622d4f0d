"""Calling objects that hold differentiated values, PyTorch style: layers with
``__call__``, modules built from them, optimizers and recurrent cells whose methods
change ``self``, dataclass parameters that are called, objects returned by factories.
Written the way people write small NumPy models, not the way srcad's docs do; the
refusals that remain are at the end."""

import functools
from dataclasses import dataclass

import numpy as np

from ..case import case

rs = np.random.RandomState(7)
X = rs.randn(6, 3)
Y = np.tanh(X @ np.array([0.5, -0.3, 0.8]))
W3 = 0.4 * rs.randn(3, 3)
B3 = 0.1 * rs.randn(3)
FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')


class Linear:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return x @ self.W + self.b


class Tanh:
    def __call__(self, x):
        return np.tanh(x)


class MLP:
    def __init__(self, W1, b1, W2, b2):
        self.fc1 = Linear(W1, b1)
        self.act = Tanh()
        self.fc2 = Linear(W2, b2)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))

    def __call__(self, x):
        return self.forward(x)


@case(W3)
def linear_layer_called(W):
    layer = Linear(W, B3)
    y = layer(X)
    return np.mean((y[:, 0] - Y) ** 2)


@case(W3)
def mlp_module_called(W):
    net = MLP(W, B3, W[:, :1], np.zeros(1))
    pred = net(X)[:, 0]
    return np.mean((pred - Y) ** 2)


@case(W3)
def mlp_forward_method(W):
    net = MLP(W, B3, 0.5 * W[:, :1], np.zeros(1))
    return np.sum(net.forward(X) ** 2)


@case(B3)
def layer_built_in_expression(b):
    return np.sum(Linear(W3, b)(X) ** 2) + np.sum(Tanh()(b))


class Poly:
    def __init__(self, c):
        self.c = c

    def __call__(self, t):
        return sum(ci * t ** i for i, ci in enumerate(self.c))


@case(np.array([0.3, -0.2, 0.5]))
def polynomial_object_called_twice(c):
    return Poly(c)(0.5) + Poly(c)(-1.5) ** 2


@dataclass
class Dense:
    W: np.ndarray
    b: np.ndarray

    def __call__(self, x):
        return np.tanh(x @ self.W + self.b)

    def penalty(self):
        return np.sum(self.W ** 2)


@case(Dense(W3, B3))
def dataclass_parameter_called(layer):
    return np.sum(layer(X) ** 2) + 0.01 * layer.penalty()


@case(W3)
def dataclass_built_and_called(W):
    layer = Dense(W, B3)
    return np.sum(layer(X)) + layer.penalty()


@case([Dense(W3, B3), Dense(0.5 * W3, -B3)])
def list_of_dataclass_layers(layers):
    h = X
    for layer in layers:
        h = layer(h)
    return np.sum(h ** 2)


def make_layer(W):
    return Linear(W, np.zeros(3))


@case(W3)
def layer_from_a_factory(W):
    layer = make_layer(W)
    return np.sum(np.tanh(layer(X)) ** 2)


class SGD:
    def __init__(self, x, lr):
        self.x = x
        self.lr = lr

    def step(self, g):
        self.x = self.x - self.lr * g


@case(np.array([0.8, -0.4, 0.3]))
def sgd_object_steps(x0):
    opt = SGD(x0, 0.1)
    for _ in range(4):
        opt.step(2.0 * opt.x + np.sin(opt.x))
    return np.sum(opt.x ** 2)


class Momentum:
    def __init__(self, lr=0.1, beta=0.9):
        self.lr, self.beta = lr, beta
        self.v = 0.0
        self.t = 0

    def update(self, w, g):
        self.t += 1
        self.v = self.beta * self.v + (1 - self.beta) * g
        return w - self.lr * self.v / (1 - self.beta ** self.t)


@case(np.array([1.0, -2.0]))
def momentum_optimizer_with_state(w):
    opt = Momentum(lr=0.2)
    for _ in range(5):
        w = opt.update(w, np.array([2.0, 10.0]) * w)
    return np.sum(w ** 2)


class Adam:
    def __init__(self, lr=0.05):
        self.lr = lr
        self.m = 0.0
        self.v = 0.0
        self.t = 0

    def step(self, w, g):
        self.t += 1
        self.m = 0.9 * self.m + 0.1 * g
        self.v = 0.999 * self.v + 0.001 * g * g
        mhat = self.m / (1 - 0.9 ** self.t)
        vhat = self.v / (1 - 0.999 ** self.t)
        return w - self.lr * mhat / (np.sqrt(vhat) + 1e-8)


@case(np.array([0.7, -0.3, 1.2]))
def adam_unrolled(w):
    opt = Adam()
    for _ in range(3):
        w = opt.step(w, w ** 3 - w)
    return np.sum(w ** 2)


class RNNCell:
    def __init__(self, Wh, Wx):
        self.Wh, self.Wx = Wh, Wx
        self.h = np.zeros(3)
        self.steps = 0

    def forward(self, x):
        self.h = np.tanh(self.Wh @ self.h + self.Wx @ x)
        self.steps += 1
        return self.h


@case(W3)
def rnn_cell_keeps_its_state(Wh):
    cell = RNNCell(Wh, np.eye(3))
    out = 0.0
    for x in X:
        out = out + np.sum(cell.forward(x))
    return out / cell.steps


class RunningMean:
    def __init__(self):
        self.n = 0
        self.total = 0.0

    def push(self, v):
        self.n += 1
        self.total += v

    @property
    def mean(self):
        return self.total / self.n


@case(np.array([0.3, -1.2, 0.7, 2.0]))
def running_mean_object(x):
    acc = RunningMean()
    for v in x:
        acc.push(v ** 2)
    return acc.mean


class Kalman1D:
    def __init__(self, q, r):
        self.q, self.r = q, r
        self.x, self.p = 0.0, 1.0

    def predict(self):
        self.p = self.p + self.q

    def update(self, z):
        k = self.p / (self.p + self.r)
        self.x = self.x + k * (z - self.x)
        self.p = (1 - k) * self.p


@case(np.array([0.1, 0.5]))
def kalman_filter_object(qr):
    kf = Kalman1D(qr[0] ** 2, qr[1] ** 2)
    loss = 0.0
    for z in Y:
        kf.predict()
        loss = loss + (z - kf.x) ** 2
        kf.update(z)
    return loss


class Residual:
    def __init__(self, W):
        self.lin = Linear(W, np.zeros(3))

    def __call__(self, x):
        return x + np.tanh(self.lin(x))


@case(W3)
def residual_blocks_stacked(W):
    block1 = Residual(W)
    block2 = Residual(W.T)
    return np.sum(block2(block1(X)) ** 2)


class LayerNorm:
    def __init__(self, gamma, beta, eps=1e-5):
        self.gamma, self.beta, self.eps = gamma, beta, eps

    def __call__(self, x):
        mu = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mu) / np.sqrt(var + self.eps) + self.beta


@case(np.array([1.0, 0.5, 2.0]))
def layer_norm_module(gamma):
    norm = LayerNorm(gamma, B3)
    return np.sum(norm(X @ W3) ** 2)


class Scaler:
    def __init__(self, s):
        self.s = s

    def __call__(self, x):
        return self.s * x


@case(W3, Scaler(2.0))
def constant_callable_passed_in(W, scale):
    return np.sum(scale(X @ W) ** 2)


@case(np.array([0.4, 1.3]))
def callable_with_state_made_per_iteration(ab):
    total = 0.0
    for t in np.linspace(0.0, 1.0, 4):
        f = Poly(ab * t)
        total = total + f(t)
    return total


# ---------------------------------------------------------------- still refused
class Vec:
    def __init__(self, a):
        self.a = a

    def __add__(self, o):
        return Vec(self.a + o.a)

    def norm2(self):
        return np.sum(self.a ** 2)


@case(np.array([0.3, -0.5]), expect='refused', modes=FIRST,
      why="the class's own __add__ on objects holding differentiated values")
def own_operator_of_the_class(x):
    return (Vec(x) + Vec(2.0 * x)).norm2()


class Lazy:
    def __init__(self, W):
        self._store = {'W': W}

    def __getattr__(self, name):
        return self._store[name]

    def __call__(self, x):
        return x @ self.W


@case(W3, expect='refused', modes=FIRST, why='a class with __getattr__')
def class_with_getattr(W):
    return np.sum(Lazy(W)(X))


@case(W3, SGD(np.zeros(3), 0.1), expect='refused', modes=FIRST,
      why="the method would change the caller's object")
def method_changing_a_parameter_object(W, opt):
    opt.step(W[0])
    return np.sum(opt.x ** 2)


@case(W3, expect='refused', modes=FIRST,
      why='functools.partial holding the differentiated W: no source to differentiate it in')
def partial_holding_the_parameter(W):
    f = functools.partial(np.dot, X)
    g = functools.partial(np.matmul, W)
    return np.sum(f(W)) + np.sum(g(X.T))


class History:
    def __init__(self, w):
        self.w = w
        self.seen = []

    def record(self, v):
        self.seen.append(v)
        return v * self.w


# FIXED (wave 6 objects; was a false refusal: self.seen.append in a method: srcad/compiler/appends.py)
@case(np.array([0.5, -0.2]), modes=FIRST)
def method_appending_to_self_list(w):
    h = History(w)
    for t in range(3):
        h.record(float(t))
    return np.sum(h.w) * len(h.seen)


@dataclass
class Net:
    fc1: Dense
    fc2: Dense

    def __call__(self, x):
        return self.fc2(self.fc1(x))


@case(Net(Dense(W3, B3), Dense(0.5 * W3[:, :1], np.zeros(1))))
def nested_dataclass_modules_as_parameters(net):
    return np.mean((net(X)[:, 0] - Y) ** 2)


class Activation:
    def __init__(self, W):
        self.W = W
        self.act = np.tanh

    def __call__(self, x):
        return self.act(x @ self.W)


def make_activation(W):
    return Activation(W)


@case(W3)
def function_held_in_an_attribute(W):
    layer = make_activation(W)
    return np.sum(layer(X) ** 2)


def make_closure(W):
    def apply(x):
        return x @ W
    return apply


# FIXED (wave 6 objects; was a false refusal: a module factory's closure: srcad/compiler/closures.py)
@case(W3, modes=FIRST)
def closure_over_the_parameter(W):
    f = make_closure(W)
    return np.sum(f(X) ** 2)
