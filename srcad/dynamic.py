"""Calls of functions known only when the generated code runs.

``f(x)`` where ``f`` is a parameter, an object's method or a ``functools.partial``:
the emitters cannot tell at compile time what ``f`` is, so the generated code
calls :func:`dynamic_forward` / :func:`dynamic_backward` (reverse mode) or
:func:`dynamic_jvp` (forward mode).  A function with a rule runs as is and its
rule gives the derivative; the user's own Python function is differentiated
from its source (:mod:`srcad.calls`), once per set of differentiated arguments.
Anything else is refused when it runs.  Second derivatives (forward mode over a
gradient that calls these) are in :mod:`srcad.dynamic_second`.
"""

from __future__ import annotations

import ast
import functools
import linecache
import types

import numpy as np

from .calls import jvp_of, split
from .compiler.containers import SEQUENCE_FUNCTIONS, _converts, sequence_facts
from .runtime.containers import Adjoints
from .method_dispatch import method_call, shifted
from .object_dispatch import _is_floating, dispatch, object_call
from .errors import ORIGINS, Location, NoRuleError, RuntimeCheckError
from .rules.registry import lookup, register_helpers
from .runtime import as_adjoint, unarray, zero_tangent


def dynamic_forward(fn, *args, **kwargs):
    """Call ``fn`` (known only now) and keep what its backward needs.

    A function with a rule runs as is; the user's Python function runs its
    generated forward half (differentiating its floating-point arguments).
    """
    if fn is method_call or fn is object_call:  # obj.mean(x) of an obj known only now
        target, lead, refusal = dispatch(fn, args, kwargs)  # (srcad.method_dispatch)
        ans, saved = dynamic_forward(target, *args[lead:], **kwargs)
        return ans, ('method', saved, lead, refusal)
    if isinstance(fn, functools.partial):
        ans, saved = dynamic_forward(fn.func, *fn.args, *args, **{**fn.keywords, **kwargs})
        return ans, ('partial', saved, len(fn.args))
    if getattr(type(fn), '_srcad_gradient', False) and not kwargs:  # g = srcad.grad(f)
        return fn(*args), ('gradient', fn, args)  # (srcad.nested: a Hessian-vector product)
    rule = lookup(fn)
    if rule is not None and rule.adjoints:
        ans = fn(*args, **kwargs)
        return ans, ('rule', rule, args, kwargs, ans)
    target, bound = _unbound(fn)
    if isinstance(target, types.FunctionType):
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        full = bound + args
        wrt = [i for i, a in enumerate(full)
               if i < len(names) and _is_floating(a, i >= len(bound))]
        star = _vararg(code)  # def f(*args): the entries past the named ones, one tuple
        if star and any(_is_floating(a) for a in full[len(names):]):
            wrt.append(len(names))
        if not wrt:
            return fn(*args, **kwargs), ('constant', len(args))
        wrt_names = [names[i] if i < len(names) else star for i in wrt]
        halves = split(target, wrt_names, sequence_facts(names, full, kwargs))
        ans, saved = halves.forward(*full, **kwargs)
        return ans, ('split', halves, saved, [i - len(bound) for i in wrt], len(args),
                     len(names) - len(bound) if star else None)
    from .compiler.lambdas import LocalFunction
    if isinstance(fn, LocalFunction):  # a lambda or nested def passed on: its own refusal
        fn(*args, **kwargs)
    raise RuntimeCheckError(f'no derivative rule for {fn!r}, called on a differentiated value',
                            hint='register one with srcad.adjoint')


