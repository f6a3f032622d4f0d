"""Held-out wave 6: user classes with operator overloading -- a small Vec class with
__add__/__radd__/__mul__/__rmul__/__neg__/__sub__/__matmul__ and a property, quaternion
multiplication via __mul__, an accumulator with __iadd__, summing a list of Vecs with a
start value, `u += v` falling back to __add__."""

import numpy as np

from ..case import case

x4 = np.array([0.4, -0.3, 0.9, 0.2])


class Vec:
    def __init__(self, a):
        self.a = a

    def __add__(self, o):
        return Vec(self.a + (o.a if isinstance(o, Vec) else o))

    __radd__ = __add__

    def __mul__(self, o):
        return Vec(self.a * (o.a if isinstance(o, Vec) else o))

    def __rmul__(self, o):
        return Vec(o * self.a)

    def __neg__(self):
        return Vec(-self.a)

    def __sub__(self, o):
        return self + (-o)

    def __matmul__(self, o):
        return np.dot(self.a, o.a)

    def norm2(self):
        return self @ self

    @property
    def head(self):
        return self.a[0]


class Quat:
    def __init__(self, w, v):
        self.w, self.v = w, v

    def __mul__(self, o):
        return Quat(self.w * o.w - self.v @ o.v, self.w * o.v + o.w * self.v + np.cross(self.v, o.v))


class Acc:
    def __init__(self):
        self.total = 0.0

    def __iadd__(self, v):
        self.total = self.total + v
        return self


WHY = 'operator of a user class (__add__/__mul__/...) (FALSE refusal, R14)'


@case(x4, expect='refused', why=WHY)
def vec_arithmetic_expression(x):
    u = Vec(x)
    w = Vec(x ** 2)
    return (2.0 * u + w - u * w).norm2()


@case(x4, expect='refused', why=WHY)
def vec_sum_with_start_and_property(x):
    u = Vec(x)
    return (u * u).head + sum([u, u, Vec(np.ones(4))], Vec(0.0)).a[1]


@case(x4, expect='refused', why=WHY)
def quaternion_power_by_mul(x):
    q = Quat(x[0], x[1:])
    r = q * q * q
    return r.w + np.sum(r.v)


@case(x4, expect='refused', why=WHY)
def accumulator_iadd_dunder(x):
    acc = Acc()
    for t in x:
        acc += t ** 2
    return acc.total


@case(x4, expect='refused', why=WHY)
def vec_loop_accumulate(x):
    tot = Vec(np.zeros(4))
    for k in range(1, 3):
        tot = tot + Vec(x * k)
    return tot.norm2()


@case(x4, expect='refused', why=WHY)
def vec_iadd_falls_back_to_add(x):
    u = Vec(x)
    u += Vec(x ** 2)
    return u.norm2()


@case(x4, expect='refused', why='chained explicit dunder calls u.__add__(w).__mul__(u) (FALSE refusal, R14)')
def vec_explicit_method_calls(x):
    u = Vec(x)
    w = Vec(x ** 2)
    return u.__add__(w).__mul__(u).norm2()
