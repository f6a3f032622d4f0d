"""Calls of functions known only when the generated code runs.

``f(x)`` where ``f`` is a parameter, an object's method or a ``functools.partial``:
the emitters cannot tell at compile time what ``f`` is, so the generated code
calls :func:`dynamic_forward` / :func:`dynamic_backward` (reverse mode) or
:func:`dynamic_jvp` (forward mode).  A function with a rule runs as is and its
rule gives the derivative; the user's own Python function is differentiated
from its source (:mod:`srcad.calls`), once per set of differentiated arguments.
Anything else is refused when it runs.
"""

from __future__ import annotations

import functools
import types

import numpy as np

from .calls import jvp_of, split
from .containers import SEQUENCE_FUNCTIONS, _converts, sequence_facts
from .errors import RuntimeCheckError
from .rules.registry import lookup, register_helpers
from .runtime import as_adjoint, unarray, zero_tangent


def dynamic_forward(fn, *args, **kwargs):
    """Call ``fn`` (known only now) and keep what its backward needs.

    A function with a rule runs as is; the user's Python function runs its
    generated forward half (differentiating its floating-point arguments).
    """
    if isinstance(fn, functools.partial):
        ans, saved = dynamic_forward(fn.func, *fn.args, *args, **{**fn.keywords, **kwargs})
        return ans, ('partial', saved, len(fn.args))
    rule = lookup(fn)
    if rule is not None and rule.adjoints:
        ans = fn(*args, **kwargs)
        return ans, ('rule', rule, args, kwargs, ans)
    target, bound = _unbound(fn)
    if isinstance(target, types.FunctionType):
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        full = bound + args
        wrt = [i for i, a in enumerate(full) if i < len(names) and _is_floating(a)]
        if not wrt:
            return fn(*args, **kwargs), ('constant', len(args))
        halves = split(target, [names[i] for i in wrt], sequence_facts(names, full, kwargs))
        ans, saved = halves.forward(*full, **kwargs)
        return ans, ('split', halves, saved, [i - len(bound) for i in wrt], len(args))
    raise RuntimeCheckError(f'no derivative rule for {fn!r}, called on a differentiated value',
                            hint='register one with srcad.adjoint')


def dynamic_backward(saved, g):
    """The adjoints of the positional arguments of a :func:`dynamic_forward` call."""
    kind = saved[0]
    if kind == 'constant':
        return (0.0,) * saved[1]
    if kind == 'partial':
        return dynamic_backward(saved[1], g)[saved[2]:]
    if kind == 'rule':
        _, rule, args, kwargs, ans = saved
        params = rule.signature.params
        given, args = args, _converted(rule, args)  # the lists NumPy converted
        return tuple(as_adjoint(_unconverted(rule.evaluate(params[i], g, ans, *args, **kwargs),
                                             given[i], args[i]))
                     if i < len(params) and params[i] in rule.adjoints else 0.0
                     for i in range(len(args)))
    _, halves, inner, positions, n = saved
    grads = halves.backward(inner, g)
    grads = grads if len(positions) > 1 else (grads,)
    out = [0.0] * n
    for i, value in zip(positions, grads):
        if i >= 0:
            out[i] = as_adjoint(value)
    return tuple(out)


def _converted(rule, args) -> tuple:
    """``args`` of a rule's function as it sees them: a NumPy function converts a list
    or tuple it receives as a (differentiable) array argument to an array."""
    if not _converts(rule) or rule.fn in SEQUENCE_FUNCTIONS:
        return tuple(args)
    params = rule.signature.params
    differentiable = set(rule.adjoints) | rule.forward_params()
    return tuple(np.asarray(a) if isinstance(a, (list, tuple)) and i < len(params)
                 and params[i] in differentiable else a for i, a in enumerate(args))


def _unconverted(g, given, seen):
    """The adjoint of a list :func:`_converted` made an array (``seen``), routed back
    to its entries (:func:`unarray`)."""
    return unarray(g, given) if seen is not given else g


def dynamic_jvp(fn, tangents, *args, **kwargs):
    """Forward mode through a callable known only now: ``(value, tangent)``."""
    if isinstance(fn, functools.partial):
        return dynamic_jvp(fn.func, (None,) * len(fn.args) + tuple(tangents), *fn.args, *args,
                           **{**fn.keywords, **kwargs})
    rule = lookup(fn)
    if rule is not None and rule.tangents:
        ans = fn(*args, **kwargs)
        params = rule.signature.params
        # the lists NumPy converts, and their tangents (lists too), as arrays
        given, args = args, _converted(rule, args)
        tangents = [np.asarray(d) if d is not None and a is not b else d
                    for d, a, b in zip(tangents, args, given)]
        total = None
        for i, dot in enumerate(tangents):
            if dot is None or i >= len(params) or params[i] not in rule.tangents:
                continue
            part = rule.evaluate_tangent(params[i], dot, ans, *args, **kwargs)
            total = part if total is None else total + part
        return ans, zero_tangent(ans) if total is None else total
    target, bound = _unbound(fn)
    if isinstance(target, types.FunctionType):
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        dots = (None,) * len(bound) + tuple(tangents)
        full = bound + args
        wrt = [i for i, d in enumerate(dots) if d is not None and i < len(names)]
        if not wrt:
            ans = fn(*args, **kwargs)
            return ans, zero_tangent(ans)
        return jvp_of(target, [names[i] for i in wrt],
                      sequence_facts(names, full, kwargs)).forward(
            tuple(dots[i] for i in wrt), *full, **kwargs)
    raise RuntimeCheckError(f'no forward-mode rule for {fn!r}')


def _unbound(fn):
    """A plain function and the ``self`` it is bound to (methods, callable objects)."""
    if isinstance(fn, types.MethodType):
        return fn.__func__, (fn.__self__,)
    call = getattr(type(fn), '__call__', None)
    library = type(fn).__module__.split('.')[0] in ('numpy', 'scipy', 'srcad', 'builtins')
    if isinstance(call, types.FunctionType) and not library \
            and not isinstance(fn, (type, types.FunctionType)):
        return call, (fn,)
    return fn, ()


def _is_floating(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_is_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_is_floating(v) for v in x.values())
    if type(x) is float or type(x) is complex:
        return True
    return isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in 'fc'


register_helpers({f.__name__: f for f in (dynamic_forward, dynamic_backward, dynamic_jvp)})
