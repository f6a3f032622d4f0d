"""Rules of NumPy's shape, joining, indexing and product functions.

Functions that only rearrange or copy elements send each output adjoint back
to where the element came from (adding up copies); joins split the adjoint
into pieces, splits join the pieces' adjoints.  Products use the transposed
product: ``a`` in ``np.tensordot(a, b)`` receives ``g`` contracted with ``b``.

An argument that is a list of arrays (``np.concatenate``'s ``arrays``)
receives an ``AdjointList`` with one adjoint per array.  Functions that take
their arrays as ``*args`` (``np.einsum``, ``np.meshgrid``...) are declared
with a fixed number of optional array parameters instead, so each array gets
its own adjoint expression; a call with more arrays is refused.
"""

import numpy as np

from .. import runtime
from . import helpers_products, helpers_shapes  # noqa: F401  (register the helpers)
from .registry import adjoint

# --- same elements, new shape ------------------------------------------------------
RESHAPE = 'np.reshape(g, np.shape(a))'
adjoint(np.reshape, 'a, shape=None, order="C", *, newshape=None, copy=None',
        a='np.reshape(g, np.shape(a), order=order)')
adjoint(np.ravel, 'a, order="C"', a='np.reshape(g, np.shape(a), order=order)')
adjoint(np.squeeze, 'a, axis=None', a=RESHAPE)
adjoint(np.expand_dims, 'a, axis', a=RESHAPE)
adjoint(runtime.reshape_method, 'a, *shape', a=RESHAPE)
for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
    adjoint(fn, 'ary', ary='np.reshape(g, np.shape(ary))')   # one array; more are refused
adjoint(np.transpose, 'a, axes=None', a='untranspose(g, axes)')
adjoint(runtime.transpose_method, 'a, *axes',
        a='untranspose(g, axes[0] if len(axes) == 1 else (axes or None))')
adjoint(np.matrix_transpose, 'x, /', x='np.matrix_transpose(g)')
adjoint(np.linalg.matrix_transpose, 'x, /', x='np.matrix_transpose(g)')
adjoint(np.moveaxis, 'a, source, destination', a='np.moveaxis(g, destination, source)')
adjoint(np.swapaxes, 'a, axis1, axis2', a='np.swapaxes(g, axis1, axis2)')
adjoint(np.rollaxis, 'a, axis, start=0', a='unrollaxis(g, a, axis, start)')
adjoint(np.flip, 'm, axis=None', m='np.flip(g, axis)')
adjoint(np.fliplr, 'm', m='np.fliplr(g)')
adjoint(np.flipud, 'm', m='np.flipud(g)')
adjoint(np.rot90, 'm, k=1, axes=(0, 1)', m='np.rot90(g, -k, axes)')
adjoint(np.roll, 'a, shift, axis=None', a='np.roll(g, np.negative(shift), axis)')
adjoint(np.fft.fftshift, 'x, axes=None', x='np.fft.ifftshift(g, axes)')
adjoint(np.fft.ifftshift, 'x, axes=None', x='np.fft.fftshift(g, axes)')

# --- copies and conversions ---------------------------------------------------------
adjoint(np.array, 'object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0',
        object='unarray(g, object)')
for fn in (np.asarray, np.asanyarray, np.ascontiguousarray, np.asfortranarray):
    adjoint(fn, 'a, dtype=None, order=None', a='unarray(g, a)')
adjoint(np.copy, 'a, order="K", subok=False', a='g')
adjoint(runtime.astype, 'a, dtype, copy=True', a='uncast(g, a)')
adjoint(np.broadcast_to, 'array, shape, subok=False', array='unbroadcast(g, array)')
adjoint(np.broadcast_arrays, 'a, b=None, c=None, d=None, *, subok=False',
        **{x: f'unbroadcast(g[{i}], {x})' for i, x in enumerate('abcd')})
adjoint(np.meshgrid, 'x0, x1=None, x2=None, x3=None, *, copy=True, sparse=False, indexing="xy"',
        **{f'x{i}': f'unmeshgrid(g, {i}, x{i}, indexing)' for i in range(4)})
