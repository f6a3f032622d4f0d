# srcad.fuzz refused at vjp backward refused
# fuzz: {"params": [["x", "v"], ["y", "v"], ["c", "s"], ["A", "m"]], "wrt": [0, 3], "n": 3, "seed": 203009, "risky": false, "constructs": ["containers"]}
# RuntimeCheckError: srcad cannot differentiate joining lists with +
#   at /tmp/tmpgmoj0zda/srcad_fuzz_6be328ee03c4.py:32:5
#         L15 += [c]
#         ^
#   hint: build the list with append, or use np.concatenate
import math

import numpy as np
import scipy.special

SCALE = 0.7
OFFSET = np.linspace(-0.5, 0.5, 3)


def helper1(a2, a3):
    buf4 = np.zeros((3, 3))
    for i5 in range(1, 3):
        buf4[i5] = np.exp(-np.sin(OFFSET) * np.sin(OFFSET))
    buf6 = np.zeros(3)
    buf6[[0, 1]] = np.subtract(np.sqrt(buf6 ** 2 + a2 ** 2 + 1.0), np.arccosh(buf6 ** 2 + 1.5))[:2]
    buf8 = np.zeros((3, 3))
    for i9 in range(0, 3):
        buf8[i9] = 0.5 * np.tanh(np.prod(buf4, axis=1))
    return np.linspace(-1.0, 1.0, 3)[::-1]


def helper10(a11):
    t12 = np.eye(3)
    t13 = (np.cbrt(OFFSET ** 2 + 1.0) ** 2 + 1.0) ** np.sin(t12)
    for i14 in range(1):
        pass
    return math.tan(0.5 * math.tanh(a11))


def f(x, y, c, A):
    L15 = [-1.2]
    L15 += [c]
    t16 = max(L15)
    u17, u18 = (np.logaddexp(np.fmin(SCALE, A), (A + A.T) * 0.5), x)
    k19 = 0
    while k19 < 1:
        k19 = k19 + 1
        pass
    return math.hypot(np.einsum('i,i->', u18, u18), L15[0]) + 0.5 * t16
