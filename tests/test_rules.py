"""Every built-in derivative rule, checked against finite differences.

``CASES`` maps each differentiable callable to the arguments its rule is
checked at: inside the function's domain, over scalars (Python float and
0-d), vectors, matrices, broadcasting pairs and every ``axis``/``keepdims``
form a reduction takes.  A differentiable rule without cases fails the
coverage test, as does a differentiable parameter no case exercises.

Plain cases (real arrays in, one real array out) use
:func:`srcad.testing.check_rule`; cases with several outputs, lists of
arrays, ``*args`` or complex numbers use :func:`check_structured` below,
which compares ``Re <g, d f>`` along a random direction with a central
difference (the convention of :mod:`srcad.rules.elementwise.rules` for complex values).
"""

from __future__ import annotations

import ast
import builtins
import copy
import math
import operator
import pathlib
import subprocess
import sys
import warnings

import numpy as np
import pytest

from srcad.compiler import containers
from srcad.runtime import joins

from srcad import runtime
from srcad.runtime import singular
from srcad.rules import catalog, registry
from srcad.rules.python import iteration_helpers as helpers_iteration
from srcad.rules.shapes import helpers as helpers_shapes
from srcad.testing import assert_close, check_rule

try:
    import scipy.linalg as sla
    import scipy.special as special
except ImportError:  # pragma: no cover
    sla = special = None

ROOT = pathlib.Path(__file__).resolve().parent.parent
RNG = np.random.default_rng(20240611)
la, fft = np.linalg, np.fft


# --- inputs ---------------------------------------------------------------------------
def randn(*shape):
    return RNG.standard_normal(shape)