adjoint(np.tile, 'A, reps', A='untile(g, A, reps)')
adjoint(np.repeat, 'a, repeats, axis=None', a='unrepeat(g, a, repeats, axis)')
adjoint(np.resize, 'a, new_shape', a='uncopy(g, a, np.resize(flat_index(a), new_shape))')
adjoint(np.pad, 'array, pad_width, mode="constant", *, stat_length=None, '
                'constant_values=0, end_values=0, reflect_type="even"',
        array='unpad(g, array, pad_width, mode, reflect_type)')

# --- joining and splitting ----------------------------------------------------------
JOIN = 'tup, *, dtype=None, casting="same_kind"'
adjoint(np.concatenate, 'arrays, axis=0, out=None, *, dtype=None, casting="same_kind"',
        arrays='unconcatenate(g, arrays, axis)')
adjoint(np.stack, 'arrays, axis=0, out=None, *, dtype=None, casting="same_kind"',
        arrays='unstack(g, len(arrays), axis)')
adjoint(np.hstack, JOIN, tup='unjoin(g, tup, 0 if np.ndim(tup[0]) <= 1 else 1, np.atleast_1d)')
adjoint(np.vstack, JOIN, tup='unjoin(g, tup, 0, np.atleast_2d)')
adjoint(np.dstack, 'tup', tup='unjoin(g, tup, 2, np.atleast_3d)')
adjoint(np.column_stack, 'tup', tup='unjoin(g, tup, 1, as_column)')
adjoint(np.append, 'arr, values, axis=None',
        arr='unappend(g, arr, values, axis)[0]', values='unappend(g, arr, values, axis)[1]')
adjoint(np.insert, 'arr, obj, values, axis=None',
        arr='uninsert(g, arr, obj, values, axis)[0]',
        values='uninsert(g, arr, obj, values, axis)[1]')
adjoint(np.delete, 'arr, obj, axis=None',
        arr='uncopy(g, arr, np.delete(flat_index(arr), obj, axis))')
SPLIT = 'ary, indices_or_sections, axis=0'
adjoint(np.split, SPLIT, ary='unsplit(g, ans, axis)')
adjoint(np.array_split, SPLIT, ary='unsplit(g, ans, axis)')
adjoint(np.hsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 1 if np.ndim(ary) > 1 else 0)')
adjoint(np.vsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 0)')
adjoint(np.dsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 2)')
adjoint(np.unstack, 'x, /, *, axis=0', x='restack(g, ans, axis)')

# --- picking elements ---------------------------------------------------------------
adjoint(np.take, 'a, indices, axis=None, out=None, mode="raise"',
        a='untake(g, a, indices, axis, mode)')
adjoint(np.take_along_axis, 'arr, indices, axis=-1',
        arr='untake_along_axis(g, arr, indices, axis)')
adjoint(np.compress, 'condition, a, axis=None, out=None', a='uncompress(g, condition, a, axis)')
adjoint(helpers_shapes.compress_method, 'a, condition, axis=None, out=None',
        a='uncompress(g, condition, a, axis)')
adjoint(np.extract, 'condition, arr', arr='uncompress(g, np.ravel(condition), arr)')
adjoint(helpers_shapes.item, 'a, *args', a='unitem(g, a, args)')
adjoint(np.diag, 'v, k=0', v='undiag(g, v, k)')
adjoint(np.diagflat, 'v, k=0', v='np.reshape(np.diag(g, k), np.shape(v))')
adjoint(np.diagonal, 'a, offset=0, axis1=0, axis2=1', a='undiagonal(g, a, offset, axis1, axis2)')
adjoint(np.linalg.diagonal, 'x, /, *, offset=0', x='undiagonal(g, x, offset, -2, -1)')
adjoint(np.trace, 'a, offset=0, axis1=0, axis2=1, dtype=None, out=None',
        a='untrace(g, a, offset, axis1, axis2)')
adjoint(np.linalg.trace, 'x, /, *, offset=0, dtype=None', x='untrace(g, x, offset, -2, -1)')
adjoint(np.triu, 'm, k=0', m='unbroadcast(np.triu(g, k), m)')
adjoint(np.tril, 'm, k=0', m='unbroadcast(np.tril(g, k), m)')
adjoint(np.unique, 'ar, return_index=False, return_inverse=False, return_counts=False, '
                   'axis=None, *, equal_nan=True, sorted=True',
        ar='ununique(g, ar, return_index, return_inverse, return_counts, axis)')
