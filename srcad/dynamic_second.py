"""Second order through calls of functions known only when the generated code runs.

``hvp`` and ``hessian`` are forward mode over a generated gradient.  When the
gradient calls a function known only at run time (a parameter, an object's
method, a ``functools.partial``, a callable object), its code reads::

    t1, t1_saved = dynamic_forward(act, w)
    ...
    t1_grads = dynamic_backward(t1_saved, t2_bar * 2 * t1)

Forward mode reads both calls as calls of a callable known only at run time
(:mod:`srcad.compiler.resolve`) and runs them through :func:`srcad.dynamic.dynamic_jvp`,
which hands them to :func:`dynamic_forward_jvp` and :func:`dynamic_backward_jvp`
here.  They dispatch as :func:`~srcad.dynamic.dynamic_forward` does, and return
each call's value with its tangent:

* the user's Python function: its forward and backward halves are generated code
  (:func:`srcad.calls.split`), which srcad differentiates in forward mode like any
  function (:func:`srcad.calls.jvp_of`) -- as it does for a statically known helper;
* a function with a rule: the output's tangent from the rule's forward rules, the
  adjoints' tangents from forward mode over the rule's adjoint expressions (each one
  a small generated function, :func:`_adjoint_function`);
* a ``srcad.grad`` object: forward mode over its Hessian-vector product.

The tangent of what the forward half saves mirrors the saved tuple entry by entry
(None where an entry carries no derivative), so that a zero tangent srcad makes for
a saved tuple (:func:`srcad.runtime.zero_tangent`) reads the same way.  Anything
else raises :class:`~srcad.errors.RuntimeCheckError`: never a zero.
"""

from __future__ import annotations

import ast
import functools
import linecache
import types

import numpy as np

from . import dynamic
from .calls import _compiled_half, jvp_of, split
from .compiler.containers import sequence_facts
from .errors import RuntimeCheckError
from .method_dispatch import method_call, shifted
from .object_dispatch import dispatch, object_call, surely_constant
from .rules.registry import lookup
from .runtime import as_adjoint, unarray, zero_tangent


def dynamic_forward_jvp(tangents, fn, *args, **kwargs):
    """``((ans, saved), (ans_dot, saved_dot))`` for ``dynamic_forward(fn, *args)``:
    ``tangents`` holds one tangent per positional argument (``fn`` first), None where
    one does not vary."""
    tangents = tuple(tangents) + (None,) * (1 + len(args) - len(tangents))
    if _moves(tangents[0]):
        raise RuntimeCheckError(
            f'srcad cannot take second derivatives through {fn!r}: the function called is '
            f'itself differentiated (it holds a differentiated value)',
            hint='pass the differentiated values to the function as arguments')
    return _forward(fn, tuple(tangents[1:]), args, kwargs)


def _forward(fn, dots, args, kwargs):
    if fn is method_call or fn is object_call:  # (srcad.method_dispatch)
        target, lead, refusal = dispatch(fn, args, kwargs)
        if refusal is not None and len(dots) > 1 and dots[1] is not None:
            raise refusal
        (ans, saved), (ans_dot, saved_dot) = _forward(target, dots[lead:], args[lead:], kwargs)
        return (ans, ('method', saved, lead, refusal)), (ans_dot, (None, saved_dot, None, None))
    if isinstance(fn, functools.partial):
        k = len(fn.args)
        (ans, saved), (ans_dot, saved_dot) = _forward(
            fn.func, (None,) * k + dots, (*fn.args, *args), {**fn.keywords, **kwargs})
        return (ans, ('partial', saved, k)), (ans_dot, (None, saved_dot, None))
    if getattr(type(fn), '_srcad_gradient', False) and not kwargs:  # g = srcad.grad(f)
        ans = fn(*args)
        if not any(d is not None for d in dots):
            return (ans, ('gradient', fn, args)), (zero_tangent(ans), None)
        return ((ans, ('gradient', fn, args)),
                (fn._push(args, list(dots)), (None, None, dots)))
    rule = lookup(fn)
    if rule is not None and rule.adjoints:
        if not any(d is not None for d in dots):
            ans = fn(*args, **kwargs)
            return (ans, ('rule', rule, args, kwargs, ans)), (zero_tangent(ans), None)
        if not rule.tangents:
            raise RuntimeCheckError(f'no forward-mode rule for {rule.name}, called on a '
                                    f'differentiated value (second derivatives need one)',
                                    hint='register one with srcad.tangent')
        ans, ans_dot = dynamic.dynamic_jvp(fn, dots, *args, **kwargs)
        saved_dot = (None, None, dots, None, ans_dot)  # (the tangents of args and of ans)
        return (ans, ('rule', rule, args, kwargs, ans)), (ans_dot, saved_dot)
    target, bound = dynamic._unbound(fn)
    if not isinstance(target, types.FunctionType):
        raise RuntimeCheckError(f'no derivative rule for {fn!r}, called on a differentiated '
                                f'value', hint='register one with srcad.adjoint')
    code = target.__code__
    names = code.co_varnames[:code.co_argcount]
    full = bound + args
    dots = (None,) * len(bound) + dots
    wrt = [i for i, a in enumerate(full)
           if i < len(names) and dynamic._is_floating(a, i >= len(bound))]
    star = dynamic._vararg(code)
    if star and any(dynamic._is_floating(a) for a in full[len(names):]):
        wrt.append(len(names))
    if not wrt:  # (no floating-point argument: dynamic_forward runs it as a constant)
        ans = target(*full, **kwargs)
        return (ans, ('constant', len(args))), (zero_tangent(ans), None)
    facts = sequence_facts(names, full, kwargs)
    halves = split(target, [names[i] if i < len(names) else star for i in wrt], facts)
    saved_of = ('split', halves, None, [i - len(bound) for i in wrt], len(args),
                len(names) - len(bound) if star else None)
    varied, varied_dots = [], []
    for i, d in enumerate(dots[:len(names)]):
        if d is not None:
            if i not in wrt and surely_constant(full[i]):
                continue  # (an object holding no number at all: Tanh() called)
            if i not in wrt:  # (a tangent for an argument the split does not differentiate)
                raise RuntimeCheckError(f'srcad cannot take second derivatives through '
                                        f'{target.__qualname__}: its argument {i} varies '
                                        f'but is not floating point')
            varied.append(names[i])
            varied_dots.append(d)
    if star and any(d is not None for d in dots[len(names):]):
        varied.append(star)  # the *args tuple's tangent, entry by entry
        varied_dots.append(tuple(zero_tangent(a) if d is None else d
                                 for d, a in zip(dots[len(names):], full[len(names):])))
    forward = _compiled_half(halves.forward)
    if not varied:
        ans, inner = forward(*full, **kwargs)
        return (ans, _with(saved_of, inner)), (zero_tangent(ans), None)
    (ans, inner), (ans_dot, inner_dot) = jvp_of(forward, varied, facts).forward(
        tuple(varied_dots), *full, **kwargs)
    return (ans, _with(saved_of, inner)), (ans_dot, (None, None, inner_dot, None, None, None))