def crandn(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


def between(lo, hi):
    return lambda *shape: RNG.uniform(lo, hi, shape)


pos, unit, above1, prob = between(0.5, 2.0), between(-0.9, 0.9), between(1.2, 3.0), between(0.1, 0.9)


def nonzero(*shape):
    return RNG.choice([-1.0, 1.0], shape) * RNG.uniform(0.3, 2.0, shape)


def distinct(*shape):
    """Values at least 0.25 apart (no ties for max, sort, median...)."""
    n = int(np.prod(shape))
    return np.reshape((RNG.permutation(n) + RNG.uniform(0, 0.5, n)) * 0.5 - n / 4, shape)


def with_nans(*shape):
    a = randn(*shape)
    a[0, 0, 0] = a[1, 2, 3] = np.nan   # in different slices along every axis
    return a


def with_zeros(*shape):
    a = randn(*shape)
    a.flat[[1, 5]] = 0.0
    return a


def spd(n, *batch):
    a = randn(*batch, n, n)
    return a @ np.swapaxes(a, -1, -2) + n * np.eye(n)


def wellcond(*shape):
    return randn(*shape) + 3 * np.eye(shape[-1])


def distinct_symmetric(n, garbage='upper'):
    """A symmetric matrix with well separated eigenvalues, plus junk in the triangle
    NumPy does not read (so the test sees that it is ignored)."""
    q = la.qr(randn(n, n))[0]
    a = q @ np.diag(np.arange(1.0, n + 1) * 1.5) @ q.T
    junk = randn(n, n)
    return a + (np.triu(junk, 1) if garbage == 'upper' else np.tril(junk, -1))


def C(*args, **kwargs):
    return args, kwargs


def _library_runs(fn, case) -> bool:
    """Whether this version of the library takes the case's options at all."""
    args, kwargs = case
    try:
        fn(*copy.deepcopy(args), **kwargs)
    except (TypeError, ValueError, NotImplementedError):
        return False
    return True


def make(dom, shape):
    return float(dom()) if shape == 'float' else (np.asarray(dom()) if shape == () else dom(*shape))


SCALAR_TO_MATRIX = ['float', (), (4,), (2, 3)]
PAIR_SHAPES = [('float', 'float'), ((), ()), ((4,), (4,)), ((2, 3), (3,)), ((2, 1), (1, 3)),
               ((), (2, 3))]
AXES = [None, 1, -1, (0, 2)]


def unary(dom):
    return [C(make(dom, s)) for s in SCALAR_TO_MATRIX]


def binary(dx, dy):
    return [C(make(dx, sx), make(dy, sy)) for sx, sy in PAIR_SHAPES]


def reduction(dom, keepdims=True, **extra):
    """Scalars, vectors and every axis (None, int, negative, tuple) x keepdims form."""
    cases = [C(float(dom()), **extra), C(dom(5), **extra), C(dom(5), axis=0, **extra)]
    for axis in AXES:
        for kd in ((False, True) if keepdims else (None,)):
            kw = dict(axis=axis, **extra) if kd is None else dict(axis=axis, keepdims=kd, **extra)
            cases.append(C(dom(2, 3, 4), **kw))
    return cases


def cumulative(dom):
    return [C(dom(5)), C(float(dom())), C(dom(2, 3, 4))] + [
        C(dom(2, 3, 4), axis=axis) for axis in (0, 1, -1)]


# --- the table: callable -> cases ----------------------------------------------------------
UNARY_DOMAINS = {
    np.exp: randn, np.exp2: randn, np.expm1: randn, np.log: pos, np.log1p: pos, np.log2: pos,
    np.log10: pos, np.sqrt: pos, np.cbrt: nonzero, np.square: randn, np.reciprocal: nonzero,
    np.sin: randn, np.cos: randn, np.tan: unit, np.arcsin: unit, np.arccos: unit,
    np.arctan: randn, np.sinh: randn, np.cosh: randn, np.tanh: randn, np.arcsinh: randn,
    np.arccosh: above1, np.arctanh: unit, np.absolute: nonzero, np.fabs: nonzero, np.sign: nonzero,
    np.deg2rad: randn, np.rad2deg: randn, np.radians: randn, np.degrees: randn, np.sinc: randn,
    np.conj: randn, np.real: randn, np.imag: randn, np.angle: nonzero, np.nan_to_num: randn,
    np.negative: randn, np.positive: randn, ast.USub: randn, ast.UAdd: randn,
    builtins.abs: nonzero,
}
BINARY_DOMAINS = {
    np.add: (randn, randn), np.subtract: (randn, randn), np.multiply: (randn, randn),
    np.divide: (randn, nonzero), np.power: (pos, randn), np.float_power: (pos, randn),
    np.mod: (between(3, 5), between(1.1, 1.4)), np.fmod: (between(3, 5), between(1.1, 1.4)),
    np.maximum: (randn, randn), np.minimum: (randn, randn), np.fmax: (randn, randn),
    np.fmin: (randn, randn), np.hypot: (randn, randn), np.arctan2: (randn, randn),
    np.logaddexp: (randn, randn), np.logaddexp2: (randn, randn), np.copysign: (nonzero, nonzero),
    ast.Add: (randn, randn), ast.Sub: (randn, randn), ast.Mult: (randn, randn),
    ast.Div: (randn, nonzero), ast.Pow: (pos, randn), ast.Mod: (between(3, 5), between(1.1, 1.4)),
}
if special is not None:
    UNARY_DOMAINS.update({
        special.expit: randn, special.logit: prob, special.log_expit: randn,
        special.softplus: randn, special.erf: randn, special.erfc: randn, special.erfinv: unit,
        special.erfcinv: between(0.1, 1.9), special.erfcx: randn, special.dawsn: randn,
        special.ndtr: randn, special.log_ndtr: randn, special.ndtri: prob, special.gammaln: pos,
        special.loggamma: pos, special.gamma: pos, special.rgamma: pos, special.digamma: pos,
        special.entr: pos, special.i0: randn, special.i1: randn, special.i0e: nonzero,
        special.i1e: nonzero, special.j0: randn, special.j1: randn, special.y0: pos,
        special.y1: pos, special.expm1: randn, special.log1p: pos, special.exp2: randn,
        special.exp10: randn, special.cbrt: nonzero, special.sindg: between(-200, 200),
        special.cosdg: between(-200, 200), np.i0: randn,
    })
    BINARY_DOMAINS.update({
        special.xlogy: (randn, pos), special.xlog1py: (randn, pos), special.rel_entr: (pos, pos),
        special.kl_div: (pos, pos), special.betaln: (pos, pos), special.beta: (pos, pos),
        special.gammainc: (pos, pos), special.gammaincc: (pos, pos),
    })

CASES = {fn: unary(dom) for fn, dom in UNARY_DOMAINS.items()}
CASES.update({fn: binary(*doms) for fn, doms in BINARY_DOMAINS.items()})
for fn in (np.exp, np.sin, np.log, np.sqrt, np.square, np.absolute, np.conj, np.real, np.imag,
           np.angle, np.tanh, builtins.abs):
    CASES[fn] += [C(crandn(4)), C(complex(crandn()))]
CASES[np.angle] += [C(crandn(3), deg=True)]
CASES[np.multiply] += [C(crandn(3), crandn(3)), C(randn(3), crandn(3))]
CASES[np.sinc] += [C(np.array([0.0, 0.5, -1.3]))]
# the documented conventions at kinks, which central differences see as well:
# abs'(0) = 0, ties share equally, a norm at 0 has gradient 0
CASES[np.absolute] += [C(np.array([0.0, 1.5, -2.0]))]
CASES[np.maximum] += [C(np.array([1.0, 2.0]), np.array([1.0, 3.0]))]
CASES[np.minimum] += [C(np.array([1.0, 2.0]), 1.0)]
CASES[np.nan_to_num] += [C(np.array([1.0, np.nan, -2.0])),
                         C(np.array([1.0, np.nan, np.inf, -np.inf]), posinf=5.0, neginf=-5.0)]
CASES[np.ldexp] = [C(randn(4), RNG.integers(-2, 3, 4)), C(randn(2, 3), 2), C(1.5, 3)]
CASES[np.divmod] = binary(between(3, 5), between(1.1, 1.4))
CASES[np.modf] = unary(between(-3, 3))
CASES[np.frexp] = unary(nonzero)
CASES[ast.MatMult] = [C(randn(2, 3), randn(3, 4)), C(randn(3), randn(3, 4)),
                      C(randn(2, 3), randn(3)), C(randn(3), randn(3)),
                      C(randn(2, 2, 3), randn(3, 4)), C(randn(1, 2, 3), randn(4, 3, 2))]
CASES[np.matmul] = CASES[la.matmul] = CASES[ast.MatMult]
CASES[np.clip] = [C(randn(5), -0.5, 0.5), C(randn(2, 3), randn(3) - 1, randn(2, 1) + 1),
                  C(randn(4), None, 0.1), C(float(randn()), -0.2, 0.3)]
CASES[np.where] = [C(randn(4) > 0, randn(4), randn(4)), C(randn(2, 3) > 0, randn(3), 1.5),
                   C(True, float(randn()), float(randn()))]
CASES[np.select] = [C([randn(4) > 0.5, randn(4) > 0], [randn(4), randn(4)], randn(4)),
                    C([randn(2, 3) > 0], [randn(3)], float(randn()))]
if special is not None:
    CASES[special.polygamma] = [C(1, pos(4)), C(np.array([0, 1, 2]), pos(2, 3)), C(2, 1.5)]

EXTREMA = (np.max, np.min, np.amax, np.amin, np.ptp, np.median)
for fn in (np.sum, np.mean, np.prod, np.var, np.std) + EXTREMA:
    CASES[fn] = reduction(distinct if fn in EXTREMA else randn)
CASES[np.prod] += [C(with_zeros(3, 4), axis=1), C(np.array([0.0, 2.0, 0.0]))]
CASES[np.max] += [C(np.array([1.0, 3.0, 3.0]))]   # a tie: the adjoint is shared
CASES[np.var] += [C(randn(3, 4), axis=0, ddof=1)]
CASES[np.std] += [C(randn(3, 4), axis=(0, 1), ddof=1, keepdims=True)]
for fn in (np.nansum, np.nanmean, np.nanprod, np.nanvar, np.nanstd, np.nanmax, np.nanmin):
    CASES[fn] = reduction(randn) + [C(with_nans(2, 3, 4), axis=axis, keepdims=kd)
                                    for axis in AXES for kd in (False, True)]
CASES[np.nanvar] += [C(with_nans(2, 3, 4), axis=1, ddof=1)]
CASES[np.nanmedian] = reduction(distinct) + [C(with_nans(2, 3, 4), axis=axis)
                                             for axis in (None, 0, -1, (0, 2))]
for fn, q in ((np.quantile, 0.3), (np.percentile, 70.0), (np.nanquantile, 0.6),
              (np.nanpercentile, 40.0)):
    CASES[fn] = (reduction(distinct, q=q)
                 + [C(distinct(7), q=qq, method=m) for qq in (q, [q, q / 3])
                    for m in ('linear', 'lower', 'higher', 'midpoint', 'nearest')]
                 + [C(distinct(2, 3, 4), q=np.array([q, q / 2]), axis=(0, 2), keepdims=True)])
CASES[np.nanquantile] += [C(with_nans(2, 3, 4), q=0.4, axis=-1)]
CASES[np.average] = reduction(randn) + [
    C(randn(2, 3), weights=pos(2, 3)), C(randn(2, 3, 4), axis=1, weights=pos(3)),
    C(randn(2, 3, 4), axis=(2, 0), weights=pos(4, 2), keepdims=True),
    C(randn(2, 3), axis=0, weights=pos(2), returned=True),
    C(randn(5), weights=pos(5), returned=True)]
for fn in (np.cumsum, np.cumprod, np.nancumsum, np.nancumprod):
    CASES[fn] = cumulative(randn)
CASES[np.cumprod] += [C(with_zeros(3, 4), axis=1), C(with_zeros(6))]
CASES[np.nancumsum] += [C(with_nans(2, 3, 4), axis=1)]
CASES[np.nancumprod] += [C(with_nans(2, 3, 4), axis=2)]
for fn in (np.cumulative_sum, np.cumulative_prod):
    CASES[fn] = [C(randn(5)), C(randn(5), include_initial=True)] + [
        C(randn(2, 3, 4), axis=axis, include_initial=ii) for axis in (0, -1) for ii in (False, True)]
CASES[np.diff] = [C(randn(5)), C(randn(6), n=2), C(randn(3, 4), axis=0), C(randn(2, 3, 4), n=2, axis=1),
                  C(randn(3, 4), prepend=randn(3, 1), append=randn(3, 2)),
                  C(randn(4), prepend=0.5, append=float(randn())),
                  C(randn(3, 4), axis=0, prepend=randn(1, 4))]
CASES[np.trapezoid] = [C(randn(5)), C(randn(3, 4), dx=0.3), C(randn(3, 4), axis=0),
                      C(randn(4), np.array([0.0, 0.3, 0.7, 1.5])),
                      C(randn(2, 4), np.array([0.0, 0.3, 0.7, 1.5]), axis=1)]
CASES[np.gradient] = [C(randn(5)), C(randn(5), 0.3), C(randn(5), np.array([0.0, 0.3, 0.7, 1.5, 2.0])),
                      C(randn(6), edge_order=2), C(randn(3, 4)), C(randn(3, 4), 0.5, axis=1),
                      C(randn(3, 4), 0.5, 2.0, edge_order=2), C(randn(2, 3, 4), axis=(0, 2))]
CASES[np.ediff1d] = [C(randn(5)), C(randn(2, 3)), C(randn(4), to_end=randn(2), to_begin=randn(1)),
                     C(randn(4), to_end=float(randn()))]
CASES[np.sort] = [C(randn(5)), C(randn(3, 4)), C(randn(3, 4), axis=0), C(randn(2, 3), axis=None)]
CASES[np.partition] = [C(randn(6), 2), C(randn(3, 5), 1, axis=0), C(randn(3, 5), [0, 3])]

CASES[builtins.sum] = [C([randn(3), randn(3)]), C([1.5, 2.5, float(randn())]),
                       C((randn(2, 3), randn(3)), randn(2, 3))]
CASES[math.fsum] = [C([1.5, 2.5, float(randn())]), C((float(randn()), 0.25))]
CASES[builtins.float] = [C(float(randn())), C(np.asarray(randn()))]
CASES[builtins.pow] = [C(1.5, float(randn())), C(pos(3), randn(3)), C(2.5, 2)]
CASES[builtins.max] = CASES[builtins.min] = [
    C(1.5, float(randn())), C(1.0, 2.0, float(randn())), C([1.0, float(randn()), 0.5]),
    C(distinct(4)), C(2.0, 2.0), C(0.5, float(randn()), -0.25, 1.25)]
CASES[builtins.list] = CASES[builtins.tuple] = [C(randn(3)), C(randn(2, 3)), C([1.5, randn(2)]),
                                                 C((float(randn()),))]

# shapes, copies, joins
CASES.update({
    np.reshape: [C(randn(6), (2, 3)), C(randn(2, 3), -1), C(randn(2, 3), (3, 2), order='F'),
                 C(float(randn()), (1, 1))],
    np.ravel: [C(randn(2, 3)), C(randn(2, 3), order='F'), C(float(randn()))],
    np.squeeze: [C(randn(1, 3, 1)), C(randn(1, 3, 1), axis=0), C(randn(1, 1))],
    np.expand_dims: [C(randn(3), 0), C(randn(2, 3), (0, 3)), C(float(randn()), -1)],
    runtime.reshape_method: [C(randn(6), 2, 3), C(randn(6), (3, 2)), C(randn(2, 3), -1)],
    np.atleast_1d: [C(float(randn())), C(randn(2, 3)), C(np.asarray(randn()))],
    np.atleast_2d: [C(randn(3)), C(randn(2, 3)), C(float(randn()))],
    np.atleast_3d: [C(randn(3)), C(randn(2, 3)), C(randn(1, 2, 3, 1))],
    np.transpose: [C(randn(2, 3)), C(randn(2, 3, 4), (1, 2, 0)), C(randn(3))],
    runtime.transpose_method: [C(randn(2, 3)), C(randn(2, 3, 4), 2, 0, 1),
                               C(randn(2, 3, 4), (1, 0, 2))],
    np.matrix_transpose: [C(randn(2, 3)), C(randn(4, 2, 3))],
    la.matrix_transpose: [C(randn(2, 3)), C(randn(4, 2, 3))],
    np.moveaxis: [C(randn(2, 3, 4), 0, -1), C(randn(2, 3, 4), (0, 1), (2, 0))],
    np.swapaxes: [C(randn(2, 3, 4), 0, 2), C(randn(2, 3), -1, 0)],
    np.rollaxis: [C(randn(2, 3, 4), 2), C(randn(2, 3, 4), 0, 3), C(randn(2, 3, 4), 1, -1),
                  C(randn(2, 3, 4), 2, 1)],
    np.flip: [C(randn(4)), C(randn(2, 3), 0), C(randn(2, 3, 4), (0, 2))],
    np.fliplr: [C(randn(2, 3))], np.flipud: [C(randn(2, 3)), C(randn(4))],
    np.rot90: [C(randn(2, 3)), C(randn(2, 3), 2), C(randn(2, 3, 4), -1, (1, 2))],
    np.roll: [C(randn(5), 2), C(randn(2, 3), 1), C(randn(2, 3), -1, 1),
              C(randn(2, 3, 4), (1, 2), (0, 2))],
    fft.fftshift: [C(randn(5)), C(randn(4, 5)), C(randn(4, 5), axes=0)],
    fft.ifftshift: [C(randn(5)), C(randn(4, 5)), C(randn(4, 5), axes=(1,))],
    np.array: [C(randn(3)), C([float(randn()), randn(), 2.0]), C([randn(2), randn(2)]),
               C(randn(3), ndmin=2)],
    np.asarray: [C(randn(3)), C([randn(2), randn(2)]), C(float(randn()))],
    np.asanyarray: [C(randn(3))], np.ascontiguousarray: [C(randn(3, 2).T)],
    np.asfortranarray: [C(randn(3, 2))], np.copy: [C(randn(3)), C(float(randn()))],
    runtime.astype: [C(randn(3), np.float64), C(randn(3).astype(np.float32), np.float64)],
    np.broadcast_to: [C(randn(3), (2, 3)), C(float(randn()), (2,)), C(randn(2, 1), (2, 4))],
    np.broadcast_arrays: [C(randn(3), randn(2, 1)), C(randn(2, 3), float(randn()), randn(3)),
                          C(randn(2, 1, 1), randn(3, 1), randn(4), np.asarray(randn()))],
    np.meshgrid: [C(randn(3), randn(4)), C(randn(3), randn(4), indexing='ij'),
                  C(randn(2), randn(3), randn(4)), C(randn(3), randn(4), sparse=True),
                  C(randn(3)), C(randn(2), randn(3), randn(2), randn(2), indexing='ij')],
    np.tile: [C(randn(3), 2), C(randn(2, 3), (2, 1)), C(randn(3), (2, 2)),
              C(randn(2, 1, 3), (2, 2))],
    np.repeat: [C(randn(3), 2), C(randn(2, 3), [1, 0, 2], axis=1), C(randn(2, 3), 2),
                C(float(randn()), 3), C(randn(2, 3), 3, axis=-2)],
    np.resize: [C(randn(4), 7), C(randn(2, 3), (4, 2)), C(randn(5), (2,))],
    np.pad: [C(randn(4), 2), C(randn(2, 3), ((1, 0), (2, 1))), C(randn(2, 3), 1, 'edge'),
             C(randn(5), (2, 3), 'reflect'), C(randn(5), 3, 'symmetric'),
             C(randn(2, 3), (1, 4), 'wrap'), C(randn(3), 1, constant_values=2.0)],
    np.concatenate: [C([randn(2), randn(3)]), C([randn(2, 3), randn(1, 3)]),
                     C((randn(2, 3), randn(2, 2)), axis=1), C([randn(2, 2), randn(3)], axis=None)],
    np.stack: [C([randn(3), randn(3)]), C([randn(2, 3), randn(2, 3)], axis=-1)],
    np.hstack: [C([randn(2), randn(3)]), C([randn(2, 3), randn(2, 1)]), C([1.5, randn(2)])],
    np.vstack: [C([randn(3), randn(3)]), C([randn(2, 3), randn(1, 3)]), C([randn(2, 3), randn(3)])],
    np.dstack: [C([randn(3), randn(3)]), C([randn(2, 3), randn(2, 3, 2)])],
    np.column_stack: [C([randn(3), randn(3)]), C([randn(3, 2), randn(3)])],
    np.append: [C(randn(3), randn(2)), C(randn(2, 3), randn(1, 3), axis=0),
                C(randn(2, 3), randn(2, 2))],
    np.insert: [C(randn(4), 1, 2.5), C(randn(4), [1, 3], randn(2)),
                C(randn(2, 3), 1, randn(2), axis=1), C(randn(2, 3), 2, float(randn()), axis=0),
                C(randn(2, 3), [0, 2], randn(2, 1), axis=1)],
    np.delete: [C(randn(5), [1, 3]), C(randn(3, 4), 1, axis=0), C(randn(3, 4), slice(0, 2), axis=1)],
    np.split: [C(randn(6), 3), C(randn(4, 3), [1, 3]), C(randn(2, 6), 2, axis=1)],
    np.array_split: [C(randn(7), 3), C(randn(5, 2), [2], axis=0)],
    np.hsplit: [C(randn(2, 4), 2), C(randn(6), 3)], np.vsplit: [C(randn(4, 2), [1])],
    np.dsplit: [C(randn(2, 2, 4), 2)],
    np.unstack: [C(randn(3, 2)), C(randn(2, 3, 4), axis=1)],
})
# picking elements, diagonals
CASES.update({
    np.take: [C(randn(5), [0, 2, 2]), C(randn(3, 4), [[0, 1], [1, 3]], axis=1),
              C(randn(3, 4), np.array([-1, 0, 5]), mode='wrap'), C(randn(3, 4), 2, axis=0),
              C(randn(4), [7, -3], mode='clip')],
    np.take_along_axis: [C(randn(3, 4), np.array([[0, 0], [1, 3], [2, 2]]), axis=1),
                         C(randn(5), np.array([4, 0, 4]), axis=None),
                         C(randn(3, 4), np.array([[2, 0, 1, 1]]), axis=0)],
    np.compress: [C([True, False, True], randn(3)), C([False, True], randn(2, 3), axis=0),
                  C([True, True, False, True], randn(2, 2))],
    helpers_shapes.compress_method: [C(randn(2, 3), [True, False, True], axis=1)],
    np.extract: [C(np.array([[True, False], [True, True]]), randn(2, 2))],
    helpers_shapes.item: [C(randn(1)), C(randn(3), 1), C(randn(2, 3), 1, 2), C(randn(2, 3), (0, 1))],
    np.diag: [C(randn(3)), C(randn(3), 1), C(randn(3, 4)), C(randn(4, 3), -1)],
    np.diagflat: [C(randn(3)), C(randn(2, 2), -1)],
    np.diagonal: [C(randn(3, 4)), C(randn(3, 4), 1), C(randn(2, 3, 4), -1, 2, 0),
                  C(randn(2, 3, 4), 0, -1, 1)],
    la.diagonal: [C(randn(3, 4)), C(randn(2, 3, 3), offset=1)],
    np.trace: [C(randn(3, 3)), C(randn(3, 4), 1), C(randn(2, 3, 4), 0, 1, 2),
               C(randn(3, 4, 2), -1, 2, 0)],
    la.trace: [C(randn(3, 3)), C(randn(2, 3, 4), offset=-1)],
    np.triu: [C(randn(3, 4)), C(randn(3, 4), 1), C(randn(2, 3, 3), -1), C(randn(3))],
    np.tril: [C(randn(3, 4)), C(randn(3, 4), -1), C(randn(2, 3, 3), 1), C(randn(3))],
    np.unique: [C(distinct(4)), C(randn(2, 3)), C(distinct(3), return_counts=True),
                C(distinct(2, 2), return_index=True, return_inverse=True)],
    np.bincount: [C(np.array([0, 2, 2, 1]), weights=randn(4)),
                  C(np.array([1, 1]), randn(2), minlength=4)],
    np.interp: [C(np.array([0.2, 1.7, 2.4, -0.5, 3.5]), np.array([0.0, 1.0, 2.5, 3.0]), randn(4)),
                C(between(0.1, 2.9)(2, 3), np.array([0.0, 1.2, 2.0, 3.0]), randn(4), left=-1.0,
                  right=2.0),
                C(float(between(0.1, 2.9)()), np.array([0.0, 1.0, 3.0]), randn(3)),
                C(np.array([-1.0, 0.5, 4.0]), np.array([0.0, 1.0, 3.0]), randn(3), right=0.0)],
})
# products
CASES.update({
    np.dot: [C(randn(3), randn(3)), C(randn(2, 3), randn(3)), C(randn(3), randn(3, 4)),
             C(randn(2, 3), randn(3, 4)), C(float(randn()), randn(3)), C(randn(2, 3), 1.5),
             C(randn(2, 3, 4), randn(4, 5)), C(randn(2, 3, 4), randn(5, 4, 2)),
             C(randn(4), randn(5, 4, 2))],
    np.vdot: [C(randn(3), randn(3)), C(randn(2, 3), randn(3, 2)), C(crandn(3), crandn(3))],
    np.inner: [C(randn(3), randn(3)), C(randn(2, 3), randn(4, 3)), C(1.5, randn(3)),
               C(randn(2, 3), randn(3)), C(randn(2, 3), float(randn())),
               C(randn(2, 2, 3), randn(4, 3))],
    np.outer: [C(randn(3), randn(4)), C(randn(2, 2), randn(3)), C(float(randn()), randn(2))],
    la.outer: [C(randn(3), randn(4))],
    np.tensordot: [C(randn(2, 3, 4), randn(3, 4, 5)), C(randn(2, 3), randn(3, 4), 1),
                   C(randn(3, 2, 4), randn(2, 3, 5), ([1, 0], [0, 1])),
                   C(randn(2, 3), randn(4), 0), C(randn(2, 3, 4), randn(4, 2), ([2, 0], [0, 1])),
                   C(randn(2, 3), randn(5, 3), (-1, 1))],
    la.tensordot: [C(randn(2, 3, 4), randn(3, 4, 5)), C(randn(2, 3), randn(3, 4), axes=1)],
    np.einsum: [C('ij,jk->ik', randn(2, 3), randn(3, 4)), C('ij,jk', randn(2, 3), randn(3, 4)),
                C('ii->', randn(3, 3)), C('ii->i', randn(3, 3)), C('ij->i', randn(2, 3)),
                C('ij->', randn(2, 3)), C('i,i->', randn(3), randn(3)),
                C('i,j->ij', randn(2), randn(3)),
                C('...ij,...jk->...ik', randn(2, 3, 4), randn(4, 5)),
                C('bij,bjk->bik', randn(2, 3, 4), randn(2, 4, 2)),
                C('ij,ij->ij', randn(1, 3), randn(2, 3)),
                C('ij,jk,kl->il', randn(2, 3), randn(3, 4), randn(4, 2)),
                C('ijk->kji', randn(2, 3, 4)), C('ij,j', randn(2, 3), randn(3)),
                C('iij->j', randn(3, 3, 2)), C('ab,b...->a...', randn(2, 3), randn(3, 4)),
                C('ab,bc,cd,de,ef,f->a', *[randn(2, 2) for _ in range(5)], randn(2)),
                # the sublist form: operands and lists of axis labels alternate
                C(randn(2, 3), [0, 1], randn(3, 4), [1, 2], [0, 2]),
                C(randn(3), [0], randn(3), [0]), C(randn(3, 3), [0, 0], [0]),
                C(randn(2, 3), [Ellipsis, 1], randn(3), [1], [Ellipsis])],
    np.kron: [C(randn(2, 3), randn(3, 2)), C(randn(2), randn(3)), C(randn(2, 2), randn(3)),
              C(randn(3), randn(2, 2))],
    np.cross: [C(randn(3), randn(3)), C(randn(4, 3), randn(3)),
               C(randn(3, 4), randn(3, 4), axisa=0, axisb=0, axisc=0),
               C(randn(3, 2), randn(2, 3), axisa=0), C(randn(3, 4), randn(3, 4), axis=0)],
    la.cross: [C(randn(3), randn(3)), C(randn(2, 3), randn(3)), C(randn(3, 2), randn(3, 2), axis=0)],
    np.vecdot: [C(randn(3), randn(3)), C(randn(2, 3), randn(3)), C(randn(3, 2), randn(3, 2), axis=0),
                C(crandn(3), crandn(3))],
    la.vecdot: [C(randn(3), randn(3)), C(randn(2, 3), randn(4, 1, 3))],
    np.matvec: [C(randn(2, 3), randn(3)), C(randn(4, 2, 3), randn(3)), C(randn(2, 3), randn(4, 3))],
    np.vecmat: [C(randn(3), randn(3, 4)), C(randn(2, 3), randn(3, 4)), C(crandn(3), crandn(3, 2))],
    la.multi_dot: [C([randn(2, 3), randn(3, 4), randn(4, 2)]), C([randn(3), randn(3, 4), randn(4)]),
                   C([randn(2, 3), randn(3)]), C([randn(3), randn(3, 2), randn(2, 2), randn(2, 1)])],
    np.polyval: [C(randn(4), randn(5)), C(randn(3), float(randn())), C(randn(1), randn(2)),
                 C(randn(3), randn(2, 2))],
    np.convolve: [C(randn(5), randn(3), mode) for mode in ('full', 'same', 'valid')]
    + [C(randn(3), randn(6), mode) for mode in ('full', 'same', 'valid')]
    + [C(randn(4), randn(2), 'same'), C(randn(2), randn(5), 'same')],
    np.correlate: [C(randn(5), randn(3), mode) for mode in ('full', 'same', 'valid')]
    + [C(randn(3), randn(6), mode) for mode in ('full', 'same', 'valid')]
    + [C(randn(4), randn(2), 'same'), C(crandn(4), crandn(3), 'full')],
})
# linear algebra
CASES.update({
    la.inv: [C(wellcond(3, 3)), C(wellcond(2, 3, 3))],
    la.det: [C(wellcond(3, 3)), C(wellcond(2, 3, 3)), C(randn(1, 1))],
    la.slogdet: [C(wellcond(3, 3)), C(wellcond(2, 3, 3)), C(-wellcond(3, 3))],
    la.solve: [C(wellcond(3, 3), randn(3)), C(wellcond(3, 3), randn(3, 2)),
               C(wellcond(2, 3, 3), randn(2, 3, 2)), C(wellcond(3, 3), randn(2, 3, 2)),
               C(wellcond(2, 3, 3), randn(3))],
    la.cholesky: [C(spd(3) + np.triu(randn(3, 3), 1)), C(spd(3, 2)),
                  C(spd(3) + np.tril(randn(3, 3), -1), upper=True)],
    la.eigh: [C(distinct_symmetric(3)), C(distinct_symmetric(4, 'lower'), 'U'),
              C(np.stack([distinct_symmetric(3), distinct_symmetric(3)]))],
    la.eigvalsh: [C(distinct_symmetric(3)), C(distinct_symmetric(3, 'lower'), UPLO='U')],
    la.svd: [C(randn(3, 3)), C(randn(4, 3), full_matrices=False), C(randn(3, 5), False),
             C(randn(4, 3), compute_uv=False), C(randn(2, 4, 3), full_matrices=False)],
    la.svdvals: [C(randn(4, 3)), C(randn(2, 3, 3))],
    la.pinv: [C(randn(4, 3)), C(randn(3, 4)), C(wellcond(3, 3)), C(randn(2, 4, 3))],
    la.qr: [C(randn(4, 3)), C(randn(3, 3)), C(randn(3, 5)), C(randn(4, 3), mode='r'),
            C(randn(3, 5), mode='complete'), C(randn(3, 3), 'complete'), C(randn(2, 4, 3))],
    la.lstsq: [C(randn(5, 3), randn(5)), C(randn(5, 3), randn(5, 2)), C(wellcond(3, 3), randn(3)),
               C(randn(3, 5), randn(3))],
    la.matrix_power: [C(randn(3, 3), 3), C(randn(3, 3), 0), C(randn(3, 3), 1),
                      C(wellcond(3, 3), -2), C(randn(2, 3, 3), 2)],
    la.tensorinv: [C(wellcond(6, 6).reshape(2, 3, 6), ind=2), C(wellcond(4, 4).reshape(4, 2, 2), 1)],
    la.norm: [C(randn(5)), C(randn(2, 3)), C(randn(2, 3, 4)), C(randn(5), keepdims=True)]
    + [C(randn(5), ord) for ord in (1, 2, np.inf, -np.inf, 3, 0.5, -1, 0)]
    + [C(randn(3, 4), ord) for ord in ('fro', 'nuc', 1, -1, 2, -2, np.inf, -np.inf)]
    + [C(np.zeros(3)), C(np.zeros((2, 2)), 'fro'), C(np.array([[0.0, 0.0], [1.0, 2.0]]), axis=1),
       C(np.zeros((2, 3)), 'nuc'), C(np.zeros((3, 2)), 2),
       C(randn(3, 4), axis=1), C(randn(3, 4), 1, axis=0, keepdims=True),
       C(randn(2, 3, 4), axis=(0, 2)), C(randn(2, 3, 4), 'nuc', (2, 0), keepdims=True),
       C(randn(2, 3, 4), np.inf, (1, 2)), C(randn(2, 3, 4), 1, (-1, 0)),
       C(randn(2, 3, 4), -2, (1, 2)), C(randn(3, 4), np.inf, -1)],
    la.vector_norm: [C(randn(5)), C(randn(2, 3), ord=1), C(randn(2, 3, 4), axis=(0, 2), keepdims=True),
                     C(randn(2, 3), axis=-1, ord=np.inf), C(randn(4), ord=3)],
    la.matrix_norm: [C(randn(3, 4)), C(randn(2, 3, 4), ord='nuc'), C(randn(2, 3, 3), ord=1,
                                                                        keepdims=True),
                     C(randn(3, 4), ord=-np.inf)],
})
# Fourier transforms
NORMS = (None, 'ortho', 'forward')
CASES.update({
    fft.fft: [C(randn(8)), C(crandn(7)), C(randn(8), 6), C(crandn(5), 9), C(randn(4, 3), axis=0)]
    + [C(crandn(6), norm=n) for n in NORMS],
    fft.ifft: [C(randn(8)), C(crandn(7)), C(crandn(8), 5), C(randn(5), 9), C(crandn(4, 3), axis=0)]
    + [C(crandn(6), norm=n) for n in NORMS],
    fft.rfft: [C(randn(8)), C(randn(7)), C(randn(8), 6), C(randn(5), 10), C(randn(5, 3), axis=0)]
    + [C(randn(6), norm=n) for n in NORMS],
    fft.irfft: [C(crandn(5)), C(crandn(5), 9), C(crandn(5), 6), C(crandn(4), 12), C(randn(5)),
                C(crandn(4, 3), axis=0)] + [C(crandn(5), norm=n) for n in NORMS],
    fft.hfft: [C(crandn(5)), C(crandn(5), 9), C(randn(4))] + [C(crandn(4), norm=n) for n in NORMS],
    fft.ihfft: [C(randn(8)), C(randn(7)), C(randn(6), 8)] + [C(randn(6), norm=n) for n in NORMS],
    fft.fftn: [C(crandn(3, 4)), C(randn(2, 3, 4)), C(randn(3, 4), s=(4, 5)),
               C(crandn(3, 4), axes=(0,)), C(crandn(3, 4), norm='ortho')],
    fft.ifftn: [C(crandn(3, 4)), C(randn(3, 4), s=(2, 6)), C(crandn(3, 4, 2), axes=(0, 2))],
    fft.fft2: [C(crandn(3, 4)), C(randn(2, 3, 4)), C(crandn(3, 4), s=(4, 2), norm='forward')],
    fft.ifft2: [C(crandn(3, 4)), C(randn(3, 4), axes=(1, 0))],
    fft.rfftn: [C(randn(4, 6)), C(randn(3, 5)), C(randn(3, 4), s=(4, 6)), C(randn(2, 3, 4), axes=(0, 2))],
    fft.irfftn: [C(crandn(4, 4)), C(crandn(3, 4), s=(3, 7)), C(crandn(2, 3, 3), axes=(0, 1))],
    fft.rfft2: [C(randn(4, 6)), C(randn(3, 5), norm='ortho')],
    fft.irfft2: [C(crandn(4, 4)), C(crandn(3, 3), s=(4, 5))],
})
if special is not None:
    CASES.update({
        special.logsumexp: [C(randn(5)), C(float(randn()))]
        + [C(randn(2, 3, 4), axis=axis, keepdims=kd) for axis in AXES for kd in (False, True)]
        + [C(randn(2, 3), axis=1, b=pos(3)), C(randn(2, 3), b=pos(2, 1)),
           C(randn(4), b=np.array([1.0, -0.5, 2.0, -0.1]), return_sign=True),
           C(randn(2, 3), axis=0, return_sign=True)],
        special.softmax: [C(randn(5)), C(randn(2, 3), axis=1), C(randn(2, 3, 4), axis=(0, 2)),
                          C(randn(2, 3))],
        special.log_softmax: [C(randn(5)), C(randn(2, 3), axis=0), C(randn(2, 3, 4), axis=(1, 2))],
    })
if sla is not None:
    lower_tri = np.tril(randn(3, 3)) + 3 * np.eye(3)
    CASES.update({
        sla.solve_triangular: [C(lower_tri, randn(3), lower=True), C(lower_tri.T, randn(3, 2)),
                               C(lower_tri + np.triu(randn(3, 3), 1), randn(3), lower=True),
                               C(lower_tri, randn(3, 2), trans=1, lower=True),
                               C(lower_tri.T, randn(3), trans='T'),
                               C(lower_tri, randn(3), lower=True, unit_diagonal=True)],
        sla.expm: [C(randn(3, 3) / 2), C(randn(2, 2, 2) / 2)],
        sla.sqrtm: [C(spd(3))],
        sla.cholesky: [C(spd(3) + np.tril(randn(3, 3), -1)), C(spd(3) + np.triu(randn(3, 3), 1),
                                                                lower=True)],
        sla.inv: [C(wellcond(3, 3))], sla.det: [C(wellcond(3, 3))],
        sla.solve: [C(wellcond(3, 3), randn(3)), C(wellcond(3, 3), randn(3, 2))],
        sla.eigh: [C(distinct_symmetric(3)), C(distinct_symmetric(3, 'lower'), lower=False),
                   C(distinct_symmetric(3), eigvals_only=True)],
    })
    # the rest of scipy.linalg (srcad/rules/scipy/linalg_more.py)
    spd_junk = spd(3) + np.tril(randn(3, 3), -1)   # cho_factor reads the upper triangle
    sym_junk = spd(3) + np.triu(randn(3, 3), 1)
    CASES[sla.solve] += [C(spd_junk.T, randn(3), assume_a=kind) for kind in ('pos', 'sym', 'her')]
    CASES[sla.solve] += [C(sym_junk, randn(3, 2), lower=True, assume_a='pos'),
                         C(wellcond(3, 3), randn(3), transposed=True),
                         C(spd_junk.T, randn(3), assume_a='sym', transposed=True)]
    CASES[sla.solve] += [C(wellcond(4, 4), randn(4), assume_a=kind) for kind in (
        'gen', 'banded', 'diagonal', 'tridiagonal', 'upper triangular', 'lower triangular')]
    CASES[sla.inv] += [C(spd_junk.T, assume_a='pos'), C(sym_junk, assume_a='sym', lower=True),
                       C(wellcond(3, 3), assume_a='upper triangular'),
                       C(wellcond(3, 3), assume_a='lower triangular')]
    for fn in (sla.solve, sla.inv):  # (options older SciPy lacks: inv(assume_a=) is 1.17's)
        CASES[fn] = [case for case in CASES[fn] if _library_runs(fn, case)]
    CASES[sla.eigh] += [C(distinct_symmetric(3), sym_junk), C(distinct_symmetric(3), sym_junk.T,
                                                               lower=False),
                        C(distinct_symmetric(3), sym_junk, eigvals_only=True),
                        C(distinct_symmetric(4), spd(4), subset_by_index=[1, 2])]
    CASES.update({
        sla.cho_factor: [C(spd_junk), C(sym_junk, lower=True)],
        sla.cho_solve: [C(sla.cho_factor(spd_junk), randn(3)),
                        C(sla.cho_factor(sym_junk, lower=True), randn(3, 2))],
        sla.lu_factor: [C(wellcond(3, 3)), C(randn(4, 4))],
        sla.lu_solve: [C(sla.lu_factor(randn(3, 3)), randn(3)),
                       C(sla.lu_factor(wellcond(3, 3)), randn(3, 2), trans=1),
                       C(sla.lu_factor(randn(3, 3)), randn(3), 2)],
        sla.lu: [C(randn(4, 4)), C(randn(3, 3), permute_l=True), C(randn(3, 3), p_indices=True)],
        sla.logm: [C(spd(3)), C(spd(3) + 0.3 * randn(3, 3))],
        sla.solve_sylvester: [C(wellcond(3, 3), wellcond(2, 2), randn(3, 2))],
        sla.solve_continuous_lyapunov: [C(randn(3, 3) - 4 * np.eye(3), randn(3, 3))],
        sla.toeplitz: [C(randn(4)), C(randn(3), randn(4)), C(randn(4), randn(2)),
                       C(randn(2, 3), randn(2, 4))],
        sla.circulant: [C(randn(4)), C(randn(2, 3))],
        sla.block_diag: [C(randn(2, 2), randn(3)), C(randn(2, 3), 1.5, randn(1, 2)),
                         C(randn(3, 1)), C(*[randn(1, 2) for _ in range(8)])],
    })


# the language itself: element writes, list appends, math on floats (srcad.rules.python.language)
LANGUAGE = {
    runtime.setitem: [C(randn(4), 1, 2.5), C(randn(3, 4), (slice(None), 1), randn(3)),
                      C(randn(5), [0, 2], randn(2)), C(randn(2, 3), 0, 1.5),
                      C([1.5, float(randn())], 0, 3.0), C(randn(3, 2), slice(1, 3), randn(2))],
    runtime.list_append: [C([randn(2), randn(2)], randn(2)), C([], 1.5), C([0.5], float(randn()))],
    runtime.sequence: [C(randn(3)), C(randn(2, 3)), C([randn(2), randn(2)])],
    runtime.copy_containers: [C(randn(3)), C([randn(2), float(randn())]), C((randn(2), 1.5))],
    # lists handed to NumPy (srcad.compiler.containers): the conversion NumPy makes
    containers.as_array: [C([1.5, float(randn())]), C((randn(2), randn(2))), C(randn(3))],
    containers.as_operand: [C([1.5, float(randn())], randn(2)), C(randn(2), randn(2)),
                            C([randn(2), randn(2)], randn(2, 2))],
    # lists joined with + and repeated with * (srcad.compiler.joins)
    joins.join_add: [C([randn(2), 1.5], [randn(3)]), C((randn(2),), (randn(2), 0.5)),
                     C([randn(3), randn(3)], randn(2, 3)), C(randn(2), [1.5, float(randn())]),
                     C([], [randn(2)]), C([randn(2)], (randn(2), 1.5), True)],
    joins.repeat_sequence: [C([randn(2), 1.5], 2), C((float(randn()),), 3), C(randn(3), 2)],
    joins.sum_join: [C([[randn(2)], [1.5, randn(2)]], []), C([(0.5,), (randn(3),)], (1.5,)),
                     C([randn(3), randn(3)], [0.5, 1.0, float(randn())])],
    # the guard of singular rules (srcad.runtime.singular), differentiated in hvp, grad(grad(f))
    singular.keep_zero: [C(randn(4), randn(4)), C(np.array([0.0, 1.0]), randn(2)),
                         C(1.5, float(randn()))],
    singular.keep_zero_tangent: [C(randn(3), randn(3), randn(3)),
                                 C(np.zeros(2), np.array([0.0, 1.0]), randn(2))],
}
MATH_DOMAINS = {
    math.exp: randn, math.expm1: randn, math.log: pos, math.log1p: pos, math.log2: pos,
    math.log10: pos, math.sqrt: pos, math.sin: randn, math.cos: randn, math.tan: unit,
    math.asin: unit, math.acos: unit, math.atan: randn, math.sinh: randn, math.cosh: randn,
    math.tanh: randn, math.asinh: randn, math.acosh: above1, math.atanh: unit,
    math.fabs: nonzero, math.erf: randn, math.erfc: randn, math.degrees: randn,
    math.radians: randn, math.lgamma: pos,
    math.gamma: pos,
}
for name, dom in (('cbrt', nonzero), ('exp2', randn)):  # Python 3.11+
    if hasattr(math, name):
        MATH_DOMAINS[getattr(math, name)] = dom
LANGUAGE.update({fn: [C(float(dom())), C(float(dom()))] for fn, dom in MATH_DOMAINS.items()})
LANGUAGE.update({math.pow: [C(1.5, float(randn())), C(2.0, 3.0)],
                 math.atan2: [C(float(randn()), float(randn()))],
                 math.hypot: [C(float(randn()), float(randn()))],
                 math.copysign: [C(1.5, -2.0), C(-0.7, 3.0), C(2.5, 1.0)]})
# piecewise constant (srcad.rules.python.dunders): zero away from the steps
LANGUAGE.update({round: [C(1.3), C(-2.6), C(0.37, 1)], math.floor: [C(1.3), C(-2.6)],
                 math.ceil: [C(1.3), C(-2.6)], math.trunc: [C(1.3), C(-2.6)]})
CASES.update({fn: cases for fn, cases in LANGUAGE.items()   # only those registered
              if (rule := registry.lookup(fn)) is not None and rule.adjoints})

# iterating containers: the elements move, their adjoints route back (srcad.rules.python.iteration)
ITERATION = {
    helpers_iteration.zip_list: [C((randn(3), [1.0, 2.0, 3.0])), C((randn(3), randn(2, 2))),
                                 C(([float(randn()), 0.5], randn(2)), strict=True)],
    helpers_iteration.enumerate_list: [C(randn(3)), C([randn(2), randn(2)], 1)],
    helpers_iteration.reversed_list: [C(randn(3)), C([randn(2), float(randn())])],
    helpers_iteration.sorted_list: [C(np.array([0.3, -1.2, 0.7])),
                                    C([0.5, -0.4, 1.1], reverse=True)],
    helpers_iteration.dict_items: [C({'a': 1.5, 'b': randn(2)})],
    helpers_iteration.dict_values: [C({'a': 1.5, 'b': randn(2)})],
    helpers_iteration.make_dict: [C([('u', 0.5), ('v', randn(2)), ('u', 1.5)]),
                                  C({'a': randn(2), 'b': 0.5})],
    helpers_iteration.dict_get: [C({'a': 1.5, 'b': randn(2)}, 'b'), C({'a': 1.5}, 'z', 0.7),
                                 C({'a': 1.5}, 'a', 0.7)],
    helpers_iteration.tolist: [C(randn(2, 3)), C(randn(3)), C(np.float64(0.7))],
}
CASES.update(ITERATION)

# --- where=/initial= (reductions/rules.py), clip(min=), ufunc methods (everyday/ufuncs.py), math ---
MASK = np.array([[True, False, True], [False, True, True]])
CASES[np.sum] += [C(randn(2, 3), where=MASK), C(randn(2, 3), axis=1, keepdims=True, where=MASK),
                  C(randn(4), initial=1.5), C(randn(2, 3), axis=0, where=MASK[0])]
CASES[np.mean] += [C(randn(2, 3), where=MASK), C(randn(2, 3), axis=1, where=MASK),
                   C(randn(2, 3), axis=0, keepdims=True, where=MASK)]
CASES[np.prod] += [C(nonzero(4), initial=2.0), C(nonzero(2, 3), axis=1, where=MASK),
                   C(nonzero(2, 3), where=MASK, initial=0.5)]
for fn in (np.max, np.min, np.amax, np.amin):
    CASES[fn] += [C(distinct(4), initial=0.1), C(distinct(2, 3), axis=1, where=MASK,
                                                 initial=(-20.0 if fn in (np.max, np.amax) else 20.0)),
                  C(distinct(4), initial=(100.0 if fn in (np.max, np.amax) else -100.0))]
CASES[np.clip] += [C(randn(5), min=-0.5, max=0.5), C(randn(2, 3), min=randn(3) - 0.5),
                   C(randn(4), min=-0.3), C(randn(4), max=randn(4))]
CASES[math.log] += [C(2.5, 3.0), C(0.7, 10.0)]
CASES[math.hypot] += [C(1.0, -2.0, 2.0), C(0.5, 1.5, -2.5, 3.0), C(-1.5)]
CASES.update({
    np.add.accumulate: [C(randn(4)), C(randn(2, 3)), C(randn(2, 3), axis=1)],
    np.multiply.accumulate: [C(nonzero(4)), C(nonzero(2, 3), axis=1)],
    np.add.outer: [C(randn(3), randn(2)), C(randn(2, 2), randn(3)), C(1.5, randn(3))],
    np.subtract.outer: [C(randn(3), randn(2)), C(randn(2), randn(2, 2))],
    np.multiply.outer: [C(randn(3), randn(2)), C(randn(2, 2), randn(3)), C(randn(2), 0.5)],
    np.divide.outer: [C(randn(3), nonzero(2)), C(randn(2, 2), nonzero(3))],
    math.prod: [C([1.5, -0.7, 2.0]), C((0.5, 3.0), start=2.0), C([float(randn())])],
    math.dist: [C([1.0, 2.0], [0.5, -1.0]), C((float(randn()), 0.3, 1.0), [0.1, -0.2, 0.4])],
})


# --- checking one rule -------------------------------------------------------------------
def is_float(x) -> bool:
    """A value a derivative can flow into: a float/complex scalar or array, or a list of them."""
    if isinstance(x, (list, tuple)):
        return len(x) > 0 and any(is_float(e) for e in x)
    if isinstance(x, dict):
        return any(is_float(e) for e in x.values())
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, (float, complex, np.floating, np.complexfloating)):
        return True
    return isinstance(x, np.ndarray) and x.dtype.kind in 'fc'


