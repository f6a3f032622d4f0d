"""Rules of NumPy's shape, copying, joining, splitting and indexing functions."""

import numpy as np

from ... import runtime
# the helper modules whose functions this module's templates call (importing registers them)
from ..products import helpers as products_helpers  # noqa: F401
from . import helpers as shapes_helpers, tangents  # noqa: F401
from . import helpers as helpers_shapes  # noqa: F401  (register the helpers)
from . import value_helpers  # noqa: F401  (the casts', np.pad's and np.interp's)
from ..registry import adjoint

# --- same elements, new shape ------------------------------------------------------
RESHAPE = 'np.reshape(g, np.shape(a))'
adjoint(np.reshape, 'a, shape=None, order="C", *, newshape=None, copy=None',
        a='np.reshape(g, np.shape(a), order=order)',
        facts={'view'}, tangent={'a': 'np.reshape(dot, np.shape(ans), order=order)'})
adjoint(np.ravel, 'a, order="C"', a='np.reshape(g, np.shape(a), order=order)',
        forward='linear', method=('ravel', 'flatten'), facts={'view'})
adjoint(np.squeeze, 'a, axis=None', a=RESHAPE, forward='linear', method='squeeze', facts={'view'})
adjoint(np.expand_dims, 'a, axis', a=RESHAPE, forward='linear', facts={'view'})
# (x.reshape(..., order='F') too)
adjoint(runtime.reshape_method, 'a, *shape, order="C"', a='np.reshape(g, np.shape(a), order=order)',
        forward=('linear', 'a'), method='reshape')
for fn in (np.atleast_1d, np.atleast_2d, np.atleast_3d):
    adjoint(fn, 'ary', ary='np.reshape(g, np.shape(ary))',
            forward='linear', facts={'view'})   # one array; more are refused
adjoint(np.transpose, 'a, axes=None', a='untranspose(g, axes)', forward='linear', facts={'view'})
adjoint(runtime.transpose_method, 'a, *axes',
        a='untranspose(g, axes[0] if len(axes) == 1 else (axes or None))',
        forward='linear', method='transpose')
adjoint(np.matrix_transpose, 'x, /', x='np.matrix_transpose(g)', forward='linear', facts={'view'})
adjoint(np.linalg.matrix_transpose, 'x, /', x='np.matrix_transpose(g)',
        tangent={'x': 'np.linalg.matrix_transpose(dot)'}, facts={'view'})
adjoint(np.moveaxis, 'a, source, destination', a='np.moveaxis(g, destination, source)',
        forward='linear', facts={'view'})
adjoint(np.swapaxes, 'a, axis1, axis2', a='np.swapaxes(g, axis1, axis2)',
        forward='linear', method='swapaxes', facts={'view'})
adjoint(np.rollaxis, 'a, axis, start=0', a='unrollaxis(g, a, axis, start)', forward='linear',
        constants=dict(start='an axis position'), facts={'view'})
adjoint(np.flip, 'm, axis=None', m='np.flip(g, axis)', forward='linear', facts={'view'})
adjoint(np.fliplr, 'm', m='np.fliplr(g)', forward='linear', facts={'view'})
adjoint(np.flipud, 'm', m='np.flipud(g)', forward='linear', facts={'view'})
adjoint(np.rot90, 'm, k=1, axes=(0, 1)', m='np.rot90(g, -k, axes)', forward='linear',
        facts={'view'})
adjoint(np.roll, 'a, shift, axis=None', a='np.roll(g, np.negative(shift), axis)', forward='linear')
adjoint(np.fft.fftshift, 'x, axes=None', x='np.fft.ifftshift(g, axes)',
        tangent={'x': 'np.fft.fftshift(dot, axes)'})
adjoint(np.fft.ifftshift, 'x, axes=None', x='np.fft.fftshift(g, axes)',
        tangent={'x': 'np.fft.ifftshift(dot, axes)'})

# --- copies and conversions ---------------------------------------------------------
# (casts: a derivative only into floating-point and complex dtypes, read when it runs)
adjoint(np.array, 'object, dtype=None, *, copy=True, order="K", subok=False, ndmin=0',
        object='array_adjoint(g, object, dtype, ans)',
        tangent={'object': 'array_tangent(dot, dtype, ndmin, ans)'})
for fn, facts in ((np.asarray, {'view'}), (np.asanyarray, {'view'}),  # (the same array when it
                  (np.ascontiguousarray, {'view'}), (np.asfortranarray, {'view'})):  # already fits)
    adjoint(fn, 'a, dtype=None, order=None', a='array_adjoint(g, a, dtype, ans)',
            tangent={'a': 'array_tangent(dot, dtype, 0, ans)'}, facts=facts)
