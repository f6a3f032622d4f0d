"""Classes with operators of their own (``__getitem__``, ``__add__``, ``__radd__``,
``__matmul__``, ``__array__``, ``__float__``, ``__iter__``), built inside the
function: srcad does not differentiate a class's operators, so each use is refused in
every mode; reading attributes and calling plain methods works."""

import numpy as np

from ..case import case

W = np.array([0.4, -0.3, 0.9])
A = np.array([[1.0, 2.0, 0.5], [0.3, -1.0, 2.0]])


class Polynomial:
    """Coefficients with arithmetic, the way a small numeric library writes it."""

    def __init__(self, coef):
        self.coef = coef

    def __add__(self, other):
        return Polynomial(self.coef + other.coef)

    def __radd__(self, c):
        return Polynomial(self.coef * self.coef + c)

    def __mul__(self, k):
        return Polynomial(self.coef * k.coef)

    def __call__(self, t):
        return np.polyval(self.coef, t)

    def __getitem__(self, i):
        return self.coef[i] ** 2

    def __len__(self):
        return len(self.coef)

    def __array__(self, dtype=None, copy=None):
        return self.coef ** 2

    def __float__(self):
        return float(self.coef[0] ** 2)

    def __iter__(self):
        return iter([c * c for c in self.coef])

    def derivative_at(self, t):
        n = len(self.coef)
        powers = np.arange(n - 1, 0, -1)
        return np.polyval(self.coef[:-1] * powers, t)


class LinearMap:
    def __init__(self, A):
        self.A = A

    def __matmul__(self, x):
        return self.A @ (x * x)


REFUSED = "a class's own operator: its derivative is unknown"


@case(W, expect='refused', why=REFUSED)
def coefficient_squared_by_index(w):
    p = Polynomial(w)
    return p[0] + p[2]


@case(W, expect='refused', why=REFUSED)
def shifted_polynomial(w):
    p = 1.0 + Polynomial(w)
    return np.sum(p.coef)


@case(W, expect='refused', why=REFUSED)
def product_of_polynomials(w):
    p = Polynomial(w) * Polynomial(np.cos(w))
    return np.sum(p.coef ** 2)


@case(W, expect='refused', why=REFUSED)
def polynomial_as_array(w):
    return np.sum(np.asarray(Polynomial(w)))


@case(W, expect='refused', why=REFUSED)
def polynomial_as_float(w):
    return float(Polynomial(w)) + np.sum(w)


@case(W, expect='refused', why=REFUSED)
def sum_over_polynomial(w):
    total = 0.0
    for c in Polynomial(w):
        total = total + c
    return total


@case(W, expect='refused', why=REFUSED)
def linear_map_applied(w):
    return np.sum(LinearMap(A) @ w)


@case(W)  # (p(0.5) is Polynomial.__call__(p, 0.5): no operator of the class runs)
def polynomial_called(w):
    p = Polynomial(w)
    return p(0.5)


@case(W)
def slope_from_a_method(w):
    p = Polynomial(w)
    return p.derivative_at(0.5) * len(p)


@case(W)
def slope_of_a_temporary(w):
    return Polynomial(np.tanh(w)).derivative_at(0.3)


@case(W)
def sum_of_coefficients(w):
    p = Polynomial(w)
    q = Polynomial(np.sin(w))
    return np.sum(p.coef * q.coef)