def random_like(x, rng):
    """A random value shaped like ``x`` (complex where ``x`` is); 0.0 where ``x`` holds no floats."""
    if isinstance(x, (list, tuple)):
        return [random_like(e, rng) for e in x]
    if isinstance(x, dict):
        return {k: random_like(e, rng) for k, e in x.items()}
    if not is_float(x):
        return 0.0
    r = rng.standard_normal(np.shape(x))
    if np.iscomplexobj(x):
        r = r + 1j * rng.standard_normal(np.shape(x))
    return r if np.ndim(x) else r[()]


def shifted(x, v, t):
    """``x + t * v`` leaf by leaf (non-float leaves stay as they are)."""
    if isinstance(x, (list, tuple)):
        out = [shifted(e, ve, t) for e, ve in zip(x, v)]
        return tuple(out) if isinstance(x, tuple) else out
    if isinstance(x, dict):
        return {k: shifted(e, v[k], t) for k, e in x.items()}
    if not is_float(x):
        return x
    moved = np.asarray(x) + t * np.asarray(v)
    if isinstance(x, (float, complex)):
        return type(x)(moved)
    return moved


def pairing(a, b) -> float:
    """``Re sum(a * b)`` summed over the leaves of two matching structures."""
    if isinstance(b, (list, tuple)):
        if is_zero_leaf(a):
            return 0.0
        return sum(pairing(ae, be) for ae, be in zip(a, b))
    if isinstance(b, dict):  # an adjoint dict may leave out the keys with no adjoint
        return sum(pairing(a[k], be) for k, be in b.items()
                   if isinstance(a, dict) and k in a)
    if a is None or b is None or is_zero_leaf(b):
        return 0.0
    return float(np.real(np.sum(np.asarray(a) * np.asarray(b))))


