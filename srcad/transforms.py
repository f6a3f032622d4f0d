"""Forward mode and higher order: jvp, jacobians, Hessians, Hessian-vector products.

Every transform here is built from the two generated kinds of code:
``jvp`` (forward mode, :mod:`srcad.compiler.forward`) and ``vjp`` (reverse mode).
Because a generated gradient is ordinary Python, forward mode applies to it
too: ``hvp(f, x, v)`` is the jvp of ``grad(f)`` (forward over reverse), one
gradient's worth of work, never a full Hessian.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from . import nested
from .api import Gradient, HigherGradient, grad
from .pullback import vjp
from .api import _check_float_argument, _check_record_fields
from .api import _unwrap as unwrap
from .api import param_names_of
from .calls import jvp_of
from .function_checks import refuse_generator, refuse_none_output
from .compiler.containers import sequence_facts
from .errors import Location, NoRuleError, NonScalarOutputError, RuntimeCheckError, WrtError
from .input_kinds import _known_real as known_real, real_tree
from .operand_checks import refuse_operator_objects
from .wrt import check_subclass_inputs, refuse_array_subclasses
from .runtime import zero_tangent
from .runtime.objects import input_tangent, output_tangent
from .runtime.kinks import settled_jumps
from .runtime.singular import has_nan, refuse_nan_of_finite
from .tangent_checks import check_tangents, check_vector
from .rules.python.attribute_writes import attribute_object


def jvp(fn, primals, tangents):
    """``(fn(*primals), J @ tangents)``: the directional derivative, by forward mode.

    >>> import numpy as np
    >>> from srcad import jvp
    >>> value, tangent = jvp(lambda x: np.sin(x) * 2.0, (0.0,), (1.0,))
    >>> float(value), float(tangent)
    (0.0, 2.0)
    """
    primals, tangents = tuple(primals), tuple(tangents)
    if len(primals) != len(tangents):
        raise ValueError(f'jvp got {len(primals)} primals but {len(tangents)} tangents')
    check_tangents(fn, primals, tangents)  # (srcad.tangent_checks: InputError if misfit)
    if isinstance(fn, HigherGradient):  # grad(grad(f)): forward mode over its code
        out = nested.jvp_higher(fn, primals, tangents)
    else:
        out = _jvp(fn, primals, tangents)
    if has_nan(out[1]):  # (a nan tangent of a finite value is refused: 0 * inf)
        refuse_nan_of_finite('jvp', fn, out[1], out[0], tangents)
    return out


def _jvp(fn, primals, tangents, held=frozenset()):
    """:func:`jvp`, the arguments at positions ``held`` held fixed (their tangents are
    zeros): the code is generated for the others only."""
    target, prefix, keywords = _plain(fn, primals)
    refuse_generator(fn, target)
    names = param_names_of(target)[len(prefix):len(prefix) + len(primals)]
    others = [p for p in primals if type(p) is not np.ndarray and type(p) is not float]
    if others:
        refuse_array_subclasses(fn, others)  # (np.matrix, masked arrays)
        user = fn.target if isinstance(fn, Gradient) else target  # (hvp: f, not f_grad)
        refuse_operator_objects(user, param_names_of(user), (*prefix, *primals), keywords)
        for n, p, t in zip(names, primals, tangents):  # (a subclass given a direction)
            if isinstance(p, np.ndarray) and type(p) is not np.ndarray and _moves(t):
                check_subclass_inputs(target, [n], (*prefix, *primals), keywords)
    for i, (p, t) in enumerate(zip(primals, tangents)):
        if (_moves(t) or attribute_object(t) and t is not p) and not _all_floating(p):
            # an integer input (or an object: api._check_record_fields) given a direction
            _check_float_argument(fn, i, primals)
    for i in range(len(names), len(primals)):  # (an argument that fills *args)
        if _floating(primals[i]) and _moves(tangents[i]):
            raise WrtError(
                f'jvp cannot give a tangent to argument {i} of {getattr(target, "__qualname__", target)}:'
                f' it has {len(names)} named positional parameter(s) and the argument fills '
                f'*args', hint='differentiate a function with a named parameter for it, '
                'e.g. lambda x: f(x)')
    varying = [(n, t) for i, (n, p, t) in enumerate(zip(names, primals, tangents))
               if _floating(p) and i not in held]
    try:  # a record field named like an ndarray attribute (p.size) would be misread
        _check_record_fields(target, [n for n, _ in varying], (*prefix, *primals), keywords)
    except TypeError:  # the arguments do not fit the signature: the call will say so
        pass
    # code specialized for the arguments that are lists: NumPy converts them, and the
    # code converts their tangents (lists too) the same way (srcad.compiler.containers)
    facts = sequence_facts(param_names_of(target), (*prefix, *primals), keywords)
    records = others and [i for i, p in enumerate(primals) if _holds_record(p)]
    if records:  # (a dataclass's tangent knows its object: srcad.runtime.objects)
        tangents = [input_tangent(t, p) if i in records else t
                    for i, (p, t) in enumerate(zip(primals, tangents))]
        varying = [(n, t) for i, (n, p, t) in enumerate(zip(names, primals, tangents))
                   if _floating(p) and i not in held]
    try:
        with settled_jumps():  # (hvp: jumps at ties, summed: srcad.runtime.kinks)
            out = jvp_of(target, [n for n, _ in varying], facts).forward(
                tuple(t for _, t in varying), *prefix, *primals, **keywords)
    except RuntimeCheckError as exc:  # (hvp: the gradient's own refusal, as grad gives it)
        if isinstance(fn, Gradient):
            raise fn._explain(exc, primals, {}) from None
        raise
    if out[0] is None and not isinstance(fn, Gradient):  # (as grad and vjp refuse it)
        refuse_none_output(target)
    if not records:
        return out
    try:
        return out[0], output_tangent(out[1], out[0])
    except RuntimeCheckError as exc:  # (at the def: the tangent reached the output)
        code = getattr(target, '__code__', None)
        raise type(exc)(exc.message, Location(code.co_filename, code.co_firstlineno)
                        if code else None, exc.hint) from None


def _holds_record(x) -> bool:
    """Whether ``x`` is a dataclass instance or a list, tuple or dict holding one."""
    t = type(x)
    if t is np.ndarray or t is float:
        return False
    if isinstance(x, (list, tuple)):
        return any(_holds_record(v) for v in x)
    if isinstance(x, dict):
        return any(_holds_record(v) for v in x.values())
    return _is_dataclass(x)


def _floating(x) -> bool:
    """Whether a tangent can flow through this argument (not an int, a bool, a string)."""
    if isinstance(x, (list, tuple)):
        return any(_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_floating(v) for v in x.values())
    if _is_dataclass(x):
        return any(_floating(v) for v in _fields_of(x))
    return np.asarray(x).dtype.kind in 'fc' if isinstance(x, (float, complex, np.ndarray,
                                                              np.generic)) else False


def _moves(tangent) -> bool:
    """Whether a tangent is a direction: floating point and not all zeros (None, zeros,
    or the integer value itself, which some callers pass for an integer argument, are
    not)."""
    if tangent is None:
        return False
    if isinstance(tangent, (list, tuple)):
        return any(_moves(t) for t in tangent)
    if isinstance(tangent, dict):
        return any(_moves(t) for t in tangent.values())
    if _is_dataclass(tangent):
        return any(_moves(t) for t in _fields_of(tangent))
    return _floating(tangent) and bool(np.any(np.asarray(tangent) != 0))


def _all_floating(x) -> bool:
    """Whether every leaf of an argument is floating point (or complex)."""
    if isinstance(x, (list, tuple)):
        return all(_all_floating(v) for v in x)
    if isinstance(x, dict):
        return all(_all_floating(v) for v in x.values())
    if _is_dataclass(x):
        return all(_all_floating(v) for v in _fields_of(x) if v is not None)
    return _floating(x)


def _is_dataclass(x) -> bool:
    return dataclasses.is_dataclass(x) and not isinstance(x, type)


def _fields_of(x) -> list:
    """The field values of a dataclass (a pytree node, as srcad.testing sees it)."""
    return [getattr(x, f.name) for f in dataclasses.fields(x)]


def _plain(fn, primals=None):
    """A plain function to transform (a Gradient's generated code counts as one: the
    code specialized for the ``primals`` that are lists, if any)."""
    if isinstance(fn, Gradient):
        facts = () if primals is None else sequence_facts(
            param_names_of(fn.target), (*fn._prefix, *primals), fn._keywords)
        # (the seed folded to 1.0 only for real arguments: srcad.input_kinds)
        real = primals is None or known_real((*fn._prefix, *primals), fn._keywords)
        return fn.compiled_for(facts, real).fn, fn._prefix, fn._keywords
    return unwrap(fn)


def _basis(x):
    """The unit directions of ``x``: arrays shaped like it (a 0-d array too: its tangent
    is indexed as it is, ``a[()]``), or floats for a number."""
    array = isinstance(x, np.ndarray)
    x = np.asarray(x, dtype=float)
    for i in range(x.size):
        e = np.zeros(x.size)
        e[i] = 1.0
        yield e.reshape(x.shape) if x.shape or array else float(e[0])


def _position(fn, wrt) -> int:
    """A parameter position from a position or a name (after fixed arguments)."""
    target, prefix, _ = _plain(fn)
    params = param_names_of(target)[len(prefix):]
    if isinstance(wrt, str):
        if wrt not in params:
            raise WrtError(f'wrt={wrt!r} is not a parameter; the parameters are {params}')
        return params.index(wrt)
    if isinstance(wrt, bool) or not isinstance(wrt, int):
        raise WrtError(f'this transform takes one parameter (a position or a name), not {wrt!r}')
    return wrt


def _array_input(x, what):
    if isinstance(x, (list, tuple, dict)):
        raise WrtError(f'{what} differentiates with respect to one array or float; '
                       f'got a {type(x).__name__}',
                       hint='flatten the parameters into one array, or use grad/vjp for '
                            'containers')
    return x


def _stack_columns(columns, x):
    out = np.stack([np.asarray(c) for c in columns], axis=-1)
    return out.reshape(out.shape[:-1] + np.shape(x))


def jacfwd(fn, wrt=0):
    """The Jacobian of ``fn`` with respect to argument ``wrt``, one jvp per input element.

    The result has shape ``output.shape + input.shape`` (a tuple of them for a
    function returning a tuple).
    """
    def jacobian(*args):
        pos = _position(fn, wrt)
        _check_float_argument(fn, pos, args)
        x = _array_input(args[pos], 'jacfwd')
        columns = []
        held = frozenset(range(len(args))) - {pos}  # (code for the one varied argument)
        for e in _basis(x):
            tangents = tuple(e if i == pos else zero_tangent(a) for i, a in enumerate(args))
            value, column = (jvp(fn, args, tangents) if isinstance(fn, HigherGradient)
                             else _jvp(fn, args, tangents, held))
            if not columns:  # (a dict, a string...: refused as jacrev refuses it)
                _check_jacobian_output(fn, 'jacfwd', value)
            columns.append(column)
        if columns and isinstance(columns[0], tuple):
            out = tuple(_stack_columns(parts, x) for parts in zip(*columns))
        else:
            out = _stack_columns(columns, x)
        if has_nan(out):  # (a nan of a finite value is refused: 0 * inf)
            refuse_nan_of_finite('Jacobian', fn, out, lambda: fn(*args))
        return out
    return jacobian


def jacrev(fn, wrt=0):
    """The Jacobian of ``fn`` with respect to argument ``wrt``, one backward sweep per
    output element (after one forward sweep).  Shape ``output.shape + input.shape``
    (a tuple of them for a function returning a tuple)."""
    def jacobian(*args):
        pos = _position(fn, wrt)
        _check_float_argument(fn, pos, args)
        x = _array_input(args[pos], 'jacrev')
        # (only argument wrt: the others may be integers, strings..., as for jacfwd)
        out, back = vjp(fn, *args) if isinstance(fn, Gradient) else \
            vjp(fn, *args, _only=(pos,))
        _check_jacobian_output(fn, 'jacrev', out)
        if not real_tree(out):  # (its rows would be those of the real part only)
            raise NoRuleError(
                f'jacrev of {getattr(fn, "__qualname__", fn)}: its output is complex here, '
                f'and srcad takes Jacobians of real outputs only',
                hint='use jacfwd (forward mode gives the complex Jacobian of a real '
                     'input), or take the real and imaginary parts as two real outputs')
        if isinstance(out, tuple):
            jac = tuple(_rows(lambda e, k=k: back(tuple(
                e if j == k else zero_tangent(o) for j, o in enumerate(out)))[pos], part, x)
                for k, part in enumerate(out))
        else:
            jac = _rows(lambda e: back(e)[pos], out, x)
        if has_nan(jac):  # (vjp's own check sees one row at a time: the whole here)
            refuse_nan_of_finite('Jacobian', fn, jac, out)
        return jac
    return jacobian


def _numeric(out) -> bool:
    """Whether ``out`` is a number or an array of numbers (a list of them too: NumPy
    converts it), or a tuple of such: what a Jacobian is taken of."""
    if isinstance(out, tuple):
        return all(_numeric(o) for o in out)
    if isinstance(out, (float, int, complex, np.ndarray, np.generic)):
        return np.asarray(out).dtype.kind in 'biufc'
    if isinstance(out, list):
        try:
            return np.asarray(out).dtype.kind in 'biufc'
        except ValueError:  # (ragged)
            return False
    return False


def _check_jacobian_output(fn, what: str, out) -> None:
    """Refuse (at ``fn``'s def) a Jacobian of an output that is no array of numbers (a
    dict, a string...), in jacfwd and jacrev alike."""
    if _numeric(out):
        return
    code = getattr(unwrap(fn)[0], '__code__', None)
    raise NonScalarOutputError(
        f'{what} of {getattr(fn, "__qualname__", fn)}: its output is a '
        f'{type(out).__name__}, and srcad takes Jacobians of arrays and numbers (or tuples '
        f'of them)', Location(code.co_filename, code.co_firstlineno) if code else None,
        hint='return an array (np.stack or np.concatenate the parts), or a tuple of '
             'arrays; use srcad.vjp or srcad.jvp for other outputs')


def _rows(back, out, x):
    rows = [np.asarray(back(e)) for e in _basis(out)]
    result = np.stack(rows, axis=0) if rows else np.zeros((0,) + np.shape(x))
    return result.reshape(np.shape(out) + np.shape(x))


jacobian = jacrev


def hessian(fn, wrt=0):
    """The Hessian of a scalar ``fn``: ``jacfwd(grad(fn))`` (forward over reverse)."""
    def of(*args):
        pos = _position(fn, wrt)
        _check_float_argument(fn, pos, args)
        return jacfwd(grad(fn, wrt=pos), wrt=pos)(*args)
    return of


def hvp(fn, primals, vector, wrt=0):
    """The Hessian of scalar ``fn`` at ``primals`` times ``vector``: the jvp of its
    gradient, about the cost of one gradient.

    >>> import numpy as np
    >>> from srcad import hvp
    >>> hvp(lambda x: np.sum(x ** 3), (np.array([1.0, 2.0]),), np.array([1.0, 0.0]))
    array([6., 0.])
    """
    primals = tuple(primals)
    pos = _position(fn, wrt)
    _check_float_argument(fn, pos, primals)
    if 0 <= pos < len(primals):
        check_vector(fn, pos, primals[pos], vector)
    tangents = tuple(vector if i == pos else zero_tangent(a) for i, a in enumerate(primals))
    gradient = grad(fn, wrt=pos)
    if isinstance(gradient, HigherGradient):
        return jvp(gradient, primals, tangents)[1]
    # (forward mode along ``vector`` only: the other arguments' tangents are zeros)
    held = frozenset(range(len(primals))) - {pos}
    out = _jvp(gradient, primals, tangents, held)[1]
    if has_nan(out):  # (a nan of a finite value is refused: 0 * inf)
        refuse_nan_of_finite('Hessian-vector product', fn, out, lambda: fn(*primals), vector)
    return out


def elementwise_grad(fn, wrt=0):
    """The gradient of ``sum(fn(x))``: for a function applied elementwise it is the
    derivative at every element.  It is the :class:`Gradient` of a function
    ``np.sum(fn(...))`` srcad writes (:func:`srcad.nested.summed`), so it nests."""
    total = nested.summed(fn)
    if total is not None:
        return Gradient(total, wrt)

    def derivative(*args):
        out, back = vjp(fn, *args)
        return back(np.ones_like(out) if np.ndim(out) else 1.0)[wrt]
    return derivative