adjoint(np.copy, 'a, order="K", subok=False', a='g',
        method='copy', tangent={'a': 'copy_tangent(dot, ans, order, subok)'})
adjoint(runtime.astype, 'a, dtype, copy=True', a='cast_adjoint(g, a, dtype)',
        method='astype', tangent={'a': 'cast_tangent(dot, dtype)'})
adjoint(np.broadcast_to, 'array, shape, subok=False', array='unbroadcast(g, array)',
        forward='linear', facts={'view'})
adjoint(np.broadcast_arrays, 'a, b=None, c=None, d=None, *, subok=False',
        **{x: f'unbroadcast(g[{i}], {x})' for i, x in enumerate('abcd')},
        tangent={'a': 'broadcast_arrays_tangent(dot, 0, a, b, c, d)',
                 'b': 'broadcast_arrays_tangent(dot, 1, a, b, c, d)',
                 'c': 'broadcast_arrays_tangent(dot, 2, a, b, c, d)',
                 'd': 'broadcast_arrays_tangent(dot, 3, a, b, c, d)'})
adjoint(np.meshgrid, 'x0, x1=None, x2=None, x3=None, *, copy=True, sparse=False, indexing="xy"',
        **{f'x{i}': f'unmeshgrid(g, {i}, x{i}, indexing)' for i in range(4)},
        tangent={'x0': 'meshgrid_tangent(dot, 0, x0, x1, x2, x3, copy, sparse, indexing)',
                 'x1': 'meshgrid_tangent(dot, 1, x0, x1, x2, x3, copy, sparse, indexing)',
                 'x2': 'meshgrid_tangent(dot, 2, x0, x1, x2, x3, copy, sparse, indexing)',
                 'x3': 'meshgrid_tangent(dot, 3, x0, x1, x2, x3, copy, sparse, indexing)'})
adjoint(np.tile, 'A, reps', A='untile(g, A, reps)', forward='linear')
adjoint(np.repeat, 'a, repeats, axis=None', a='unrepeat(g, a, repeats, axis)',
        forward='linear', method='repeat')
adjoint(np.resize, 'a, new_shape', a='uncopy(g, a, np.resize(flat_index(a), new_shape))',
        forward='linear')
# (np.pad is affine in the values it pads with: their adjoint is the padded area's)
_PAD_VALUES = ('constant_values', 'end_values')
adjoint(np.pad, 'array, pad_width, mode="constant", *, stat_length=None, '
                'constant_values=0, end_values=0, reflect_type="even"',
        array='unpad(g, array, pad_width, mode, reflect_type)',
        **{p: f'pad_values_adjoint(g, array, pad_width, mode, {p}, {p!r})' for p in _PAD_VALUES},
        tangent={'array': 'pad_tangent(dot, pad_width, mode, stat_length, reflect_type)',
                 **{p: f'pad_values_tangent(dot, array, pad_width, mode, {p!r})'
                    for p in _PAD_VALUES}})

# --- joining and splitting ----------------------------------------------------------
JOIN = 'tup, *, dtype=None, casting="same_kind"'
adjoint(np.concatenate, 'arrays, axis=0, out=None, *, dtype=None, casting="same_kind"',
        arrays='unconcatenate(g, arrays, axis)', forward='linear')
adjoint(np.stack, 'arrays, axis=0, out=None, *, dtype=None, casting="same_kind"',
        arrays='unstack(g, len(arrays), axis)', forward='linear')
adjoint(np.hstack, JOIN, tup='unjoin(g, tup, 0 if np.ndim(tup[0]) <= 1 else 1, np.atleast_1d)',
        forward='linear')
adjoint(np.vstack, JOIN, tup='unjoin(g, tup, 0, np.atleast_2d)', forward='linear')
adjoint(np.dstack, 'tup', tup='unjoin(g, tup, 2, np.atleast_3d)', forward='linear')
adjoint(np.column_stack, 'tup', tup='unjoin(g, tup, 1, as_column)', forward='linear')
adjoint(np.append, 'arr, values, axis=None',
        arr='unappend_array(g, arr, values, axis)[0]',
        values='unappend_array(g, arr, values, axis)[1]', forward='linear')
adjoint(np.insert, 'arr, obj, values, axis=None',
        arr='uninsert(g, arr, obj, values, axis)[0]',
        values='uninsert(g, arr, obj, values, axis)[1]', forward='linear')
adjoint(np.delete, 'arr, obj, axis=None',
        arr='uncopy(g, arr, np.delete(flat_index(arr), obj, axis))', forward='linear')