def with_value(rule, param, args, kwargs, value):
    """``args, kwargs`` with ``param`` set to ``value``."""
    sig = rule.signature
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    if param == sig.varargs:
        return args[:npos] + tuple(value), kwargs
    if param in kwargs:
        return args, {**kwargs, param: value}
    i = sig.params.index(param)
    if i < len(args):
        return args[:i] + (value,) + args[i + 1:], kwargs
    return args, {**kwargs, param: value}


def call(rule, args, kwargs):
    """Run the primal on copies of its arguments (``list_append`` mutates its list)."""
    return rule.impl(*copy.deepcopy(args), **copy.deepcopy(kwargs))


def check_structured(rule, param, args, kwargs, g=None, eps=1e-6, rtol=1e-5, atol=1e-7):
    """Like :func:`srcad.testing.check_rule`, for tuple outputs, lists of arrays and
    complex values: ``Re <adjoint, v>`` against ``d/dt Re <g, f(x + t v)>``."""
    rng = np.random.default_rng(7)
    ans = call(rule, args, kwargs)
    g = random_like(ans, rng) if g is None else g
    if isinstance(ans, (list, tuple)) and not isinstance(g, (list, tuple)):
        g = [g]
    value = rule.bind_values(args, kwargs)[param]
    v = random_like(value, rng)

    def at(t):
        return pairing(call(rule, *with_value(rule, param, args, kwargs, shifted(value, v, t))), g)
    numeric = (at(eps) - at(-eps)) / (2 * eps)
    g_arg = tuple(g) if isinstance(ans, tuple) else g
    analytic = rule.evaluate(param, g_arg, ans, *args, **kwargs)
    assert_shapes_match(rule, param, analytic, value,
                        zero_ok=isinstance(g, list) and any(map(is_zero_leaf, g)))
    assert_close(pairing(analytic, v), numeric, rtol, atol, f'{rule.name} adjoint of {param!r}')


