"""Forward-mode (tangent) rules for the rest of the rule library: every function
with a reverse rule gets a tangent for each of its differentiable parameters.

:mod:`.forward_rules` covers the operators and core NumPy; this module covers
everything else, in the order of the reverse-rule modules.  As there, most
rules need no new math: elementwise functions reuse their adjoint
(:func:`.forward_rules.elementwise_tangents`), functions that only move or
copy elements are their own tangent (:func:`linear`), products take one
factor's tangent at a time (:func:`multilinear`).  What is left is written
out with :func:`tangent`, the longer ones as helpers in
:mod:`.helpers_tangents` and :mod:`.helpers_tangents_linalg`.

A function with several outputs (``np.linalg.eigh``...) gets a
:class:`~.helpers_tangents.TangentTuple`, one tangent per output.
"""

import builtins
import math

import numpy as np

from . import helpers_shapes, helpers_tangents, helpers_tangents_linalg  # noqa: F401
from .forward_rules import elementwise_tangents
from .registry import linear, multilinear, tangent

la, fft = np.linalg, np.fft

# --- elementwise (numpy.py) -------------------------------------------------------------
elementwise_tangents(np.hypot, np.arctan2, np.logaddexp, np.logaddexp2, np.fmod, np.copysign,
                     np.ldexp, np.fmax, np.fmin, np.nan_to_num, builtins.pow)
elementwise_tangents(math.pow, math.atan2, math.hypot)
tangent(np.angle, z='np.imag(dot / np.where(z == 0, 1, z)) * (180 / np.pi if deg else 1.0)')
tangent(np.divmod, x='divmod_tangent(dot, ans, 0)', y='divmod_tangent(dot, ans, 1)')
tangent(np.modf, x='TangentTuple((dot, zero_tangent(ans[1])))')
tangent(np.frexp, x='TangentTuple((np.ldexp(dot, -ans[1]), zero_tangent(ans[1])))')
linear(np.select, 'choicelist', 'default')

# --- reductions -------------------------------------------------------------------------
MAX = 'np.sum(dot * extremum_mask(a, ans, axis, keepdims), axis=axis, keepdims=keepdims)'
tangent(np.nanmax, a=MAX)
tangent(np.nanmin, a=MAX)
tangent(np.ptp, a='np.sum(dot * ptp_share(a, axis), axis=axis, keepdims=keepdims)')
tangent(np.nansum, a='np.sum(np.where(np.isnan(a), 0, dot), axis=axis, keepdims=keepdims)')
tangent(np.nanmean,
        a='np.nanmean(np.where(np.isnan(a), np.nan, dot), axis=axis, keepdims=keepdims)')
tangent(np.nanprod, a='np.sum(np.where(np.isnan(a), 0, dot * prod_others(np.where(np.isnan(a), '
                      '1, a), axis)), axis=axis, keepdims=keepdims)')
tangent(np.nanvar, a='nanvar_tangent(dot, a, axis, ddof, keepdims)')
tangent(np.nanstd, a='nanvar_tangent(dot, a, axis, ddof, keepdims) '
                     '/ (2 * np.where(ans == 0, np.inf, ans))')
tangent(np.average, a='average_tangent(dot, a, ans, axis, weights, returned, keepdims, 0)',
        weights='average_tangent(dot, a, ans, axis, weights, returned, keepdims, 1)')
tangent(np.median, a='median_tangent(dot, a, axis, keepdims)')
tangent(np.nanmedian, a='median_tangent(dot, a, axis, keepdims, True)')
tangent(np.quantile, a='quantile_tangent(dot, a, q, axis, keepdims, method)')
tangent(np.nanquantile, a='quantile_tangent(dot, a, q, axis, keepdims, method, True)')
tangent(np.percentile, a='percentile_tangent(dot, a, q, axis, keepdims, method)')
tangent(np.nanpercentile, a='percentile_tangent(dot, a, q, axis, keepdims, method, True)')

# --- cumulative, differences, order ---------------------------------------------------------
linear(np.cumsum, 'a')
linear(np.cumulative_sum, 'x')
tangent(np.nancumsum, a='np.cumsum(np.where(np.isnan(a), 0, dot), axis=axis)')
tangent(np.cumprod, a='cumprod_tangent(dot, a, ans, axis)')
tangent(np.nancumprod,
        a='cumprod_tangent(np.where(np.isnan(a), 0, dot), np.where(np.isnan(a), 1, a), ans, axis)')