def dynamic_backward(saved, g):
    """The adjoints of the positional arguments of a :func:`dynamic_forward` call."""
    kind = saved[0]
    if kind == 'constant':
        return (0.0,) * saved[1]
    if kind == 'partial':
        return dynamic_backward(saved[1], g)[saved[2]:]
    if kind == 'method':
        return shifted(dynamic_backward(saved[1], g), saved[2], saved[3])
    if kind == 'gradient':
        return tuple(as_adjoint(a) for a in saved[1]._pullback(saved[2], g))
    if kind == 'rule':
        _, rule, args, kwargs, ans = saved
        params = rule.signature.params
        given, args = args, _converted(rule, args)  # the lists NumPy converted
        grads = Adjoints(as_adjoint(_unconverted(rule.evaluate(params[i], g, ans, *args,
                                                               **kwargs), given[i], args[i]))
                         if i < len(params) and params[i] in rule.adjoints else 0.0
                         for i in range(len(args)))
        grads.refused = {i: _no_adjoint(rule, params[i] if i < len(params) else None)
                         for i in range(len(args)) if _is_floating(given[i]) and (
                             i >= len(params) or params[i] not in rule.adjoints
                             and rule.classify(params[i])[0] != 'constant')}
        return grads
    _, halves, inner, positions, n, star = saved
    grads = halves.backward(inner, g)
    grads = grads if len(positions) > 1 else (grads,)
    out = [0.0] * n
    for i, value in zip(positions, grads):
        if star is not None and i == star:  # the *args tuple's adjoint, entry by entry
            for k, part in enumerate(value if value is not None else ()):
                if i + k >= 0:
                    out[i + k] = as_adjoint(part)
        elif i >= 0:
            out[i] = as_adjoint(value)
    return tuple(out)


def _no_adjoint(rule, param) -> RuntimeCheckError:
    where = f'its parameter {param!r}' if param else 'an argument past its parameters'
    return RuntimeCheckError(
        f'{rule.name} has no derivative rule for {where}, which here receives a '
        f'differentiated value', hint='if that value is meant as a constant there, pass '
        f'srcad.stop_gradient(...) of it; else register the derivative with srcad.adjoint')


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


#: the forward-mode derivatives of dynamic_forward and dynamic_backward themselves, met
#: in generated gradients that hvp and hessian differentiate (filled by srcad.dynamic_second,
#: which the emitters import)
SECOND_ORDER = {}


def dynamic_jvp(fn, tangents, *args, **kwargs):
    """Forward mode through a callable known only now: ``(value, tangent)``."""
    if fn is dynamic_forward or fn is dynamic_backward:  # (a gradient's code: hvp, hessian)
        return SECOND_ORDER[fn.__name__](tangents, *args, **kwargs)
    if fn is method_call or fn is object_call:
        target, lead, refusal = dispatch(fn, args, kwargs)
        tangents = tuple(tangents) + (None,) * (len(args) - len(tuple(tangents)))
        if refusal is not None and tangents[1] is not None:
            raise refusal
        return dynamic_jvp(target, tangents[lead:], *args[lead:], **kwargs)
    if isinstance(fn, functools.partial):
        return dynamic_jvp(fn.func, (None,) * len(fn.args) + tuple(tangents), *fn.args, *args,
                           **{**fn.keywords, **kwargs})
    if getattr(type(fn), '_srcad_gradient', False) and not kwargs:  # g = srcad.grad(f)
        return fn(*args), fn._push(args, list(tangents))
    rule = lookup(fn)
    if rule is not None and rule.tangents:
        ans = fn(*args, **kwargs)
        params = rule.signature.params
        # the lists NumPy converts, and their tangents (lists too), as arrays
        given, args = args, _converted(rule, args)
        tangents = [np.asarray(d) if d is not None and a is not b else d
                    for d, a, b in zip(tangents, args, given)]
        total = None
        linear = {}
        for i, dot in enumerate(tangents):
            if dot is None:
                continue
            if i < len(params) and params[i] in rule.linear_params:
                linear[params[i]] = dot  # (all of them at once, below)
                continue
            if i >= len(params) or params[i] not in rule.tangents:
                raise RuntimeCheckError(  # never a silent zero
                    f'no forward-mode rule of {rule.name} for its argument {i}, called on a '
                    f'differentiated value', hint='register one with srcad.tangent')
            part = rule.evaluate_tangent(params[i], dot, ans, *args, **kwargs)
            total = part if total is None else total + part
        if linear:
            part = _linear_tangent(rule, linear, ans, args, kwargs)
            total = part if total is None else total + part
        return ans, zero_tangent(ans) if total is None else total
    target, bound = _unbound(fn)
    if isinstance(target, types.FunctionType):
        code = target.__code__
        names = code.co_varnames[:code.co_argcount]
        dots = (None,) * len(bound) + tuple(tangents)
        full = bound + args
        wrt = [i for i, d in enumerate(dots) if d is not None and i < len(names)]
        star = _vararg(code)
        given = [i for i in wrt]
        wrt_names = [names[i] for i in wrt]
        wrt_dots = [dots[i] for i in wrt]
        if star and any(d is not None for d in dots[len(names):]):
            wrt_names.append(star)  # the *args tuple's tangent, entry by entry
            wrt_dots.append(tuple(zero_tangent(a) if d is None else d
                                  for d, a in zip(dots[len(names):], full[len(names):])))
            given.append(len(names))
        if not given:
            ans = fn(*args, **kwargs)
            return ans, zero_tangent(ans)
        return jvp_of(target, wrt_names, sequence_facts(names, full, kwargs)).forward(
            tuple(wrt_dots), *full, **kwargs)
    raise RuntimeCheckError(f'no forward-mode rule for {fn!r}')


