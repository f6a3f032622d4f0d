"""Arrays' methods and attributes (``x.sum()`` is ``np.sum(x)``: differentiable
functions declare theirs in their entries, ``method=``), and the NumPy functions
whose outputs carry no derivative."""

import builtins
import numpy as np

from .registry import attribute, declare_facts, method, nondifferentiable

# --- methods and attributes of arrays: x.sum() means np.sum(x) ---------------
# (the methods of differentiable functions are declared in their entries: method=)
for name, fn in {
    'argmax': np.argmax, 'argmin': np.argmin, 'argsort': np.argsort,
    'argpartition': np.argpartition, 'nonzero': np.nonzero, 'round': np.round,
    'all': np.all, 'any': np.any, 'searchsorted': np.searchsorted,
}.items():
    method(name, fn)  # (no derivative: declared with nondifferentiable below)

# facts of functions that have no rule (the compiler handles them itself)
declare_facts(np.apply_along_axis, np.apply_over_axes, np.vectorize, np.frompyfunc,
              np.piecewise, facts={'calls_back'})
declare_facts(np.zeros, np.ones, np.empty, facts={'array_maker'})  # (shape, dtype=float, order='C')
attribute('T', np.transpose)
attribute('mT', np.matrix_transpose)
attribute('real', np.real)
attribute('imag', np.imag)
for name in ('shape', 'ndim', 'size', 'dtype'):
    attribute(name, getattr(np, name) if name != 'dtype' else np.result_type)
nondifferentiable(
    np.argmax, np.argmin, np.argsort, np.argpartition, np.nanargmax, np.nanargmin,
    np.argwhere, np.lexsort, np.signbit, np.floor, np.ceil, np.round, np.around,
    np.rint, np.trunc, np.fix, np.spacing, np.gcd, np.lcm,
    np.shape, np.ndim, np.size, np.result_type, np.broadcast_shapes, np.promote_types,
    np.can_cast, np.issubdtype, np.iscomplexobj, np.isrealobj, np.isscalar,
    np.iscomplex, np.isreal, np.zeros_like, np.ones_like, np.empty_like,
    np.zeros, np.ones, np.empty, np.eye, np.identity, np.tri, np.indices, np.tril_indices,
    np.triu_indices, np.diag_indices, np.unravel_index, np.ravel_multi_index,
    np.isnan, np.isinf, np.isfinite, np.isposinf, np.isneginf, np.allclose, np.isclose,
    np.array_equal, np.array_equiv, np.logical_and, np.logical_or, np.logical_not,
    np.logical_xor, np.equal, np.not_equal, np.less, np.less_equal, np.greater,
    np.greater_equal, np.any, np.all, np.count_nonzero, np.nonzero, np.flatnonzero,
    np.searchsorted, np.digitize, np.isin, np.bitwise_and, np.bitwise_or,
    np.bitwise_xor, np.invert, np.left_shift, np.right_shift, np.linalg.matrix_rank,
    builtins.len, builtins.range, builtins.isinstance, builtins.print, builtins.round)
