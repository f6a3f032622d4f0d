"""What a destination's dtype says about the derivative of a value written into it.

NumPy casts a value written into an array (``y[i] = v``, ``y.fill(v)``,
``np.add.at(y, i, v)``, ``np.array(obj, dtype)``) to the array's dtype as the
code runs: a float written into integers or booleans is truncated, so no
derivative flows; into floats or complex numbers it flows.  Any other dtype
(``object``, a structured dtype with named fields, strings, dates) holds values
srcad does not follow: a differentiated value reaching one is refused.

The check is one attribute read (``dtype.kind``), made when the code runs,
so an int dtype that comes from data (``np.arange(4)``, ``np.zeros_like(idx)``,
``np.array([1, 2])``) is seen as surely as one spelled ``dtype=int``.
Plain NumPy, safe to export with the generated code.
"""

from __future__ import annotations

import numpy as np

from ..errors import RuntimeCheckError

#: dtype kinds whose values carry a derivative / carry none (integers, booleans)
DIFFERENTIABLE = 'fc'
NO_DERIVATIVE = 'biu'
FOLLOWED = DIFFERENTIABLE + NO_DERIVATIVE  # (any other kind: refused)


def _kind_name(dtype: np.dtype) -> str:
    if dtype.kind == 'O':
        return 'dtype=object'
    if dtype.names:
        return f'a structured dtype (fields {", ".join(dtype.names)})'
    return f'dtype {dtype}'


def refuse_dtype(dtype, what: str):
    """Raise srcad's refusal for a differentiated value meeting ``dtype`` in ``what``."""
    dtype = np.dtype(dtype)
    raise RuntimeCheckError(
        f'{what} with {_kind_name(dtype)} holding a differentiated value: srcad follows '
        f'derivatives through arrays of floating or complex numbers only (integers and '
        f'booleans carry none)',
        hint='keep differentiated numbers in a float array (np.array(values, dtype=float)), '
             'or several plain float arrays instead of named fields or objects')


def carries_no_derivative(dtype, what: str = 'an array') -> bool:
    """True for integers and booleans (the value is truncated: no derivative), False
    for floating and complex numbers; any other dtype is refused (``RuntimeCheckError``)."""
    kind = dtype.kind if isinstance(dtype, np.dtype) else np.dtype(dtype).kind
    if kind in DIFFERENTIABLE:
        return False
    if kind in NO_DERIVATIVE:
        return True
    refuse_dtype(dtype, what)


def written_no_derivative(ans, what: str = 'x[...] = v') -> bool:
    """Whether a value written into the array ``ans`` (the array after the write) lost
    its derivative to the array's dtype; False for lists, dicts and Python numbers."""
    if isinstance(ans, (np.ndarray, np.generic)):
        return carries_no_derivative(ans.dtype, what)
    return False


#: the ufunc NumPy runs for ``x op= v``, by operator (named in its errors)
UFUNC_NAMES = {'+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '//': 'floor_divide',
               '%': 'remainder', '**': 'power', '@': 'matmul', '<<': 'left_shift',
               '>>': 'right_shift', '|': 'bitwise_or', '^': 'bitwise_xor', '&': 'bitwise_and'}


def inplace_result(t, x, op: str):
    """``x`` after ``x op= v``, from ``t = x op v`` (how srcad computes it).  NumPy
    writes into ``x``: the result keeps ``x``'s shape (``np.zeros((3, 1)) += x`` of
    shape (3,) raises) and ``x``'s dtype, cast under ``same_kind`` casting
    (``x32 += y64`` is float32 again, ``np.arange(4) += 0.5`` raises; computed in the
    wider dtype, then rounded, as NumPy does).  A number, a list, a numpy scalar ``x``:
    Python's ``x = x op v``, ``t`` itself.  Raises NumPy's errors (ValueError, TypeError)."""
    if type(x) is not np.ndarray:
        return t
    if type(t) is np.ndarray and t.dtype is x.dtype and t.shape == x.shape:
        return t
    if not isinstance(t, (np.ndarray, np.generic)):  # (an object of the user's decided)
        return t
    if t.shape != x.shape:
        raise ValueError(f"non-broadcastable output operand with shape {x.shape} doesn't "
                         f"match the broadcast shape {t.shape}")
    if t.dtype != x.dtype and not np.can_cast(t.dtype, x.dtype, 'same_kind'):
        raise TypeError(f"Cannot cast ufunc {UFUNC_NAMES.get(op, op)!r} output from "
                        f"{t.dtype!r} to {x.dtype!r} with casting rule 'same_kind'")
    return np.asarray(t).astype(x.dtype, copy=False)  # (a 0-d x stays an array)


def inplace_tangent(dot, x):
    """The tangent of ``inplace_result(t, x, op)`` from ``t``'s: in ``x``'s dtype when
    ``x`` is an array of floating or complex numbers (as the value), else as it is."""
    if type(x) is np.ndarray and x.dtype.kind in DIFFERENTIABLE and \
            isinstance(dot, (np.ndarray, np.generic)) and dot.dtype != x.dtype:
        return np.asarray(dot).astype(x.dtype)
    return dot


def inplace_check(x, v, op: str) -> None:
    """NumPy's checks of ``x[i] op= v`` (``np.copyto(x, v)``, ``f(..., out=x)``) on
    the array ``x`` it writes (the part ``x[i]`` for ``x[i] op= v``; the write casts
    to the whole array's dtype): the result must keep ``x``'s shape (``np.zeros((3, 1))
    += x`` of shape (3,) raises) and cast to ``x``'s dtype under ``same_kind`` casting
    (``np.arange(4) += 0.5`` raises).  Raises NumPy's errors (ValueError, TypeError)."""
    if type(x) is not np.ndarray:  # (a number, a list, a tuple: Python's own +=)
        return
    if type(v) is np.ndarray:
        if v.dtype is x.dtype and (v.shape == x.shape or not v.ndim):
            return
        shape = v.shape
    elif type(v) is float:
        if x.dtype.kind in DIFFERENTIABLE:
            return
        shape = ()
    else:
        shape = np.shape(v)
    if shape != x.shape and shape and op != '@':  # (x @= v: NumPy's matmul checks it)
        full = np.broadcast_shapes(x.shape, shape)
        if full != x.shape:
            raise ValueError(f"non-broadcastable output operand with shape {x.shape} doesn't "
                             f"match the broadcast shape {full}")
    try:
        result = np.result_type(x, v)
    except TypeError:  # (an object of the user's: its own __radd__ decides, as in NumPy)
        return
    if op == '/' and result.kind in NO_DERIVATIVE:
        result = np.dtype(float)
    if result != x.dtype and not np.can_cast(result, x.dtype, 'same_kind'):
        if op == '=':  # (np.copyto(dst, src), out=dst)
            raise TypeError(f"Cannot cast array data from {result!r} to {x.dtype!r} "
                            f"according to the rule 'same_kind'")
        raise TypeError(f"Cannot cast ufunc {op!r} output from {result!r} to {x.dtype!r} "
                        f"with casting rule 'same_kind'")