def _with(saved, inner):
    return saved[:2] + (inner,) + saved[3:]


def dynamic_backward_jvp(tangents, saved, g):
    """``(grads, grads_dot)`` for ``dynamic_backward(saved, g)``: ``tangents`` holds the
    tangents of ``saved`` and of ``g`` (None where one does not vary)."""
    saved_dot, g_dot = (tuple(tangents) + (None, None))[:2]
    kind = saved[0]
    if kind == 'constant':
        return (0.0,) * saved[1], (0.0,) * saved[1]
    if kind == 'partial':
        grads, dots = dynamic_backward_jvp((_entry(saved_dot, 1), g_dot), saved[1], g)
        return grads[saved[2]:], dots[saved[2]:]
    if kind == 'method':
        grads, dots = dynamic_backward_jvp((_entry(saved_dot, 1), g_dot), saved[1], g)
        return shifted(grads, saved[2], saved[3]), (0.0,) * saved[2] + tuple(dots)
    if kind == 'split':
        return _split_backward_tangent(saved, _entry(saved_dot, 2), g, g_dot)
    grads = dynamic.dynamic_backward(saved, g)
    if kind == 'gradient':
        _, fn, args = saved
        parts = []
        if g_dot is not None:
            parts.append(fn._pullback(args, g_dot))
        arg_dots = _entry(saved_dot, 2)
        if arg_dots is not None and any(d is not None for d in arg_dots):
            parts.append(fn._pullback_tangent(args, g, tuple(arg_dots)))
        return grads, _total(parts, grads)
    if kind == 'rule':
        return grads, _rule_backward_tangent(saved, g, _entry(saved_dot, 2),
                                             _entry(saved_dot, 4), g_dot, grads)
    raise RuntimeCheckError(f'srcad received a saved value it did not make: {kind!r}')


def _split_backward_tangent(saved, inner_dot, g, g_dot):
    """The adjoints a user function's backward half gives, and their tangents: forward
    mode over the generated backward half, in what the forward half saved and in ``g``."""
    _, halves, inner, positions, n, star = saved
    backward = _compiled_half(halves.backward)
    params = backward.__code__.co_varnames[:2]
    varied = [(p, d) for p, d in zip(params, (inner_dot, g_dot)) if d is not None]
    if not varied:
        grads = dynamic.dynamic_backward(saved, g)
        return grads, tuple(zero_tangent(v) for v in grads)
    facts = sequence_facts(params[1:], (g,))
    grads, dots = jvp_of(backward, [p for p, _ in varied], facts).forward(
        tuple(d for _, d in varied), inner, g)
    return _placed(grads, positions, n, star), _placed(dots, positions, n, star)


