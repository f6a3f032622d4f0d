"""``vjp(f, *primals)``: the value and a function that pulls cotangents back.

The forward half of ``f``'s reverse-mode code runs once and keeps what its backward
half reads (:class:`srcad.calls.Split`); ``vjp_fn(cotangent)`` runs the backward half.
The checks on the arguments are :func:`srcad.api.grad`'s (:mod:`srcad.wrt`).
"""

from __future__ import annotations

import ast
import types

import numpy as np

from .api import NESTED, Gradient
from .compiler.containers import sequence_facts
from .compiler.desugar_generators import own_nodes
from .compiler.parse import read_function
from .function_checks import refuse_generator
from .errors import (InputError, Location, RuntimeCheckError, SrcadError, WrtError,
                     generated_origin)
from .operand_checks import refuse_operator_objects
from .runtime.singular import all_finite, has_nan, indeterminate
from .wrt import _unwrap, check_float_inputs, param_names_of, refuse_array_subclasses


def vjp(fn, *primals, has_aux=False, _only=None):
    """``(fn(*primals), vjp_fn)``: ``vjp_fn(cotangent)`` returns one adjoint per primal.

    Works for any output shape (arrays, tuples of arrays).  The forward sweep
    runs once; ``vjp_fn`` may be called many times.  (``_only``: the positions of the
    primals to differentiate, for :func:`srcad.transforms.jacrev`; the others' adjoints
    are None.)

    >>> import numpy as np
    >>> from srcad import vjp
    >>> out, back = vjp(lambda x: x ** 2, np.array([1.0, 2.0]))
    >>> back(np.array([1.0, 10.0]))
    (array([ 2., 40.]),)
    """
    from .calls import split
    if isinstance(fn, Gradient) and 'vjp' in NESTED:  # reverse over a gradient
        return NESTED['vjp'](fn, primals, has_aux)
    target, prefix, keywords = _unwrap(fn)
    if not isinstance(target, types.FunctionType):
        read_function(target)
    refuse_generator(fn, target)
    names = param_names_of(target)[len(prefix):len(prefix) + len(primals)]
    positions = list(range(len(primals))) if _only is None else list(_only)
    positions = _named(target, names, positions, primals)
    names = [names[i] for i in positions]
    refuse_array_subclasses(fn, primals, keywords)
    refuse_operator_objects(target, param_names_of(target), (*prefix, *primals), keywords)
    check_float_inputs(fn, target, names, (*prefix, *primals), keywords)
    halves = split(target, names, sequence_facts(param_names_of(target), (*prefix, *primals),
                                                 keywords))
    value, saved = halves.forward(*prefix, *primals, **keywords)
    backward = halves.backward  # the half that reads what this forward saved
    single = len(names) == 1

    def vjp_fn(cotangent):
        try:
            grads = backward(saved, cotangent)
        except RuntimeCheckError as exc:  # (located at the user's line, else at the def)
            try:  # (a string or object primal: refused as grad refuses it)
                check_float_inputs(fn, target, names, (*prefix, *primals), keywords,
                                   strict=True)
            except InputError as refusal:
                raise refusal from None
            if exc.location is not None or generated_origin(exc) is not None:
                raise
            raise type(exc)(exc.message, _return_location(target), exc.hint) from None
        if has_nan(grads) and all_finite(value) and all_finite(cotangent):
            raise indeterminate('vjp', fn)  # (0 * inf: srcad.runtime.singular)
        grads = (grads,) if single else tuple(grads)
        if _only is None:
            return grads
        out = [None] * len(primals)
        for i, d in zip(positions, grads):
            out[i] = d
        return tuple(out)
    if has_aux:
        value, aux = value
        return value, vjp_fn, aux
    return value, vjp_fn


def _named(target, names, positions, primals) -> list:
    """The ``positions`` of primals with a parameter name.  A floating-point primal that
    fills ``*args`` has none to differentiate by: refused as grad and jvp refuse it
    (:class:`WrtError`); another (an integer, a string) gets no adjoint, as before."""
    for i in positions:
        if i >= len(names) and _floating(primals[i]):
            raise WrtError(
                f'vjp cannot give an adjoint to argument {i} of '
                f'{getattr(target, "__qualname__", target)}: it has {len(names)} named '
                f'positional parameter(s) and the argument fills *args',
                hint='differentiate a function with a named parameter for it, e.g. '
                     'lambda x: f(x)')
    return [i for i in positions if i < len(names)]


def _floating(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_floating(v) for v in x.values())
    return isinstance(x, (float, complex, np.ndarray, np.generic)) and \
        np.asarray(x).dtype.kind in 'fc'


def _return_location(target) -> Location:
    """Where a refusal raised by the backward lines no user line maps to is reported:
    those differentiate the ``return`` (the seed is the cotangent), so at the function's
    ``return`` when it has one, else at its ``def``."""
    code = target.__code__
    try:
        src = read_function(target)
    except SrcadError:
        return Location(code.co_filename, code.co_firstlineno)
    returns = [n for n in own_nodes(src.tree) if isinstance(n, ast.Return)]
    if len(returns) != 1:
        return src.location(src.tree)
    return src.location(returns[0])
