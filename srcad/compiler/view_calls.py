"""Which arguments a call's result may share data with (a view, or the very object).

NumPy hands back a view of an argument, or the argument itself, from more calls than
the shape functions whose rules say ``facts={'view'}``: a one-operand ``np.einsum``
(``'ii->i'``, ``'ij->ji'``, ``'ij'``), ``np.unstack``'s parts, ``np.array(y, copy=None)``
and ``copy=False``, ``y.astype(t, copy=False)``, ``np.real`` and ``np.imag``, the
parts of ``np.broadcast_arrays`` and ``np.meshgrid(copy=False)``,
``np.linalg.matrix_power(a, 1)``, ``np.polyder(p, 0)``, ``np.real_if_close``,
``np.asarray_chkfinite``, ``np.float64(a)``, ``a.conjugate()`` of a real array, the
edges of ``np.histogram(a, bins=edges)``...  Whether it does may depend on values known
only when the code runs (the argument's dtype, ``n == 1``): such a call counts as a view
unless its constant arguments say it surely copies (default-deny: a write through one
name that another would see is refused by :mod:`srcad.compiler.mutation`).

:func:`viewed` answers for one normalized call; :func:`returns_a_view` for a call in the
source of a function of the user's (``return np.moveaxis(m, 0, 1)`` returns its argument's
data).  When taking such a call for a view refuses a program (``J = np.diag(v);
J -= ...``), :func:`maybe_views` names the calls whose answer depends on the running values
and :mod:`srcad.compiler.mutation` checks the program again taking them for new arrays,
each then checked when the code runs (:func:`no_shared_data`).  Calls that write into
an argument (``np.nan_to_num(y, copy=False)``, SciPy's ``overwrite_a=True``):
:mod:`srcad.compiler.overwrites`.
"""

from __future__ import annotations

import ast
import contextlib
import contextvars

import numpy as np

from ..rules.registry import has_fact

#: the methods and attributes whose result is (a view of) the array's data
VIEW_METHODS = {'reshape', 'ravel', 'transpose', 'squeeze', 'swapaxes', 'view', 'diagonal',
                'T', 'mT', 'real', 'imag', 'flat', 'base',
                '__dict__'}  # (obj.__dict__: the object's attributes, written through it)
# array methods whose result may be the array's data (besides VIEW_METHODS)
_MAYBE_VIEW_METHODS = {'conjugate', 'conj', 'getfield', 'byteswap', 'newbyteorder', 'to_device',
                       '__array__'}

# the scalar types: np.float64(a) of a float64 array is ``a`` itself
_TYPES = (np.float64, np.float32, np.float16, np.longdouble, np.complex128, np.complex64,
          np.clongdouble, np.int64, np.int32, np.int16, np.int8, np.uint8, np.bool_)