def assert_shapes_match(rule, param, adjoint, value, zero_ok=False):
    if zero_ok and is_zero_leaf(adjoint):
        return
    if isinstance(value, (list, tuple)):
        assert len(adjoint) == len(value), f'{rule.name}: {param} adjoint has wrong length'
        for a, x in zip(adjoint, value):
            if is_float(x):
                assert_shapes_match(rule, param, a, x, zero_ok)
        return
    if isinstance(value, dict):
        assert isinstance(adjoint, dict) or is_zero_leaf(adjoint), (
            f'{rule.name}: {param} adjoint is not a dict')
        for k, a in (adjoint.items() if isinstance(adjoint, dict) else ()):
            assert k in value, f'{rule.name}: {param} adjoint has a key {k!r} not in the dict'
            if is_float(value[k]):
                assert_shapes_match(rule, param, a, value[k], zero_ok=True)
        return
    assert np.shape(adjoint) == np.shape(value), (
        f'{rule.name}: adjoint of {param} has shape {np.shape(adjoint)}, '
        f'expected {np.shape(value)}')


def is_plain(rule, args, kwargs, ans) -> bool:
    """Whether :func:`srcad.testing.check_rule` can check this case."""
    values = list(args) + list(kwargs.values())
    sig = rule.signature
    return (not (sig.varargs and len(args) > (sig.npositional or 0))
            and not any(isinstance(x, (list, dict)) or isinstance(x, tuple) and is_float(x)
                        for x in values)
            and isinstance(ans, (float, np.ndarray, np.floating)) and not np.iscomplexobj(ans)
            and not any(np.iscomplexobj(x) for x in values if is_float(x)))


