"""The helpers ``np.piecewise`` and ``np.apply_along_axis`` are written out with
(:mod:`srcad.compiler.library_calls`), and their rules: each is linear in the
values it moves, in reverse and forward mode and to second order.

* ``piecewise_part(x, condlist, i, n)``: the elements of ``x`` the ``i``-th of ``n``
  functions is applied to (NumPy's reading of ``condlist``: one condition more for
  "otherwise" when there is one function more than conditions);
* ``piecewise_join(x, condlist, n, values)``: ``zeros_like(x)`` with each value written
  where its condition holds, later conditions over earlier ones (so an element two
  conditions select takes, and passes its adjoint to, the later value only);
* ``along_axis_rows(arr, axis)``: the 1-D slices of ``arr`` along ``axis``, as rows;
* ``along_axis_join(results, arr, axis)``: the results of the function on those slices,
  put where NumPy puts them (the result's axes in place of ``axis``).
"""

from __future__ import annotations

import numpy as np

from ...runtime import AdjointList, unbroadcast
from ...errors import RuntimeCheckError
from ..registry import adjoint, linear, register_helpers
from ..runtime_helpers.second_order import signature_of


# --- np.piecewise ----------------------------------------------------------------------------
def piecewise_masks(x, condlist, n):
    """The ``n`` boolean masks ``np.piecewise(x, condlist, <n functions>)`` applies its
    functions on (read as NumPy reads them)."""
    x = np.asanyarray(x)
    if np.isscalar(condlist) or (not isinstance(condlist[0], (list, np.ndarray))
                                 and x.ndim != 0):
        condlist = [condlist]
    conds = np.asarray(condlist, dtype=bool)
    if len(conds) == n - 1:
        conds = np.concatenate([conds, ~np.any(conds, axis=0, keepdims=True)], axis=0)
    elif len(conds) != n:
        raise ValueError(f'with {len(conds)} condition(s), either {len(conds)} or '
                         f'{len(conds) + 1} functions are expected')
    return conds


def piecewise_part(x, condlist, i, n):
    """The elements of ``x`` the ``i``-th function of ``np.piecewise`` is applied to."""
    return np.asanyarray(x)[piecewise_masks(x, condlist, n)[i]]


def piecewise_part_adjoint(g, x, condlist, i, n):
    """The adjoint of ``x`` in ``piecewise_part(x, condlist, i, n)``."""
    x = np.asanyarray(x)
    out = np.zeros(x.shape, dtype=np.result_type(x, g, 1.0))
    out[piecewise_masks(x, condlist, n)[i]] = g
    return out


def piecewise_join(x, condlist, n, values):
    """``np.piecewise``'s result: ``zeros_like(x)`` with ``values[i]`` where the ``i``-th
    condition holds (in order: a later condition overwrites an earlier one)."""
    x = np.asanyarray(x)
    if len(values) != n:
        raise RuntimeCheckError(f'np.piecewise: {len(values)} values for {n} functions')
    y = np.zeros_like(x)
    for mask, value in zip(piecewise_masks(x, condlist, n), values):
        y[mask] = value
    return y


def piecewise_join_adjoint(g, x, condlist, n, values):
    """The adjoints of ``values`` in ``piecewise_join``: each value gets ``g`` where it
    was written and no later condition wrote over it (nothing when the result's dtype
    is not floating: the values were truncated to integers)."""
    x = np.asanyarray(x)
    g = np.array(np.broadcast_to(g, x.shape), dtype=np.result_type(g, 1.0))
    inexact = np.issubdtype(x.dtype, np.inexact)
    out = [None] * len(values)
    for i, mask in reversed(list(enumerate(piecewise_masks(x, condlist, n)))):
        taken = g[mask] if inexact else np.zeros(int(np.sum(mask)))
        out[i] = unbroadcast(taken, values[i]) if np.ndim(values[i]) or np.size(taken) != 1 \
            else np.reshape(taken, np.shape(values[i]))
        g[mask] = 0
    return AdjointList(out)


# --- np.apply_along_axis ---------------------------------------------------------------------
def along_axis_rows(arr, axis):
    """The 1-D slices of ``arr`` along ``axis``, one per row (in NumPy's order)."""
    moved = np.moveaxis(np.asanyarray(arr), axis, -1)
    return np.reshape(moved, (-1, moved.shape[-1]))


def along_axis_rows_adjoint(g, arr, axis):
    """The adjoint of ``arr`` in ``along_axis_rows(arr, axis)``."""
    moved = np.moveaxis(np.asanyarray(arr), axis, -1)
    return np.moveaxis(np.reshape(g, moved.shape), -1, axis)


def _placement(arr, axis, result_ndim):
    arr = np.asanyarray(arr)
    axis = axis + arr.ndim if axis < 0 else axis
    outer = arr.shape[:axis] + arr.shape[axis + 1:]
    ends = list(range(len(outer), len(outer) + result_ndim))
    return outer, ends, list(range(axis, axis + result_ndim))


def along_axis_join(results, arr, axis):
    """``np.apply_along_axis``'s result from the function's results on each row."""
    stacked = np.stack([np.asanyarray(r) for r in results])
    outer, ends, places = _placement(arr, axis, stacked.ndim - 1)
    return np.moveaxis(np.reshape(stacked, outer + stacked.shape[1:]), ends, places)


def along_axis_join_adjoint(g, results, arr, axis):
    """The adjoints of ``results`` in ``along_axis_join(results, arr, axis)``."""
    shape = np.shape(results[0])
    outer, ends, places = _placement(arr, axis, len(shape))
    rows = np.reshape(np.moveaxis(g, places, ends), (-1,) + shape)
    return AdjointList(np.reshape(row, np.shape(r)) for row, r in zip(rows, results))


HELPERS = {f.__name__: f for f in (piecewise_part_adjoint, piecewise_join_adjoint,
                                   along_axis_rows_adjoint, along_axis_join_adjoint)}
register_helpers(HELPERS)

SHAPE = 'read for its shape (and dtype) only'
adjoint(piecewise_part, 'x, condlist, i, n', x='piecewise_part_adjoint(g, x, condlist, i, n)',
        forward=('linear', 'x'))
adjoint(piecewise_join, 'x, condlist, n, values',
        values='piecewise_join_adjoint(g, x, condlist, n, values)', forward=('linear', 'values'),
        constants=dict(x=SHAPE))
adjoint(along_axis_rows, 'arr, axis', arr='along_axis_rows_adjoint(g, arr, axis)',
        forward=('linear', 'arr'))
adjoint(along_axis_join, 'results, arr, axis',
        results='along_axis_join_adjoint(g, results, arr, axis)', forward=('linear', 'results'),
        constants=dict(arr=SHAPE))
for fn in (piecewise_part_adjoint, piecewise_join_adjoint, along_axis_rows_adjoint,
           along_axis_join_adjoint):
    linear(fn, 'g', signature=signature_of(fn))