def _argument(call: ast.Call, position: int | None, keyword: str):
    """The node passed for a parameter (by position or keyword), or None."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if position is not None and position < len(call.args) \
            and not any(isinstance(a, ast.Starred) for a in call.args[:position + 1]):
        return call.args[position]
    return None


def _surely(node, *values) -> bool:
    """Whether ``node`` is a constant among ``values`` (compared by type and value)."""
    return isinstance(node, ast.Constant) and any(
        type(node.value) is type(v) and node.value == v for v in values)


def _names(nodes) -> list:
    return [n for n in nodes if isinstance(n, ast.Name)]


def _every_argument(call):
    return _names(list(call.args) + [kw.value for kw in call.keywords if kw.arg != 'out'])


def _first(call):
    return _names(call.args[:1])


def _copying(position, keyword):
    """A call that copies unless its ``copy`` parameter is given as something other than
    True (``copy=None``: only when it must; ``copy=False``: never)."""
    def views(call):
        flag = _argument(call, position, keyword)
        return [] if flag is None or _surely(flag, True) else _first(call)
    return views


def _einsum(call):
    """One operand: NumPy returns a view of it when the subscripts only permute or
    take a diagonal (``'ii->i'``, ``'ij->ji'``, ``'ij'``); several make a new array."""
    args = call.args
    if any(isinstance(a, ast.Starred) for a in args):
        return _every_argument(call)
    if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        one = len(args) == 2 and not _sums(args[0].value)
        return _names(args[1:]) if one else []
    # the subscripts held by a name, or the sublist form einsum(a, [0, 1], b, [1, 2])
    one = len(args) == 2 or len(args) // 2 == 1
    return _every_argument(call) if one else []


def _sums(subscripts: str) -> bool:
    """Whether a one-operand einsum sums over a label (``'ij->i'``, ``'ii'``: a new array;
    ``'ii->i'``, ``'ij->ji'``, ``'ij'``, ``'...'`` keep every label: a view)."""
    text = subscripts.replace(' ', '').replace('...', '')
    source, _, output = text.partition('->')
    if '->' not in text:  # implicit: the labels seen once, in order
        output = ''.join(sorted(c for c in set(source) if source.count(c) == 1))
    return not set(source) <= set(output)


def _unless_constant(position, keyword, new):
    """A view of the first argument unless the parameter is a constant in ``new(value)``."""
    def views(call):
        given = _argument(call, position, keyword)
        value = given.value if isinstance(given, ast.Constant) else None
        surely_new = isinstance(given, ast.Constant) and new(value) \
            or given is None and new(None)
        return [] if surely_new else _first(call)
    return views


def _histogram(call):
    bins = _argument(call, 1, 'bins')
    return _names([bins]) if bins is not None else []


_CALLS = {
    np.einsum: _einsum,
    np.array: _copying(None, 'copy'),
    np.meshgrid: lambda call: (
        [] if _argument(call, None, 'copy') is None or _surely(_argument(call, None, 'copy'), True)
        else _every_argument(call)),
    np.broadcast_arrays: _every_argument,
    np.linalg.matrix_power: _unless_constant(1, 'n', lambda n: isinstance(n, int) and n != 1),
    np.polyder: _unless_constant(1, 'm', lambda m: m is None or isinstance(m, int) and m != 0),
    np.histogram: _histogram,
    np.real_if_close: _first,
    np.asarray_chkfinite: _first,
    np.unstack: _first,
    np.real: _first,
    np.imag: _first,
    np.linalg.diagonal: _first,
    **{t: _first for t in _TYPES},
    np.asmatrix: _first,
    np.matrix: _copying(2, 'copy'),
}
if hasattr(np, 'astype'):  # (NumPy 2.1)
    _CALLS[np.astype] = _copying(2, 'copy')


# calls whose result is a view or a new array depending on values known when the code runs
# (the argument's type, dtype, number of dimensions, n == 1): see :func:`maybe_views`
_MAYBE = {np.diag, np.array, np.asarray, np.asanyarray, np.ascontiguousarray,
          np.asfortranarray, np.linalg.matrix_power, np.polyder, np.real_if_close,
          np.asarray_chkfinite, *_TYPES}

#: the ids of the calls :func:`viewed` takes for new arrays in the mutation check's second
#: pass (each then checked when the code runs: :func:`no_shared_data`)
_OPTIMISTIC = contextvars.ContextVar('srcad_optimistic_views', default=frozenset())


def viewed(call: ast.Call, callee, kinds=None) -> list:
    if id(call) in _OPTIMISTIC.get():
        return []
    return _viewed(call, callee, kinds)


def _viewed(call: ast.Call, callee, kinds=None) -> list:
    """The names among ``call``'s arguments whose data its result may share (a view of
    one, or the object itself); [] when the result is surely new.  A method of a local
    object (``callee`` None) is answered by :mod:`srcad.compiler.sharing`, except
    ``a.astype(t, copy=False)`` and ``a.conjugate()`` (answered here)."""
    func = call.func
    if callee is None or _is_astype(callee):
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return []
        if func.attr == 'astype':
            flag = _argument(call, 4, 'copy')
            return [] if flag is None or _surely(flag, True) else [func.value]
        return [func.value] if func.attr in _MAYBE_VIEW_METHODS else []
    if callee is np.diag:  # a 2-D argument's diagonal is a (read-only) view
        kind = (kinds or {}).get(call.args[0].id) if _first(call) else None
        return [] if kind == ('array', 1) else _first(call)
    try:
        views = _CALLS.get(callee)
    except TypeError:  # an unhashable callee
        return []
    if views is not None:
        return views(call)
    if _masked(callee):  # np.ma.masked_array(y) (copy=False by default), np.ma.asarray(y)...
        return _every_argument(call)
    return _first(call) if has_fact(callee, 'view') or _rows(callee) else []


def _masked(callee) -> bool:
    return str(getattr(callee, '__module__', '') or '').startswith('numpy.ma')


def _rows(callee) -> bool:
    """``along_axis_rows(arr, axis)``: np.apply_along_axis hands its function views of
    ``arr``'s rows (:mod:`srcad.compiler.library_calls`)."""
    from ..rules.everyday.callbacks import along_axis_rows
    return callee is along_axis_rows


def may_view(fn) -> bool:
    """Whether a call of ``fn`` may return (a view of) one of its arguments with some
    arguments: the registry-wide test holds every rule NumPy answers so to this."""
    try:
        listed = fn in _CALLS
    except TypeError:
        return False
    return listed or fn is np.diag or has_fact(fn, 'view') or _rows(fn) or _masked(fn)