def checked_params(rule, args, kwargs):
    bound = rule.bind_values(args, kwargs)
    return [p for p in rule.adjoints if p in bound and is_float(bound[p])]


#: outputs whose finite differences are not well defined: SciPy's eigh picks the signs
#: of eigenvectors discontinuously, so only its eigenvalues are checked here (its rule
#: is the one of np.linalg.eigh, which is checked in full).
CHECKED_OUTPUTS = {sla.eigh: (0,)} if sla is not None else {}


def check_case(rule, args, kwargs):
    ans = call(rule, args, kwargs)
    only = CHECKED_OUTPUTS.get(rule.fn) if isinstance(ans, tuple) else None
    for param in checked_params(rule, args, kwargs):
        if only is None and is_plain(rule, args, kwargs, ans):
            check_rule(rule, param, args, kwargs)
        elif only is None:
            check_structured(rule, param, args, kwargs)
        if isinstance(ans, tuple) and len(ans) > 1:
            # one output's adjoint at a time, the others 0.0 ("no adjoint")
            full = random_like(ans, np.random.default_rng(3))
            for k, gk in enumerate(full):
                if not is_zero_leaf(gk) and (only is None or k in only):
                    g = [gk if j == k else 0.0 for j in range(len(ans))]
                    check_structured(rule, param, args, kwargs, g=g)


