"""Namedtuples and dataclasses as parameters: fields read as ``p.W`` are pytree
elements (issue 15); plain objects are refused when the code runs."""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

from ..case import case

_rng = np.random.default_rng(1515)
X = _rng.standard_normal((8, 3))
Y = _rng.standard_normal(8)
W3 = np.array([0.3, -0.5, 0.8])
W34 = _rng.standard_normal((3, 4)) * 0.5
W42 = _rng.standard_normal((4, 2)) * 0.5
B4 = np.full(4, 0.05)
B2 = np.array([0.1, -0.1])

Linear = namedtuple('Linear', ['W', 'b'])
Gauss = namedtuple('Gauss', 'mean log_std')   # .mean is also an array method's name
Point = namedtuple('Point', 'x y')
Spring = namedtuple('Spring', 'k rest')


@dataclass
class Regression:
    w: np.ndarray
    bias: float


@dataclass(frozen=True)
class State:
    pos: np.ndarray
    vel: np.ndarray


@dataclass
class Model:
    layer1: Linear
    layer2: Linear
    scale: float


@case(Linear(W3, 0.2))
def linear_regression_loss(p):
    pred = X @ p.W + p.b
    return np.mean((pred - Y) ** 2)


@case(Linear(W34, B4))
def hidden_layer_energy(p):
    h = np.tanh(X @ p.W + p.b)
    return np.sum(h ** 2) / len(h)


@case([Linear(W34, B4), Linear(W42, B2)])
def two_layer_mlp(layers):
    h = X
    for layer in layers:
        h = np.tanh(h @ layer.W + layer.b)
    return np.sum(h ** 2)


@case([Linear(W34, B4), Linear(W42, B2)])
def mlp_weight_decay(layers):
    h = X
    reg = 0.0
    for layer in layers:
        h = np.maximum(h @ layer.W + layer.b, 0.01 * (h @ layer.W + layer.b))
        reg = reg + np.sum(layer.W ** 2)
    return np.mean(h ** 2) + 1e-2 * reg


@case(Gauss(np.array([0.1, -0.2, 0.3]), np.array([-0.5, 0.1, 0.2])))
def gaussian_nll(g):
    std = np.exp(g.log_std)
    z = (X - g.mean) / std
    return np.sum(0.5 * z ** 2 + g.log_std)


@case(Gauss(0.2, -0.3))
def kl_to_standard_normal(g):
    var = np.exp(2 * g.log_std)
    return 0.5 * (var + g.mean ** 2 - 1.0) - g.log_std


@case(Regression(W3, 0.1))
def dataclass_ridge(m):
    r = X @ m.w + m.bias - Y
    return r @ r / len(r) + 0.1 * m.w @ m.w


@case(Regression(W3, 0.1))
def dataclass_logistic(m):
    z = X @ m.w + m.bias
    p = 1.0 / (1.0 + np.exp(-z))
    t = (Y > 0).astype(float)
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


@case(State(np.array([1.0, 0.5]), np.array([0.0, 0.3])))
def frozen_dataclass_orbit(s):
    pos, vel = s.pos, s.vel
    for _ in range(10):
        r = np.sqrt(pos @ pos)
        vel = vel - 0.05 * pos / r ** 3
        pos = pos + 0.05 * vel
    return 0.5 * vel @ vel - 1.0 / np.sqrt(pos @ pos)


@case(Model(Linear(W34, B4), Linear(W42, B2), 1.5))
def dataclass_of_namedtuples(m):
    h = np.tanh(X @ m.layer1.W + m.layer1.b)
    out = h @ m.layer2.W + m.layer2.b
    return m.scale * np.mean(out ** 2)


@case([Point(0.0, 0.1), Point(1.0, 0.2), Point(0.9, 1.1), Point(-0.1, 0.8)])
def polygon_area(pts):
    area = 0.0
    n = len(pts)
    for i in range(n):
        a = pts[i]
        b = pts[(i + 1) % n]
        area = area + a.x * b.y - b.x * a.y
    return 0.5 * area


@case([Point(0.3, -0.7), Point(1.1, 0.4), Point(-0.5, 0.9)])
def points_potential(pts):
    e = 0.0
    for i in range(len(pts)):
        for j in range(i + 1, len(pts)):
            dx = pts[i].x - pts[j].x
            dy = pts[i].y - pts[j].y
            e = e + 1.0 / np.sqrt(dx * dx + dy * dy)
    return e


@case({'a': Point(0.3, 0.4), 'b': Point(-0.2, 0.9)})
def dict_of_points_distance(d):
    return np.hypot(d['a'].x - d['b'].x, d['a'].y - d['b'].y)


@case(Spring(2.0, 0.5), np.array([0.1, 0.7, 1.4]), wrt=0)
def spring_energy_wrt_params(s, xs):
    stretch = np.diff(xs) - s.rest
    return 0.5 * s.k * np.sum(stretch ** 2)


@case(Spring(2.0, 0.5), np.array([0.1, 0.7, 1.4]), wrt=1)
def spring_energy_wrt_positions(s, xs):
    stretch = np.diff(xs) - s.rest
    return 0.5 * s.k * np.sum(stretch ** 2)


@case(Point(0.3, -0.7))
def construct_rotated_point(p):
    c, s = np.cos(0.4), np.sin(0.4)
    q = Point(c * p.x - s * p.y, s * p.x + c * p.y)
    return q.x ** 2 + 2 * q.y ** 2 + q.x * q.y


@case(0.4, 1.3)
def construct_from_scalars(a, b):
    p = Point(x=a * b, y=np.sin(a))
    return p.x * p.y + p.y ** 2


@case(W3)
def construct_dataclass_inside(w):
    m = Regression(w=w * 2.0, bias=0.3)
    return np.sum((X @ m.w + m.bias) ** 2)


@case(Linear(W34, B4))
def layer_returned_by_helper(p):
    q = scale_layer(p, 0.5)
    return np.sum(np.tanh(X @ q.W + q.b))


@case(Point(0.3, -0.7))
def mixes_fields_and_indexing(p):
    x, y = p
    return p.x * y + p[1] * x + np.exp(p.y)


@case(Linear(W3, 0.2))
def vjp_style_residuals(p):
    r = X @ p.W + p.b - Y
    return np.sum(np.log1p(r ** 2))


@case(Gauss(np.array([0.4]), np.array([0.1])))
def gauss_sampling_reparam(g):
    eps = np.array([0.3, -1.2, 0.8])
    z = g.mean + np.exp(g.log_std) * eps
    return np.sum(np.sin(z))


@case(Linear(W34, B4))
def transposed_field(p):
    return np.sum((p.W.T @ X.T) ** 2) + np.sum(p.b * p.b)


@case(Linear(W3, 0.2))
def field_read_in_branch(p):
    s = X @ p.W
    if p.b > 0:
        s = s + p.b
    else:
        s = s - p.b
    return np.sum(s ** 2)


@case(Regression(W3, 0.1))
def dataclass_loop_over_rows(m):
    total = 0.0
    for i in range(len(X)):
        total = total + (X[i] @ m.w + m.bias - Y[i]) ** 2
    return total


def scale_layer(p, s):
    return Linear(p.W * s, p.b * s)