def _is_astype(callee) -> bool:
    from .. import runtime
    return callee is runtime.astype


def returns_a_view(call: ast.Call, namespace: dict) -> bool:
    """Whether a call returned by a function of the user's (its source, resolved in the
    function's ``namespace``) may hand back an argument's data: a library function that
    may return a view, a method that may.  A callee it cannot name may."""
    if any(kw.arg == 'out' and not _surely(kw.value, None) for kw in call.keywords):
        return True  # np.add(a, b, out=a) returns a
    func, parts = call.func, []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return True
    if func.id not in namespace:  # a method of a local (or an argument): by its name
        return not parts or parts[0] in VIEW_METHODS | _MAYBE_VIEW_METHODS | {'astype'}
    obj = namespace[func.id]
    try:
        for part in reversed(parts):
            obj = getattr(obj, part)
    except AttributeError:
        return True
    if any(obj is f for f in (np.diag, max, min, next)) or has_fact(obj, 'view') \
            or _masked(obj):
        return True
    try:
        views = _CALLS.get(obj)
    except TypeError:
        return True
    if views is not None:  # (each argument read as a name: an expression's data may be)
        def named(node):
            return node if isinstance(node, (ast.Constant, ast.Starred)) else ast.Name('_')
        return bool(views(ast.Call(call.func, [named(a) for a in call.args],
                                   [ast.keyword(k.arg, named(k.value)) for k in call.keywords])))
    module = str(getattr(obj, '__module__', None) or '')
    if module.split('.')[0] in ('numpy', 'scipy', 'math', 'builtins') or isinstance(obj, np.ufunc):
        return False  # a library result: new (those that may be views are above)
    return True


def _maybe(call: ast.Call, callee) -> bool:
    """Whether ``call`` (a view by :func:`viewed`) may as well make a new array."""
    if callee is None or _is_astype(callee):
        return isinstance(call.func, ast.Attribute) and call.func.attr in (
            'astype', 'conjugate', 'conj')
    if callee is np.einsum:  # the subscripts in a name: perhaps a reduction
        return not (call.args and isinstance(call.args[0], ast.Constant))
    try:
        return callee in _MAYBE
    except TypeError:
        return False


def maybe_views(body, resolver, statements) -> dict:
    """The statements ``y = f(a, ...)`` of ``body`` (``statements``: them in order) whose
    call may return a view of ``a`` or a new array, decided by values known when the code
    runs (``np.diag(v)``, ``np.asarray(v)``, ``np.array(v, copy=None)``, ``a.astype(t,
    copy=False)``, ``np.linalg.matrix_power(a, n)``): id(call) -> (statement, the names it
    may share data with)."""
    found = {}
    for stmt in statements:
        value = getattr(stmt, 'value', None)
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name)
                and isinstance(value, ast.Call)) or id(value) in found:
            continue
        callee = resolver.callee(value.func)
        names = _viewed(value, callee)
        if names and _maybe(value, callee):
            found[id(value)] = (stmt, names)
    return found


@contextlib.contextmanager
def optimistic(calls):
    """:func:`viewed` takes the ``calls`` (ids) for new arrays while in this block."""
    token = _OPTIMISTIC.set(frozenset(calls))
    try:
        yield
    finally:
        _OPTIMISTIC.reset(token)


def no_shared_data(result, what, where, *arguments):
    """Check, when the code runs, that ``result`` (of a call srcad took for a new array:
    :func:`maybe_views`) shares no data with the ``arguments`` it was made from: a view
    (the argument itself, its diagonal...) would show a write through one name in the
    other, which srcad does not follow."""
    for argument in arguments:
        plain = isinstance(argument, (list, tuple, int, float, complex, str, np.generic)) \
            or argument is None  # (converted: copied)
        if result is argument or isinstance(result, np.ndarray) and (
                np.may_share_memory(result, argument) if isinstance(argument, np.ndarray)
                else not plain):  # (an object's __array__ may hand out its own data)
            from ..errors import UnsupportedSyntaxError
            raise UnsupportedSyntaxError(
                f'srcad does not support writing into the result of {what} ({where}) or '
                f'into its argument while the other is read afterwards: here NumPy returned '
                f'a view of the argument (the same data), and a write through one name '
                f'would show in the other', None,
                'copy the result first (y = f(...).copy()) so the two are separate arrays')


def _register():
    from ..rules.registry import nondifferentiable
    nondifferentiable(no_shared_data)  # a check: no value, no derivative


_register()