SPLIT = 'ary, indices_or_sections, axis=0'
# (the parts are views of ary: facts={'view'} makes a write through one refused, probe4 W9)
adjoint(np.split, SPLIT, ary='unsplit(g, ans, axis)', forward='linear', facts={'view'})
adjoint(np.array_split, SPLIT, ary='unsplit(g, ans, axis)', forward='linear', facts={'view'})
adjoint(np.hsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 1 if np.ndim(ary) > 1 else 0)',
        forward='linear', facts={'view'})
adjoint(np.vsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 0)', forward='linear',
        facts={'view'})
adjoint(np.dsplit, 'ary, indices_or_sections', ary='unsplit(g, ans, 2)', forward='linear',
        facts={'view'})
adjoint(np.unstack, 'x, /, *, axis=0', x='restack(g, ans, axis)', forward='linear')

# --- picking elements ---------------------------------------------------------------
adjoint(np.take, 'a, indices, axis=None, out=None, mode="raise"',
        a='untake(g, a, indices, axis, mode)', forward='linear', method='take')
adjoint(np.take_along_axis, 'arr, indices, axis=-1',
        arr='untake_along_axis(g, arr, indices, axis)', forward='linear')
adjoint(np.compress, 'condition, a, axis=None, out=None', a='uncompress(g, condition, a, axis)',
        forward='linear')
adjoint(helpers_shapes.compress_method, 'a, condition, axis=None, out=None',
        a='uncompress(g, condition, a, axis)', forward='linear', method='compress')
adjoint(np.extract, 'condition, arr', arr='uncompress(g, np.ravel(condition), arr)',
        forward='linear')
adjoint(helpers_shapes.item, 'a, *args', a='unitem(g, a, args)', forward='linear', method='item',
        constants=dict(args='an index'))
adjoint(np.diag, 'v, k=0', v='undiag(g, v, k)', forward='linear')
adjoint(np.diagflat, 'v, k=0', v='np.reshape(np.diag(g, k), np.shape(v))', forward='linear')
adjoint(np.diagonal, 'a, offset=0, axis1=0, axis2=1', a='undiagonal(g, a, offset, axis1, axis2)',
        forward='linear', method='diagonal', facts={'view'})
adjoint(np.linalg.diagonal, 'x, /, *, offset=0', x='undiagonal(g, x, offset, -2, -1)',
        tangent={'x': 'np.linalg.diagonal(dot, offset=offset)'})
adjoint(np.trace, 'a, offset=0, axis1=0, axis2=1, dtype=None, out=None',
        a='untrace(g, a, offset, axis1, axis2)', forward='linear', method='trace')
adjoint(np.linalg.trace, 'x, /, *, offset=0, dtype=None', x='untrace(g, x, offset, -2, -1)',
        tangent={'x': 'np.linalg.trace(dot, offset=offset, dtype=dtype)'})
adjoint(np.triu, 'm, k=0', m='unbroadcast(np.triu(g, k), m)', forward='linear')
adjoint(np.tril, 'm, k=0', m='unbroadcast(np.tril(g, k), m)', forward='linear')
adjoint(np.unique, 'ar, return_index=False, return_inverse=False, return_counts=False, '
                   'axis=None, *, equal_nan=True, sorted=True',
        ar='ununique(g, ar, return_index, return_inverse, return_counts, axis)',
        tangent={'ar': 'unique_tangent(dot, ar, ans, return_index, return_inverse, '
                       'return_counts, axis)'})
adjoint(np.bincount, 'x, /, weights=None, minlength=0', weights='np.take(g, x)', forward='linear',
        constants=dict(x='the bins (non-negative integers)'))
adjoint(np.interp, 'x, xp, fp, left=None, right=None, period=None',
        x='interp_dx(g, x, xp, fp, left, right, period)',
        xp='interp_dxp(g, x, xp, fp, left, right, period)',
        fp='interp_dfp(g, x, xp, fp, left, right, period)',
        tangent={'x': 'interp_dx(dot, x, xp, fp, left, right, period)',
                 'xp': 'interp_xp_tangent(dot, x, xp, fp, left, right, period)',
                 'fp': 'np.interp(x, xp, dot, None if left is None else 0.0, None if right is '
                       'None else 0.0, period)',
                 # left= and right=: the adjoint of the points outside xp
                 **{p: f'interp_outside_tangent(dot, x, xp, period, {p!r})'
                    for p in ('left', 'right')}},
        **{p: f'interp_outside_adjoint(g, x, xp, left, right, period, {p!r})'
           for p in ('left', 'right')})
