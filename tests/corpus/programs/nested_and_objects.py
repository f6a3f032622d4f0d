"""Derivatives inside differentiated code, records replaced and built inside, and
library code srcad follows (issue 15), written the way people write them."""

import types
from collections import namedtuple
import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.stats

import srcad

from ..case import case

_rng = np.random.default_rng(4242)
X3 = np.array([0.3, -0.7, 1.1])
W23 = _rng.standard_normal((2, 3)) * 0.5
SCALARS = ('grad', 'value_and_grad', 'vjp', 'jvp', 'hvp')
NO_HVP = ('grad', 'value_and_grad', 'vjp', 'jvp')


def energy(x):
    return np.sum(np.sin(x) * x ** 2)


def potential(q, k):
    return 0.5 * k * np.sum(q ** 2) + np.sum(np.cos(q))


def cube(t):
    return t ** 3 + np.sin(t)


def softplus(t):
    return np.log1p(np.exp(t))


def mlp(W, x):
    return np.sum(np.tanh(W @ x) ** 2) + 0.1 * np.sum(W * W)


force = srcad.grad(energy)
spring_force = srcad.grad(potential)
d_mlp = srcad.grad(mlp, wrt=(0, 1))
both = srcad.value_and_grad(energy)
slope = srcad.grad(cube)
curvature = srcad.grad(srcad.grad(cube))
logistic = srcad.elementwise_grad(softplus)


# --- a gradient called inside a differentiated function ----------------------------------
@case(X3)
def force_norm(x):
    return np.sum(force(x) ** 2)


@case(X3, 2.0)
def force_residual(q, k):
    f = spring_force(q, k)
    return np.sum((f - q) ** 2)


@case(X3, 2.0, wrt=1)
def force_residual_wrt_stiffness(q, k):
    return np.sum(spring_force(q, k) * q)


@case(W23, X3)
def gradient_penalty(W, x):
    gW, gx = d_mlp(W, x)
    return mlp(W, x) + 0.5 * np.sum(gW ** 2) + np.sum(gx ** 2)


@case(W23, X3, wrt=1)
def gradient_penalty_wrt_input(W, x):
    gW, gx = d_mlp(W, x)
    return np.sum(gx ** 2)


@case(X3)
def value_and_force(x):
    e, f = both(x)
    return e + np.sum(f * x)


@case(0.4)
def slope_squared(t):
    return slope(t) ** 2 + t


@case(0.4, expect='refused', why='HigherGradient')
def curvature_penalty(t):
    return curvature(t) ** 2


@case(X3)
def logistic_from_softplus(x):
    return np.sum(logistic(x) * x)


@case(X3)
def newton_step(x):
    g = force(x)
    return np.sum((x - 0.1 * g) ** 2)


@case(X3)
def gradient_in_a_loop(x):
    for _ in range(3):
        x = x - 0.05 * force(x)
    return energy(x)


@case(X3)
def gradient_as_argument(x, g=force):
    return np.sum(g(x) * x)


@case(X3, expect='refused', why='srcad gradient called with keyword')
def gradient_with_keyword(x):
    return np.sum(spring_force(x, k=2.0))


# --- nested elementwise derivatives -----------------------------------------------------
d2tanh = srcad.elementwise_grad(srcad.elementwise_grad(np.tanh))


@case(X3, modes=NO_HVP)   # (hvp: fourth order through generated code, refused)
def second_derivative_of_tanh(x):
    return np.sum(d2tanh(x) * x)


@case(X3)
def elementwise_grad_made_inside(x):
    d = srcad.elementwise_grad(softplus)
    return np.sum(d(x) ** 2)


@case(0.7)
def slope_times_input(t):
    return t * slope(t) + np.sin(slope(t))


# --- namedtuples replaced, records built inside ----------------------------------------
Linear = namedtuple('Linear', ['W', 'b'])
Cell = namedtuple('Cell', 'h c')
Shape = namedtuple('Shape', 'size v')


@dataclass
class State:
    h: np.ndarray
    t: float


@case(Linear(W23, 0.1), X3)
def scaled_layer(p, x):
    p = p._replace(W=p.W * 2.0)
    return np.sum(np.tanh(p.W @ x + p.b))


@case(Linear(W23, 0.1), X3, wrt=1)
def bias_from_input(p, x):
    q = p._replace(b=np.mean(x))
    return np.sum((q.W @ x) * q.b)


@case(X3)
def lstm_like_cell(x):
    cell = Cell(h=np.tanh(x), c=x)
    for _ in range(2):
        cell = cell._replace(c=0.5 * cell.c + cell.h)
        cell = cell._replace(h=np.tanh(cell.c))
    return np.sum(cell.h ** 2)


@case(X3)
def dataclass_built_inside(x):
    s = State(h=x * 2.0, t=0.5)
    return np.sum(s.h ** 2) * s.t


@case(Linear(W23, 0.1), X3, wrt=0)
def replace_with_constant(p, x):
    q = p._replace(b=1.0)
    return np.sum(np.tanh(q.W @ x) * q.b)


@case(X3, expect='refused', why="field 'size' would read as the ndarray attribute")
def field_named_size(x):
    s = Shape(x, 2.0)
    return np.sum(s.size * s.v)


@case(X3)  # attribute assignment on an object built inside: srcad/compiler/attributes.py
def namespace_state(x):
    state = types.SimpleNamespace(h=x)
    state.h = np.tanh(state.h)
    return np.sum(state.h ** 2)


@case(X3)  # attribute assignment on an object built inside: srcad/compiler/attributes.py
def dataclass_field_reassigned(x):
    s = State(h=x, t=1.0)
    s.h = s.h * 3.0
    return np.sum(s.h)


@case(types.SimpleNamespace(W=W23, b=0.1), X3, wrt=1)
def namespace_parameter_constant(p, x):
    return np.sum(np.tanh(p.W @ x)) + p.b


class Layer:
    def __init__(self, W):
        self.W = W

    def __call__(self, x):
        return np.tanh(self.W @ x)


LAYER = Layer(W23)


@case(X3)
def method_of_global_object(x):
    return np.sum(LAYER(x) ** 2)


@case(Layer(W23), X3, wrt=1)
def object_parameter_held_constant(layer, x):
    return np.sum(layer(x))


Padded = namedtuple('Padded', 'W b extra')


@case(Padded(W23, 0.1, None), X3)
def none_leaf_passes(p, x):
    return np.sum(np.tanh(p.W @ x) + p.b)


# FIXED (wave 6 objects; was a false refusal: dataclasses.replace, srcad/compiler/resolve.py)
@case(State(X3, 0.5))
def dataclasses_replace(s):
    r = dataclasses.replace(s, t=s.t * 2.0)
    return np.sum(r.h) * r.t


# --- library code srcad follows -----------------------------------------------------------
@case(X3, expect='refused', why='library code this call reaches')
def scipy_zscore(x):
    return np.sum(scipy.stats.zscore(x) ** 3 * x)


@case(X3, modes=NO_HVP)   # (stop_gradient: the gradient itself still varies with x)
def scipy_zscore_as_constant(x):
    z = scipy.stats.zscore(srcad.stop_gradient(x))
    return np.sum(z * x)