def is_zero_leaf(x):
    """The float 0.0 that stands for "no adjoint" in a tuple of adjoints."""
    return type(x) is float and x == 0.0


# --- value parameters and casts (srcad.rules.shapes.values) -------------------------------------
CASES.update({
    np.full: [C(3, 0.7), C((2, 3), randn(3)), C((2, 2), float(randn()), dtype=np.float64)],
    np.full_like: [C(randn(3), 0.7), C(randn(2, 3), randn(3)), C(np.arange(3), 0.7)],
    np.linspace: [C(0.3, 1.7, 5), C(randn(2), randn(2), 4), C(randn(2), 2.0, 4, axis=1),
                  C(0.2, 1.5, 5, endpoint=False), C(0.2, 1.5, 5, retstep=True),
                  C(0.2, 1.5, 1)],
    np.logspace: [C(0.3, 1.2, 5), C(0.1, 0.9, 4, base=2.5), C(randn(2), randn(2), 3, base=3.0),
                  C(randn(2), 1.0, 3, axis=-1)],
    np.geomspace: [C(0.5, 4.0, 5), C(pos(2), pos(2) + 1.0, 3), C(-0.5, -4.0, 4, endpoint=False)],
    np.heaviside: [C(np.array([0.0, 1.0, -1.0, 0.0]), 0.4), C(np.array([0.0, 2.0]), randn(2)),
                   C(np.array([[0.0], [1.0]]), randn(3))],
    np.nextafter: [C(randn(3), 10.0), C(randn(2, 2), -np.inf)],
    fft.fftfreq: [C(8, 0.1), C(5, 0.3)],
    fft.rfftfreq: [C(8, 0.1), C(7, 1.5)],
    np.float64: [C(0.7), C(randn(3))],
    np.longdouble: [C(0.7)],
    np.complex128: [C(0.7), C(crandn(3))],
    np.clongdouble: [C(complex(crandn()))],
    builtins.complex: [C(0.7, -0.3), C(0.4)],
})
CASES[np.nan_to_num] += [C(np.array([1.0, np.nan, np.inf, np.nan]), nan=0.5, posinf=3.0),
                         C(np.array([1.0 + 1j, complex(np.nan, 1.0), complex(2.0, np.nan)]),
                           nan=0.25)]
CASES[np.pad] += [C(randn(2, 3), ((1, 0), (2, 1)), constant_values=((0.5, -1.0), (2.0, 0.3))),
                  # (the adjoint of a float array padded with linear_ramp has no rule yet;
                  # an integer array's padding is an integer array: no derivative)
                  C(np.arange(4), (2, 3), 'linear_ramp', end_values=(1.5, -0.5))]
if special is not None:
    CASES[special.zeta] = [C(2.5, pos(3)), C(3.0, 1.5)]
#: rules whose output is float32 or float16: central differences in float64 cannot see
#: their derivative (the rounding is larger than the step); test_params_and_casts.py
#: checks them exactly
NO_FINITE_DIFFERENCES = {np.float32, np.float16, np.complex64}
# p.W of a namedtuple or dataclass: this harness rebuilds tuples without their type;
# checked end to end instead (tests/corpus/programs/objects.py, tests/regressions/test_objects.py)
from srcad.rules.python import object_helpers as helpers_objects  # noqa: E402
NO_FINITE_DIFFERENCES.add(helpers_objects.field)
# a srcad gradient called in differentiated code, p._replace(W=v): they take a Gradient
# object or a namedtuple, which this harness does not build; checked end to end instead
# (tests/test_nested_derivatives_and_objects.py, tests/corpus/programs/nested_and_objects.py)
from srcad.rules.python import gradient_calls, record_replace  # noqa: E402
NO_FINITE_DIFFERENCES.update(gradient_calls.GRADIENT_CALLS.values())
NO_FINITE_DIFFERENCES.add(record_replace.record_replace)
# a dataclass's own attribute (init=False, set in __post_init__): takes an object; checked
# end to end (tests/regressions/test_objects_wave6.py, corpus objects_wave6.py)
from srcad.compiler import dataclass_inits  # noqa: E402
NO_FINITE_DIFFERENCES.add(dataclass_inits.own_attribute)
# x op= v in NumPy's dtype of x (srcad/runtime/dtypes.py): float64 here, the rounding cases
# exactly in tests/regressions/test_inplace_checks.py
from srcad.runtime import dtypes as _dtypes  # noqa: E402
CASES[_dtypes.inplace_result] = [C(randn(3), np.zeros(3), '+'), C(randn(2, 3), np.ones((2, 3)), '*')]
CASES[_dtypes.inplace_tangent] = [C(randn(3), np.zeros(3))]
# obj.attr = v of an object built inside: takes an object, which this harness does not
# build; checked end to end (tests/test_object_attributes.py, corpus object_attributes.py)
from srcad.rules.python import attribute_writes  # noqa: E402
NO_FINITE_DIFFERENCES.add(attribute_writes.set_attribute)


# --- np.cov, np.corrcoef, np.polyfit, np.block, running extrema, np.add.at (numpy_more.py) ----
from srcad.rules.everyday import helpers as helpers_numpy_more  # noqa: E402
T7 = np.linspace(0.0, 1.0, 7)
CASES.update({
    np.cov: [C(randn(3, 6)), C(randn(6, 3), rowvar=False), C(randn(5)), C(randn(2, 6), randn(6)),
             C(randn(6, 2), randn(6, 1), rowvar=False), C(randn(3, 6), bias=True),
             C(randn(3, 6), ddof=0), C(randn(3, 7), fweights=np.array([1, 2, 1, 3, 1, 1, 2])),
             C(randn(3, 7), aweights=pos(7)),
             C(randn(2, 7), fweights=np.array([1, 2, 1, 3, 1, 1, 2]), aweights=pos(7), ddof=2)],
    np.corrcoef: [C(randn(3, 6)), C(randn(6, 3), rowvar=False), C(randn(6), randn(6)),
                  C(randn(2, 6), randn(6)), C(randn(6, 2), randn(6, 2), rowvar=False)],
    np.polyfit: [C(np.linspace(0.0, 1.0, 8), randn(8), 2), C(T7, randn(7, 2), 3, w=pos(7)),
                 C(np.linspace(-1.0, 1.0, 6), randn(6), 1, rcond=1e-12)],
    np.block: [C([[randn(2, 2), randn(2, 3)], [randn(1, 2), randn(1, 3)]]),
               C([randn(3), randn(2)]), C([[randn(2, 2)], [randn(2)]]),
               C([[[randn(2, 1, 2), randn(2, 1, 1)]], [[randn(1, 1, 2), randn(1, 1, 1)]]])],
    helpers_numpy_more.add_at_copy: [
        C(randn(4), np.array([0, 1, 1, 3, 0]), randn(5)),
        C(randn(3, 2), np.array([0, 2, 0]), randn(3, 2)),
        C(randn(3, 2), (np.array([0, 2, 0]), np.array([1, 1, 1])), randn(3)),
        C(randn(4), np.array([1, 1]), 0.5), C(randn(3, 2), np.array([2, 2]), randn(2))],
})
for ufunc in (np.maximum, np.minimum):
    CASES[ufunc.accumulate] = [C(distinct(6)), C(distinct(3, 4), axis=1), C(distinct(3, 4)),
                               C(distinct(2, 3, 4), axis=-1)]


# --- ufunc methods, np.polyder/np.polyint, np.piecewise/np.apply_along_axis helpers -----------
from rule_cases_numpy_wave4 import cases as _wave4_cases  # noqa: E402
for _fn, _cases in _wave4_cases().items():
    CASES[_fn] = CASES.get(_fn, []) + _cases


# --- convolutions and NumPy's corners (srcad/rules/scipy/signal.py, numpy_corners.py) ---------
from rule_cases_signals_and_corners import cases as _signal_and_corner_cases  # noqa: E402
for _fn, _cases in _signal_and_corner_cases().items():
    CASES[_fn] = CASES.get(_fn, []) + _cases


# --- scipy.stats distributions (srcad/rules/scipy/stats.py; cases in stats_cases.py) ------
try:
    from scipy import stats
except ImportError:  # pragma: no cover
    stats = None
if stats is not None:
    import stats_cases
    CASES.update(stats_cases.cases(stats, RNG))
    NO_FINITE_DIFFERENCES |= stats_cases.end_to_end(stats)


