"""``x op= v`` keeps ``x``'s dtype: NumPy computes ``x op v`` and casts it back into
``x`` (``same_kind``): an int8 destination wraps, a float16 one rounds, a float32 one
rounds to float32.  (srcad computed ``x op v`` in the wider dtype and kept it: a
silently different value, and gradient, before session 7.)  Destinations whose
rounding is not in the output's derivative are checked here against finite
differences; the float32 outputs (finite differences of float32 values are noise)
in tests/regressions/test_inplace_checks.py, against derivatives written out.
"""

import numpy as np

from ..case import case

x3 = np.array([0.3173, -1.6331, 2.4617])
DATA = np.array([0.1234567891, 2.718281828, -1.414213562])


@case(x3)
def int8_counts_wrap(x):
    counts = np.array([100, 120, -100], dtype=np.int8)
    counts += np.array([100, 10, -100])       # 200 -> -56, -200 -> 56
    return np.sum(counts * x)


@case(x3)
def int8_plus_numpy_scalar(x):
    a = np.array([90, -90, 5], dtype=np.int8)
    a += np.int64(60)                          # a numpy scalar is no weak Python int
    return np.sum(a * x ** 2)


@case(x3)
def int16_times_in_loop(x):
    k = np.array([3, -5, 7], dtype=np.int16)
    for _ in range(6):
        k *= np.array([7, 7, 7])
    return np.sum(np.sin(k * 1e-3) * x)


@case(x3)
def float16_table_of_data(x):
    h = np.zeros(3, dtype=np.float16)
    h += DATA                                  # rounded to float16
    return np.sum(h * x) + np.sum(x ** 2)


@case(x3)
def float16_scaled_in_place(x):
    h = np.full(3, 1.001, dtype=np.float16)
    h *= np.float64(1.0001)
    return np.sum(np.exp(h * x))


@case(x3)
def complex64_phase_table(x):
    w = np.ones(3, dtype=np.complex64)
    w *= np.exp(1j * DATA)                     # complex128 cast back to complex64
    return np.sum(np.real(w) * x) + np.sum(np.imag(w) * x ** 2)


@case(x3)
def float32_weights_data(x):
    w = np.ones(3, dtype=np.float32)
    w += DATA * 1e-4
    return np.sum(w.astype(np.float64) * x)


@case(x3)
def counters_and_float_totals(x):
    n, total = 0, 0.0
    y = x.copy()
    while n < 4:
        y = np.tanh(y) + 0.5 * y
        total += 0.25
        n += 1
    return np.sum(y) * total


@case(x3)
def float64_array_elementwise_updates(x):
    acc = x * 1.0
    acc += x ** 2
    acc *= 0.5
    acc -= np.sin(x)
    return np.sum(acc ** 2)


@case(x3)
def float_copy_of_an_int_array_updated(x):
    a = np.arange(3)
    a *= 2                                     # (a += x would raise: NumPy's same_kind)
    b = a.astype(np.float64)
    b += x
    return np.sum(b ** 2)