adjoint(np.bincount, 'x, /, weights=None, minlength=0', weights='np.take(g, x)')
adjoint(np.interp, 'x, xp, fp, left=None, right=None, period=None',
        x='interp_dx(g, x, xp, fp, left, right, period)',
        xp='interp_dxp(g, x, xp, fp, left, right, period)',
        fp='interp_dfp(g, x, xp, fp, left, right, period)')

# --- products -----------------------------------------------------------------------
adjoint(np.dot, 'a, b, out=None', a='dot_da(g, a, b)', b='dot_db(g, a, b)')
adjoint(np.linalg.matmul, 'x1, x2, /', x1='matmul_dx(g, x1, x2)', x2='matmul_dy(g, x1, x2)')
adjoint(np.vdot, 'a, b, /', a='np.reshape(np.conj(g * np.ravel(b)), np.shape(a))',
        b='np.reshape(g * np.conj(np.ravel(a)), np.shape(b))')
adjoint(np.inner, 'a, b, /', a='inner_da(g, a, b)', b='inner_db(g, a, b)')
for fn in (np.outer, np.linalg.outer):
    adjoint(fn, 'a, b, out=None', a='np.reshape(g @ np.ravel(b), np.shape(a))',
            b='np.reshape(np.ravel(a) @ g, np.shape(b))')
for fn in (np.tensordot, np.linalg.tensordot):
    adjoint(fn, 'a, b, axes=2', a='tensordot_da(g, a, b, axes)', b='tensordot_db(g, a, b, axes)')
EINSUM_OPERANDS = ', '.join(f'operand{i}' for i in range(6))
adjoint(np.einsum, f'subscripts, operand0, {", ".join(f"operand{i}=None" for i in range(1, 6))}, *, '
                   'out=None, dtype=None, order="K", casting="safe", optimize=False',
        # in the sublist form (np.einsum(a, [0, 1], b, [1, 2])) subscripts is an operand
        subscripts=f'einsum_adjoint(g, subscripts, -1, {EINSUM_OPERANDS})',
        **{f'operand{i}': f'einsum_adjoint(g, subscripts, {i}, {EINSUM_OPERANDS})' for i in range(6)})
adjoint(np.kron, 'a, b', a='kron_adjoint(g, a, b, 0)', b='kron_adjoint(g, a, b, 1)')
adjoint(np.cross, 'a, b, axisa=-1, axisb=-1, axisc=-1, axis=None',
        a='cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 0)',
        b='cross_adjoint(g, a, b, axisa, axisb, axisc, axis, 1)')
adjoint(np.linalg.cross, 'x1, x2, /, *, axis=-1',
        x1='cross_adjoint(g, x1, x2, axis=axis, which=0)',
        x2='cross_adjoint(g, x1, x2, axis=axis, which=1)')
for fn in (np.vecdot, np.linalg.vecdot):
    adjoint(fn, 'x1, x2, /, *, axis=-1', x1='vecdot_adjoint(g, x1, x2, axis, 0)',
            x2='vecdot_adjoint(g, x1, x2, axis, 1)')
adjoint(np.matvec, 'x1, x2, /',
        x1='unbroadcast(np.asarray(g)[..., :, None] * np.asarray(x2)[..., None, :], x1)',
        x2='unbroadcast(np.matvec(np.matrix_transpose(x1), g), x2)')
adjoint(np.vecmat, 'x1, x2, /',
        x1='unbroadcast(np.conj(np.matvec(x2, g)), x1)',
        x2='unbroadcast(np.conj(np.asarray(x1))[..., :, None] * np.asarray(g)[..., None, :], x2)')
adjoint(np.linalg.multi_dot, 'arrays, *, out=None', arrays='multi_dot_adjoint(g, arrays)')
adjoint(np.polyval, 'p, x', p='polyval_dp(g, p, x)', x='g * np.polyval(np.polyder(p), x)')
adjoint(np.convolve, 'a, v, mode="full"', a='unconvolve(g, a, v, mode)',
        v='unconvolve(g, v, a, mode)')
adjoint(np.correlate, 'a, v, mode="valid"', a='unconvolve(g, a, np.conj(v[::-1]), mode)',
        v='np.conj(unconvolve(g, np.conj(v[::-1]), a, mode)[::-1])')