def _placed(values, positions, n, star) -> tuple:
    """What a backward half returned for the differentiated parameters, placed at the
    positions of the call's arguments (as :func:`srcad.dynamic.dynamic_backward` does)."""
    values = values if len(positions) > 1 else (values,)
    out = [0.0] * n
    for i, value in zip(positions, values):
        if star is not None and i == star:  # the *args tuple's entries
            for k, part in enumerate(value if value is not None else ()):
                if i + k >= 0:
                    out[i + k] = as_adjoint(part)
        elif i >= 0:
            out[i] = as_adjoint(value)
    return tuple(out)


def _entry(dot, k):
    """Entry ``k`` of a saved tuple's tangent (None when the tangent is a zero)."""
    if isinstance(dot, (tuple, list)) and len(dot) > k:
        return dot[k]
    if dot is None or (np.ndim(dot) == 0 and not isinstance(dot, (tuple, list))
                       and not np.any(dot)):
        return None
    raise RuntimeCheckError(f'srcad received a tangent it did not make for a saved value: '
                            f'{type(dot).__name__}')


def _moves(dot) -> bool:
    if dot is None:
        return False
    if isinstance(dot, (list, tuple)):
        return any(_moves(d) for d in dot)
    if isinstance(dot, dict):
        return any(_moves(d) for d in dot.values())
    try:
        return bool(np.any(np.asarray(dot) != 0))
    except (TypeError, ValueError):
        return True


def _total(parts, grads):
    """Per-argument sums of lists of adjoint tangents (zeros when there are none)."""
    if not parts:
        return tuple(zero_tangent(v) for v in grads)
    out = []
    for i, v in enumerate(grads):
        terms = [as_adjoint(p[i]) for p in parts if p[i] is not None]
        total = terms[0] if terms else zero_tangent(v)
        for t in terms[1:]:
            total = total + t
        out.append(total)
    return tuple(out)


# --- the adjoints of a rule, differentiated once more ----------------------------------
def _rule_backward_tangent(saved, g, arg_dots, ans_dot, g_dot, grads):
    """The tangents of a rule's adjoints (what ``dynamic_backward`` returned for it):
    forward mode over each adjoint expression, in ``g``, ``ans`` and the arguments."""
    _, rule, args, kwargs, ans = saved
    params = rule.signature.params
    given, args = args, dynamic._converted(rule, args)
    arg_dots = tuple(arg_dots or ()) + (None,) * (len(args) - len(arg_dots or ()))
    arg_dots = tuple(np.asarray(d) if d is not None and a is not b else d
                     for d, a, b in zip(arg_dots, args, given))
    values = rule.bind_values(args, kwargs)
    for i, d in enumerate(arg_dots):
        if d is None:
            continue
        name = params[i] if i < len(params) else None
        if name is None or name not in rule.adjoints:  # (a varargs entry, a constant)
            if name is None or rule.classify(name)[0] != 'constant':
                raise RuntimeCheckError(f'srcad cannot take second derivatives of '
                                        f'{rule.name} in its argument {i}')
    dots_by_name = {params[i]: d for i, d in enumerate(arg_dots)
                    if d is not None and i < len(params) and params[i] in rule.adjoints}
    out = []
    for i, value in enumerate(grads):
        if i >= len(params) or params[i] not in rule.adjoints:
            out.append(0.0)
            continue
        fn, names = _adjoint_function(rule, params[i])
        varied = [('g', g_dot), ('ans', ans_dot)] + list(dots_by_name.items())
        varied = [(p, d) for p, d in varied if d is not None and p in names]
        call = {p: values[p] for p in names if p in values}
        call.update(g=g, ans=ans)
        if not varied:
            out.append(zero_tangent(value))
            continue
        _, dot = jvp_of(fn, [p for p, _ in varied]).forward(
            tuple(d for _, d in varied), **call)
        out.append(as_adjoint(unarray(dot, given[i]) if args[i] is not given[i] else dot))
    return tuple(out)


_ADJOINTS = {}  # id(template) -> (template, function, parameter names)


def _adjoint_function(rule, param):
    """``def <rule>_adjoint_<param>(g, ans, <parameters>): return <adjoint>``: a
    function with readable source (in :mod:`linecache`) that srcad can differentiate."""
    template = rule.adjoints[param]
    found = _ADJOINTS.get(id(template))
    if found is not None and found[0] is template:
        return found[1], found[2]
    names = ['g', 'ans', *[n for n in rule.signature.names if n not in ('g', 'ans')]]
    label = ''.join(c if c.isalnum() else '_' for c in rule.name).strip('_') or 'rule'
    text = (f'def {label}_adjoint_{param}({", ".join(names)}):\n'
            f'    return {ast.unparse(template)}\n')
    filename = f'<srcad adjoint of {rule.name} for {param} {id(template):x}>'
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    space = {'np': np, **rule.namespace, '__name__': 'srcad.dynamic_second'}
    exec(compile(text, filename, 'exec'), space)
    fn = space[f'{label}_adjoint_{param}']
    _ADJOINTS[id(template)] = (template, fn, names)
    return fn, names


dynamic.SECOND_ORDER.update(dynamic_forward=dynamic_forward_jvp,
                            dynamic_backward=dynamic_backward_jvp)