tangent(np.cumulative_prod, x='cumulative_prod_tangent(dot, x, ans, axis, include_initial)')
tangent(np.diff, **{p: f'diff_tangent(dot, {p!r}, a, n, axis, prepend, append)'
                    for p in ('a', 'prepend', 'append')})
linear(np.ediff1d, 'ary', 'to_end', 'to_begin')
tangent(np.sort, a='permute_tangent(dot, a, ans, axis)')
tangent(np.partition, a='permute_tangent(dot, a, ans, axis)')

# --- Python builtins -------------------------------------------------------------------
linear(builtins.sum, 'iterable', 'start')
for fn in (builtins.max, builtins.min):
    tangent(fn, **{x: f'extreme_tangent(dot, ans, {i}, a, b, c, d)' for i, x in enumerate('abcd')})
linear(builtins.list, 'iterable')
linear(builtins.tuple, 'iterable')

# --- same elements, new shape (shapes.py) ----------------------------------------------
for fn in (np.squeeze, np.expand_dims, np.atleast_1d, np.atleast_2d, np.atleast_3d,
           np.matrix_transpose, np.moveaxis, np.swapaxes, np.rollaxis, np.flip, np.fliplr,
           np.flipud, np.rot90, np.roll, np.broadcast_to, np.tile, np.repeat, np.resize,
           np.hstack, np.vstack, np.dstack, np.column_stack, np.delete, np.split, np.array_split, np.hsplit, np.vsplit, np.dsplit,
           np.unstack, np.take, np.take_along_axis, np.compress, helpers_shapes.compress_method,
           np.extract, helpers_shapes.item, np.diag, np.diagflat, np.diagonal, np.trace, np.triu,
           np.tril, np.bincount):
    linear(fn)
for fn in (np.asanyarray, np.ascontiguousarray, np.asfortranarray):
    tangent(fn, a=f'np.{fn.__name__}(dot, dtype)')
tangent(la.matrix_transpose, x='np.linalg.matrix_transpose(dot)')
tangent(fft.fftshift, x='np.fft.fftshift(dot, axes)')
tangent(fft.ifftshift, x='np.fft.ifftshift(dot, axes)')
tangent(np.pad, array='pad_tangent(dot, pad_width, mode, stat_length, reflect_type)')
tangent(np.broadcast_arrays,
        **{x: f'broadcast_arrays_tangent(dot, {i}, a, b, c, d)' for i, x in enumerate('abcd')})
tangent(np.meshgrid, **{f'x{i}': f'meshgrid_tangent(dot, {i}, x0, x1, x2, x3, copy, sparse, '
                                 'indexing)' for i in range(4)})
linear(np.append, 'arr', 'values')
linear(np.insert, 'arr', 'values')
tangent(la.diagonal, x='np.linalg.diagonal(dot, offset=offset)')
tangent(la.trace, x='np.linalg.trace(dot, offset=offset, dtype=dtype)')
tangent(np.unique, ar='unique_tangent(dot, ar, ans, return_index, return_inverse, '
                      'return_counts, axis)')
tangent(np.interp, x='interp_dx(dot, x, xp, fp, left, right, period)',
        xp='interp_xp_tangent(dot, x, xp, fp, left, right, period)',
        fp='np.interp(x, xp, dot, None if left is None else 0.0, '
           'None if right is None else 0.0, period)')

# --- products ------------------------------------------------------------------------------
for fn in (np.vdot, np.inner, np.tensordot, np.kron, np.cross, np.vecdot, np.matvec, np.vecmat,
           np.convolve, np.correlate):
    multilinear(fn)
tangent(la.matmul, x1='np.linalg.matmul(dot, x2)', x2='np.linalg.matmul(x1, dot)')
for fn, name in ((np.outer, 'np.outer'), (la.outer, 'np.linalg.outer')):   # without out=None
    tangent(fn, a=f'{name}(dot, b)', b=f'{name}(a, dot)')
tangent(la.tensordot, a='np.linalg.tensordot(dot, b, axes=axes)',
        b='np.linalg.tensordot(a, dot, axes=axes)')
tangent(la.cross, x1='np.linalg.cross(dot, x2, axis=axis)',
        x2='np.linalg.cross(x1, dot, axis=axis)')
tangent(la.vecdot, x1='np.linalg.vecdot(dot, x2, axis=axis)',
        x2='np.linalg.vecdot(x1, dot, axis=axis)')
