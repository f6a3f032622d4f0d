"""Classes with operators of their own, met where srcad learns their type only when the
code runs: objects another function returns, dataclass arguments, ``round``,
``abs``, ``math.floor`` and ``sum`` of them, and arrays that are not plain ndarrays
(``np.matrix``, masked arrays).  Each must be refused in every mode (a class's own
``__radd__`` or ``__round__`` is code srcad does not differentiate; a matrix's ``*``
is a matrix product); the plain uses next to them keep working."""

import math
from dataclasses import dataclass

import numpy as np

from ..case import case

W = np.array([0.4, -0.3, 0.9])
A = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0], [0.2, 0.1, 1.5]])


class Money:
    """An amount with a currency, and arithmetic that is not linear in the amount."""

    def __init__(self, amount, rate=1.0):
        self.amount = amount
        self.rate = rate

    def __radd__(self, other):
        return Money(other + self.amount * self.rate * self.amount, self.rate)

    def __sub__(self, other):
        return Money(self.amount ** 2 - other, self.rate)

    def __round__(self, ndigits=None):
        return np.sum(self.amount ** 2)

    def __floor__(self):
        return np.sum(self.amount ** 3)

    def __abs__(self):
        return np.sqrt(np.sum(self.amount ** 2) + 1.0)

    def __iter__(self):
        return iter(self.amount ** 2)

    def total(self):
        return np.sum(self.amount * self.rate)


def to_money(w):
    return Money(w, 2.0)


@dataclass
class State:
    position: np.ndarray
    velocity: np.ndarray

    def __add__(self, other):
        return State(self.position + other, self.velocity * other)

    def __radd__(self, other):
        return State(self.position ** 2 + other, self.velocity)

    def __neg__(self):
        return State(-self.position ** 2, -self.velocity)

    def energy(self):
        return 0.5 * np.sum(self.velocity ** 2) + np.sum(self.position ** 2)


S0 = State(np.array([0.3, -0.2, 0.5]), np.array([0.1, 0.4, -0.2]))


# ------------------------------------------------- objects returned by another function
@case(W, expect='refused', why="1.0 + an object another function returned: its own __radd__")
def fee_added_to_helper_money(w):
    m = 1.0 + to_money(w)
    return np.sum(m.amount)


@case(W, expect='refused', why="an object minus a number: its own __sub__")
def helper_money_minus_fee(w):
    m = to_money(w) - 0.5
    return np.sum(m.amount)


@case(W, expect='refused', why="round() of an object: its own __round__")
def rounded_helper_money(w):
    return round(to_money(w)) * 1.0


@case(W, expect='refused', why="math.floor() of an object: its own __floor__")
def floored_helper_money(w):
    return math.floor(to_money(w)) * 1.0


@case(W, expect='refused', why="abs() of an object: its own __abs__")
def magnitude_of_helper_money(w):
    return abs(to_money(w))


@case(W, expect='refused', why="sum() over an object: its own __iter__")
def summed_helper_money(w):
    return sum(to_money(w))


@case(W)
def helper_money_through_its_attributes(w):
    m = to_money(w)
    return np.sum(m.amount * m.rate) + np.sum(m.amount ** 2) + round(float(w[0])) * m.rate


# ---------------------------------------------------------- dataclass arguments
@case(S0, expect='refused', why="1.0 + a dataclass argument: its own __radd__")
def shifted_state(s):
    t = 1.0 + s
    return np.sum(t.position)


@case(S0, expect='refused', why="a dataclass argument plus a number: its own __add__")
def state_plus_step(s):
    t = s + 0.1
    return np.sum(t.position * t.velocity)


@case(S0, expect='refused', why="unary minus of a dataclass argument: its own __neg__")
def negated_state(s):
    return np.sum((-s).position)


@case([S0], expect='refused', why="1.0 + a dataclass held in a list argument")
def shifted_state_in_a_list(states):
    t = 1.0 + states[0]
    return np.sum(t.position)


@case(S0)
def state_fields(s):
    step = s.position + 0.1 * s.velocity
    return 0.5 * np.sum(s.velocity ** 2) + np.sum(step ** 2) + abs(float(s.position[0]))


# ------------------------------------------------------- arrays that are not ndarrays
@case(W, np.matrix(A), expect='refused', why='an np.matrix argument (* is a matrix product)')
def matrix_times_column(w, M):
    return np.sum(np.asarray(M * w.reshape(3, 1)) ** 2)


@case(np.matrix(A), expect='refused', why='a differentiated np.matrix')
def matrix_energy(M):
    return np.sum(np.asarray(M.T * M))


@case(np.ma.masked_array(W, mask=[False, True, False]), expect='refused',
      why='a masked array argument: its operations skip the masked entries')
def masked_squares(x):
    return np.sum(x ** 2)


@case(W, expect='refused', why='np.matrix made inside and multiplied by the argument')
def matrix_made_inside(w):
    M = np.matrix(A)
    return np.sum(np.asarray(M * w.reshape(3, 1)))


@case(W)
def plain_matrix_product(w):
    M = np.asarray(A)
    return np.sum((M @ w) ** 2) + np.sum(np.abs(w)) + math.floor(2.5) * np.sum(w)