# --- odeint, solve_ivp (srcad/rules/scipy/integrate.py) ------------------------------------------------
from rule_cases_odes import UNCHECKED as _ode_unchecked, cases as _ode_cases  # noqa: E402
CASES.update(_ode_cases())
NO_FINITE_DIFFERENCES.update(_ode_unchecked)


# --- wave-4 SciPy rules (srcad/rules/scipy/stats_more.py, linalg_svd.py, quadrature.py,
# spatial.py, signal_filters.py, ndimage.py; cases in rule_cases_scipy_wave4.py) ----------------
if stats is not None:
    from rule_cases_scipy_wave4 import cases as _scipy_wave4_cases  # noqa: E402
    CASES.update(_scipy_wave4_cases(RNG))


# --- library wave 6: scipy.fft, rosen (cases in rule_cases_library_wave6.py); the random
# draws and interpolant calls are checked end to end (tests/regressions/test_library_wave6.py)
if stats is not None:
    import rule_cases_library_wave6 as _wave6  # noqa: E402
    CASES.update(_wave6.cases(RNG))
    NO_FINITE_DIFFERENCES.update(_wave6.unchecked())


# --- the tests ------------------------------------------------------------------------
BUILTIN = catalog.builtin_rules()
DIFFERENTIABLE = {key: rule for key, rule in BUILTIN.items() if rule.adjoints}  # reverse rules


def case_id(key, i):
    rule = registry.lookup(key)
    names = catalog.public_names(rule.fn)
    return f'{names[0] if names else rule.name}-{i}'


CASE_PARAMS = [pytest.param(key, case, id=case_id(key, i))
               for key, cases in CASES.items() for i, case in enumerate(cases)]


@pytest.fixture(autouse=True)
def quiet():
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', RuntimeWarning)      # NaN slices, log of 0...
        warnings.simplefilter('ignore', DeprecationWarning)
        yield


@pytest.mark.parametrize('key, case', CASE_PARAMS)
def test_rule_matches_finite_differences(key, case):
    rule = registry.lookup(key)
    assert rule is not None and rule.differentiable, f'{key!r} has no differentiable rule'
    check_case(rule, *case)


@pytest.mark.parametrize('key, case', CASE_PARAMS)
def test_adjoint_has_the_shape_of_its_parameter(key, case):
    rule = registry.lookup(key)
    args, kwargs = case
    ans = call(rule, args, kwargs)
    g = random_like(ans, np.random.default_rng(1))
    g = tuple(g) if isinstance(ans, tuple) else g
    for param in checked_params(rule, args, kwargs):
        value = rule.bind_values(args, kwargs)[param]
        assert_shapes_match(rule, param, rule.evaluate(param, g, ans, *args, **kwargs), value)


def test_every_differentiable_rule_has_cases():
    missing = sorted(r.name for k, r in DIFFERENTIABLE.items()
                     if k not in CASES and k not in NO_FINITE_DIFFERENCES)
    assert not missing, f'differentiable rules without finite-difference cases: {missing}'


def test_every_differentiable_parameter_is_exercised():
    unexercised = []
    for key, rule in DIFFERENTIABLE.items():
        seen = {p for args, kwargs in CASES.get(key, []) for p in checked_params(rule, args, kwargs)}
        unexercised += [f'{rule.name}({p})' for p in rule.adjoints if p not in seen
                        and key not in NO_FINITE_DIFFERENCES]
    assert not unexercised, f'parameters no case checks: {unexercised}'


def test_cases_only_name_registered_differentiable_rules():
    stray = [k for k in CASES if k not in DIFFERENTIABLE]
    assert not stray, f'cases for callables without a differentiable rule: {stray}'


# --- float32 --------------------------------------------------------------------------------
FLOAT32 = [fn for fn in list(UNARY_DOMAINS) + list(BINARY_DOMAINS)
           if not (isinstance(fn, type) or fn in (builtins.abs, np.float_power))]  # float64 by design
FLOAT32 += [np.ldexp, np.sum, np.mean, np.prod, np.max, np.min, np.amax, np.amin, np.ptp,
            np.var, np.std, np.nansum, np.nanmean, np.nanprod, np.nanmax, np.nanmin, np.nanvar,
            np.nanstd, np.median, np.nanmedian, np.quantile, np.percentile, np.nanquantile,
            np.nanpercentile, np.average, np.cumsum, np.cumprod, np.nancumsum, np.nancumprod,
            np.cumulative_sum, np.cumulative_prod, np.diff, np.sort, np.partition]
if special is not None:
    FLOAT32 += [special.logsumexp, special.softmax, special.log_softmax]
FLOAT32_EXTRA = {np.quantile: {'q': 0.3}, np.percentile: {'q': 30.0}, np.nanquantile: {'q': 0.3},
                 np.nanpercentile: {'q': 30.0}}


def float32_case(fn):
    """float32 arguments for ``fn``, taken from its float64 vector/matrix case."""
    for args, kwargs in CASES[fn]:
        if all(np.ndim(a) >= 1 or not is_float(a) for a in args):
            break
    cast = [np.asarray(a, dtype=np.float32) if is_float(a) else a for a in args]
    return cast, {**kwargs, **FLOAT32_EXTRA.get(fn, {})}


@pytest.mark.parametrize('fn', FLOAT32, ids=lambda fn: case_id(fn, 'f32'))
def test_float32_inputs_give_float32_adjoints(fn):
    rule = registry.lookup(fn)
    args, kwargs = float32_case(fn)
    ans = rule.impl(*args, **kwargs)
    assert np.result_type(ans) == np.float32, f'{rule.name} returned {np.result_type(ans)}'
    g = np.ones(np.shape(ans), dtype=np.float32)
    for param in checked_params(rule, args, kwargs):
        adj = rule.evaluate(param, g, ans, *args, **kwargs)
        assert np.result_type(adj) == np.float32, (
            f'{rule.name}: adjoint of {param} is {np.result_type(adj)} for float32 input')


# --- the rest of the registry ---------------------------------------------------------------
def test_every_nondifferentiable_function_is_a_registered_callable():
    for key, rule in BUILTIN.items():
        if rule.differentiable or isinstance(key, type) and issubclass(key, ast.AST):
            continue
        assert callable(rule.fn), f'{rule.name} is not callable'
        assert registry.lookup(rule.fn) == rule  # (a test may declare it again: an equal rule)
        # (np.arange, np.histogram_bin_edges: a signature whose parameters are classified,
        # refused when differentiated: srcad.rules.shapes.values)
        assert rule.signature.varargs or not rule.constant_output, (
            f'{rule.name} should accept any arguments')


def test_nondifferentiable_functions_include_the_usual_suspects():
    for fn in (np.floor, np.argmax, np.round, np.shape, np.zeros_like, np.isnan, len):
        rule = registry.lookup(fn)
        assert rule is not None and not rule.differentiable


def test_methods_map_to_registered_functions():
    for name, fn in registry.METHODS.items():
        assert registry.lookup(fn) is not None, f'x.{name}() maps to {fn!r}, which has no rule'
    x = np.arange(6.0).reshape(2, 3)
    for name, args in {'cumsum': (1,), 'swapaxes': (0, 1), 'repeat': (2,), 'take': ([0],),
                       'trace': (), 'diagonal': (), 'squeeze': (), 'conj': (), 'item': (1,),
                       'compress': ([True, False],)}.items():
        fn = registry.METHODS[name]
        np.testing.assert_array_equal(fn(x, *args), getattr(x, name)(*args))


def test_zero_in_a_tuple_adjoint_means_no_adjoint():
    a = distinct_symmetric(3)
    w, v = la.eigh(a)
    rule = registry.lookup(la.eigh)
    only_w = rule.evaluate('a', (np.ones(3), 0.0), (w, v), a)
    np.testing.assert_allclose(only_w, registry.lookup(la.eigvalsh).evaluate('a', np.ones(3), w, a))
    assert np.shape(registry.lookup(np.modf).evaluate('x', (0.0, np.ones(3)), np.modf(randn(3)),
                                                       randn(3))) == (3,)


def test_count_of_differentiable_callables():
    counts = catalog.counts()
    assert counts['numpy_scipy_functions'] + counts['ndarray_methods'] >= 180


def test_docs_list_matches_the_registry():
    text = (ROOT / 'docs' / 'functions.md').read_text()
    assert text == catalog.markdown(), 'regenerate: python -m srcad.rules --markdown > docs/functions.md'


def test_command_prints_the_count():
    out = subprocess.run([sys.executable, '-m', 'srcad.rules'], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == catalog.summary()


def test_operator_rules_run_the_operator():
    assert registry.lookup(ast.Add).impl is operator.add


def test_rules_load_without_scipy():
    code = ("import sys; sys.modules['scipy'] = None\n"
            "from srcad.rules import catalog\n"
            "assert not any(n.startswith('scipy') for n in catalog.differentiable_functions())\n"
            "print(catalog.counts()['numpy_scipy_functions'])")
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 150


def test_scipy_rules_load_when_the_program_uses_scipy(tmp_path):
    script = tmp_path / 'uses_scipy.py'
    script.write_text(
        'import sys\nimport numpy as np\nimport srcad\n'
        "assert 'scipy' not in sys.modules, 'import srcad should not import SciPy'\n"
        'from scipy import special\n'
        'def f(x):\n    return np.sum(special.erf(x) * special.expit(x))\n'
        'from srcad.testing import check_grad\n'
        'check_grad(f, np.linspace(-1.0, 1.0, 4))\nprint("ok")\n')
    if special is None:
        pytest.skip('SciPy is not installed')
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={**__import__('os').environ, 'PYTHONPATH': str(ROOT)}, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == 'ok', done.stderr