def _vararg(code):
    """The name of a function's ``*args`` parameter, or None."""
    if not code.co_flags & 0x04:  # CO_VARARGS
        return None
    return code.co_varnames[code.co_argcount + code.co_kwonlyargcount]


def _linear_tangent(rule, dots: dict, ans, args, kwargs):
    """The tangent of a rule linear in some parameters (``np.sum``): the function
    itself applied to their tangents (zeros where one does not vary)."""
    from .rules.registry import JOINT
    from .runtime import zero_tangent as zero
    env = {'np': np, **rule.namespace}
    values = rule.bind_values(args, kwargs)
    env.update(values)
    for p in rule.linear_params:
        env[f'{p}__dot'] = dots[p] if p in dots else zero(values.get(p))
    env.update(ans=ans)
    code = compile(ast.fix_missing_locations(ast.Expression(rule.tangents[JOINT])),
                   f'<tangent {rule.name}>', 'eval')
    return eval(code, env)


def _unbound(fn):
    """A plain function and the ``self`` it is bound to (methods, callable objects)."""
    if isinstance(fn, types.MethodType):
        return fn.__func__, (fn.__self__,)
    call = getattr(type(fn), '__call__', None)
    module = getattr(type(fn), '__module__', None)
    module = module if isinstance(module, str) else ''  # (a descriptor on some NumPy types)
    library = module.split('.')[0] in ('numpy', 'scipy', 'srcad', 'builtins')
    if isinstance(call, types.FunctionType) and not library \
            and not isinstance(fn, (type, types.FunctionType)):
        return call, (fn,)
    return fn, ()


register_helpers({f.__name__: f for f in (dynamic_forward, dynamic_backward, dynamic_jvp)})


def second_order_dynamic(fn, src, node) -> bool:
    """Whether a call in generated code is ``dynamic_forward`` or ``dynamic_backward``
    (forward mode over a gradient: ``hvp``, ``hessian``), which forward mode runs as a
    call known only at run time, through :func:`dynamic_jvp` (:mod:`srcad.dynamic_second`).
    ``dynamic_jvp`` itself (forward mode once more: third derivatives) and a call with
    starred arguments are refused at the user's line."""
    if fn is not dynamic_forward and fn is not dynamic_backward and fn is not dynamic_jvp:
        return False
    starred = any(isinstance(a, ast.Starred) for a in node.args) or any(
        kw.arg is None for kw in node.keywords)
    if fn is not dynamic_jvp and not starred:
        return True
    where = src.location(node)
    while where.filename in ORIGINS:  # (generated code of generated code: hvp of hvp)
        user_file, lines = ORIGINS[where.filename]
        line = lines.get(where.lineno)
        if not line:
            break
        text = linecache.getline(user_file, line)
        where = Location(user_file, line, len(text) - len(text.lstrip()))
    if starred:
        raise NoRuleError(
            'srcad cannot yet take second derivatives (hvp, hessian, jvp of grad) through a '
            'call with *args or **kwargs of a function known only when it runs', where,
            'pass the arguments one by one')
    raise NoRuleError(
        'srcad cannot yet take third derivatives through a call of a function known only '
        "when it runs (a function passed as an argument, an object's method, "
        'functools.partial)', where,
        'call the function by its module-level name')