OPERANDS = ', '.join(f'operand{i}' for i in range(6))
tangent(np.einsum, subscripts=f'einsum_tangent(dot, subscripts, -1, {OPERANDS})',  # sublists
        **{f'operand{i}': f'einsum_tangent(dot, subscripts, {i}, {OPERANDS})'
           for i in range(6)})
tangent(la.multi_dot, arrays='multi_dot_tangent(dot, arrays, ans)')
tangent(np.polyval, p='np.polyval(dot, x)', x='dot * np.polyval(np.polyder(p), x)')

# --- np.linalg (linalg.py) -----------------------------------------------------------------
TRACE_SOLVE = 'np.trace(np.linalg.solve(a, dot), axis1=-2, axis2=-1)'
tangent(la.inv, a='-(ans @ dot @ ans)')
tangent(la.det, a=f'ans * {TRACE_SOLVE}')
tangent(la.slogdet, a=f'TangentTuple((zero_tangent(ans[0]), {TRACE_SOLVE}))')
tangent(la.solve, a='solve_tangent(dot, a, b, ans, 0)', b='solve_tangent(dot, a, b, ans, 1)')
tangent(la.cholesky, a='cholesky_tangent(dot, ans, upper)')
tangent(la.eigh, a='eigh_tangent(dot, ans, UPLO)')
tangent(la.eigvalsh, a='eigvalsh_tangent(dot, a, UPLO)')
tangent(la.svd, a='svd_tangent(dot, ans, a, full_matrices, compute_uv, hermitian)')
tangent(la.svdvals, x='svdvals_tangent(dot, x)')
tangent(la.pinv, a='pinv_tangent(dot, a, ans)')
tangent(la.qr, a='qr_tangent(dot, ans, a, mode)')
tangent(la.lstsq, a='lstsq_tangent(dot, ans, a, b, 0)', b='lstsq_tangent(dot, ans, a, b, 1)')
tangent(la.matrix_power, a='matrix_power_tangent(dot, a, n)')
tangent(la.tensorinv, a='tensorinv_tangent(dot, a, ans, ind)')
tangent(la.norm, x='norm_tangent(dot, x, ans, ord, axis, keepdims)')
tangent(la.vector_norm, x='vector_norm_tangent(dot, x, ans, ord, axis, keepdims)')
tangent(la.matrix_norm, x='matrix_norm_tangent(dot, x, ans, ord, keepdims)')

# --- np.fft: linear, so each transform is its own tangent -------------------------------
for name in ('fft', 'ifft', 'rfft', 'irfft', 'hfft', 'ihfft'):
    tangent(getattr(fft, name), a=f'np.fft.{name}(dot, n, axis, norm)')
for name in ('fftn', 'ifftn', 'fft2', 'ifft2', 'rfftn', 'irfftn', 'rfft2', 'irfft2'):
    tangent(getattr(fft, name), a=f'np.fft.{name}(dot, s, axes, norm)')

# --- scipy.special and scipy.linalg --------------------------------------------------------
def scipy_tangents(special, sla):
    """Forward rules of scipy.special and scipy.linalg (loaded when SciPy is in use;
    solve, inv, eigh: :mod:`.scipy_linalg_more`)."""
    from . import scipy_special
    elementwise_tangents(*scipy_special.UNARY, *scipy_special.BINARY, *scipy_special.ORDERED)
    tangent(special.logsumexp,
            a='logsumexp_tangent(dot, a, ans, axis, b, keepdims, return_sign, 0)',
            b='logsumexp_tangent(dot, a, ans, axis, b, keepdims, return_sign, 1)')
    tangent(special.softmax, x='ans * (dot - np.sum(dot * ans, axis=axis, keepdims=True))')
    tangent(special.log_softmax, x='dot - np.sum(np.exp(ans) * dot, axis=axis, keepdims=True)')
    TRIANGULAR = 'dot, a, b, ans, trans, lower, unit_diagonal'
    tangent(sla.solve_triangular, a=f'solve_triangular_tangent({TRIANGULAR}, 0)',
            b=f'solve_triangular_tangent({TRIANGULAR}, 1)')
    tangent(sla.expm, A='expm_tangent(dot, A)')
    tangent(sla.sqrtm, A='scipy_linalg.solve_sylvester(ans, ans, dot)')
    tangent(sla.cholesky, a='cholesky_tangent(dot, ans, not lower)')
    tangent(sla.det, a=f'ans * {TRACE_SOLVE}')
