"""Held-out wave 5: dtype= and casting= on reductions, accumulations and ufuncs -- np.sum/
cumsum/prod/mean/std/trace/nansum/einsum/linspace with dtype=int (each element is cast first:
no derivative flows), ufunc.reduce/accumulate with dtype=int, ufuncs and matmul with dtype= and
casting='unsafe'."""

import numpy as np

from ..case import case

x4 = np.array([1.3173, -0.6331, 2.4617, 0.8129])


@case(x4)
def sum_dtype_int(x):
    return np.sum(x * 3, dtype=int) * x[0] + x[1]


@case(x4)
def method_sum_dtype_int(x):
    return (x * 3).sum(dtype=np.int64) * x[0] + x[1]


@case(x4)
def cumsum_dtype_int(x):
    return np.sum(np.cumsum(x * 3, dtype=np.int64) * x)


@case(x4)
def prod_dtype_int(x):
    return np.prod(x * 3, dtype=int) * x[0] + x[1]


@case(x4)
def mean_dtype_int(x):
    return np.mean(x * 3, dtype=int) * x[0] + x[1]


@case(x4, expect='refused',
      why='np.multiply(dtype=, casting=) (rare)')
def ufunc_dtype_int_unsafe(x):
    return np.sum(np.multiply(x, 3, dtype=np.int64, casting='unsafe') * x)


@case(x4, expect='refused',
      why='np.add(dtype=, casting=) (rare)')
def ufunc_add_dtype_int_unsafe(x):
    return np.sum(np.add(x * 3, 0.5, dtype=int, casting='unsafe') * x)


@case(x4)
def einsum_dtype_int(x):
    return np.einsum('i,i->', x * 3, x * 2, dtype=int, casting='unsafe') * x[0] + x[1]


@case(x4)
def linspace_dtype_int(x):
    return np.sum(np.linspace(0.0, x[2] * 3, 4, dtype=int) * x)


@case(x4)
def max_dtype_irrelevant(x):
    return np.max(x * 3) * x[0]


@case(x4)
def cumprod_dtype_int(x):
    return np.sum(np.cumprod(x * 3, dtype=int) * x)


@case(x4)
def dot_with_int_out(x):
    out = np.zeros((), dtype=int)
    np.dot(x * 3, x, out=out) if False else None
    return np.sum(x ** 2)


@case(x4, expect='refused',
      why='np.matmul(dtype=, casting=) (rare)')
def matmul_dtype_int(x):
    return np.sum(np.matmul(np.outer(x, x) * 3, x, dtype=int, casting='unsafe') * x)


@case(x4)
def average_of_int_cast(x):
    return np.average((x * 3).astype(int), weights=np.abs(x))


@case(x4)
def std_dtype_int(x):
    return np.std(x * 3, dtype=int) * x[0]


@case(x4)
def trace_dtype_int(x):
    return np.trace(np.outer(x, x) * 3, dtype=int) * x[0] + x[1]


@case(x4)
def nansum_dtype_int(x):
    return np.nansum(x * 3, dtype=int) * x[0] + x[1]


@case(x4)
def reduce_method_dtype_int(x):
    return np.add.reduce(x * 3, dtype=int) * x[0] + x[1]


@case(x4)
def accumulate_dtype_int(x):
    return np.sum(np.add.accumulate(x * 3, dtype=int) * x)
