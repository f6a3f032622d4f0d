"""Derivatives of derivatives: ``vjp(grad(f))``, ``jacrev(grad(f))``, ``hvp(grad(f))``,
nested ``elementwise_grad``, and a ``Gradient`` called inside a differentiated function.

A gradient ``G = grad(f, wrt=k)`` is ``x -> d f / d x_k``.  Its vector-Jacobian product
with a cotangent ``v`` (shaped like ``x_k``) is, for every argument ``j``,
``d/dx_j <d f/d x_k, v>``: by the symmetry of second derivatives that is the derivative
of ``d f / d x_j`` along ``v`` placed at ``x_k`` -- one forward-over-reverse pass (a
Hessian-vector product), which srcad already generates.  So reverse mode over a
gradient never needs reverse mode over the generated code.  Its tangent (third order:
``hvp`` of a function that calls a gradient) is forward mode over that pass.

``elementwise_grad(f)`` is the :class:`Gradient` of ``x -> np.sum(f(x))``, a function
whose source srcad writes (:func:`summed`), so it nests like any gradient.

:mod:`srcad.api` and :mod:`srcad.transforms` reach this module through
:data:`srcad.api.NESTED` (this module imports them, not the other way round).
"""

from __future__ import annotations

import inspect
import linecache
import types
import weakref

import numpy as np

from . import api
from .api import Gradient, HigherGradient, param_names_of
from .calls import jvp_of
from .compiler.containers import sequence_facts
from .errors import NoRuleError, RuntimeCheckError, WrtError
from .runtime import zero_tangent


def _floating(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_floating(v) for v in x)
    if isinstance(x, dict):
        return any(_floating(v) for v in x.values())
    if type(x) in (float, complex):
        return True
    return isinstance(x, (np.ndarray, np.generic)) and x.dtype.kind in 'fc'


def _complex(x) -> bool:
    if isinstance(x, (list, tuple)):
        return any(_complex(v) for v in x)
    if isinstance(x, dict):
        return any(_complex(v) for v in x.values())
    return np.iscomplexobj(x) if isinstance(x, (complex, np.ndarray, np.generic)) else False


def _absent(c, primal) -> bool:
    """An adjoint that is no value at all (None, or a plain zero for an array)."""
    return c is None or (type(c) in (int, float) and c == 0 and np.ndim(primal) > 0)


class _Plan:
    """What the pullback of a gradient ``G`` at ``primals`` needs: which arguments vary,
    where ``G``'s own ``wrt`` parameters are among them, and the gradient of ``f``
    with respect to all of them (with the value, from one forward sweep)."""

    def __init__(self, G: Gradient, primals: tuple):
        if G.has_aux:
            raise RuntimeCheckError(
                'srcad cannot differentiate a gradient made with has_aux=True',
                hint='differentiate a gradient made without has_aux')
        self.G, self.primals = G, tuple(primals)
        params = param_names_of(G.target)[len(G._prefix):]
        names = params[:len(self.primals)]
        missing = [n for n in G._names if n not in names]
        if missing:
            raise WrtError(f'the gradient of {G.target.__qualname__} is taken with respect '
                           f'to {missing[0]!r}, which is not among the {len(names)} '
                           f'argument(s) passed', hint='pass it by position')
        if _complex(self.primals):
            raise NoRuleError('srcad does not differentiate a gradient of complex inputs '
                              '(the derivative of a gradient uses the symmetry of '
                              'second derivatives, which complex adjoints do not have)',
                              hint='split the input into its real and imaginary parts')
        self.varying = [i for i, p in enumerate(self.primals) if _floating(p)]
        self.seeds = [names.index(n) for n in G._names]
        self.names = names
        key = tuple(self.varying)
        cache = G.__dict__.setdefault('_srcad_full', {})
        if key not in cache:
            cache[key] = Gradient(G.fn, wrt=key, with_value=True)
        self.full = cache[key]
        target = G.target
        self.facts = sequence_facts(param_names_of(target), (*G._prefix, *self.primals),
                                    G._keywords)

    def seeded(self, cotangent) -> tuple:
        """``(value cotangent, tangents of the seeded arguments)`` from ``cotangent``."""
        cv, cg = cotangent if self.G.with_value else (None, cotangent)
        parts = (cg,) if self.G._single else tuple(cg)
        tangents = tuple(zero_tangent(self.primals[i]) if _absent(c, self.primals[i]) else c
                         for i, c in zip(self.seeds, parts))
        return cv, tangents

    def jvp_code(self):
        """The generated forward-over-reverse code: ``(seeds, *args) -> ((value, grads),
        (value_dot, grads_dot))``."""
        code = self.full.compiled_for(self.facts).fn
        return jvp_of(code, [self.names[i] for i in self.seeds], self.facts)

    def call(self, fn, *leading):
        G = self.G
        return fn(*leading, *G._prefix, *self.primals, **G._keywords)

    def assemble(self, grads, dots, cv) -> list:
        """One adjoint per primal: ``dots`` (and ``cv`` times the gradient of the value,
        for a value_and_grad gradient); zero for the arguments that do not vary."""
        out = [zero_tangent(p) for p in self.primals]
        for k, i in enumerate(self.varying):
            part = dots[k]
            if cv is not None:
                part = part + cv * grads[k]
            out[i] = part
        return out


def pullback(G: Gradient, primals, cotangent) -> list:
    """The adjoints of ``primals`` for the output cotangent of ``G(*primals)``."""
    plan = _Plan(G, primals)
    cv, tangents = plan.seeded(cotangent)
    (_, grads), (_, dots) = plan.call(plan.jvp_code().forward, tangents)
    return plan.assemble(grads, dots, cv)


def pullback_tangent(G: Gradient, primals, cotangent, dots) -> list:
    """The derivative of :func:`pullback` along ``dots`` (one tangent per primal, None
    where it does not vary), the cotangent held fixed: forward mode over the
    forward-over-reverse code (third order)."""
    plan = _Plan(G, primals)
    cv, tangents = plan.seeded(cotangent)
    code = plan.jvp_code().compiled.fn
    varied = [i for i, d in enumerate(dots) if d is not None and i in plan.varying]
    out = [zero_tangent(p) for p in plan.primals]
    if not varied:
        return out
    names = [plan.names[i] for i in varied]
    _, tangent = plan.call(jvp_of(code, names, plan.facts).forward,
                           tuple(dots[i] for i in varied), tangents)
    (_, grads_dot), (_, hvp_dot) = tangent
    return plan.assemble(grads_dot, hvp_dot, cv)


def push(G: Gradient, primals, tangents):
    """The tangent of ``G(*primals)`` along ``tangents`` (None where one does not vary):
    forward mode over the generated gradient."""
    if G.has_aux:
        raise RuntimeCheckError('srcad cannot differentiate a gradient made with has_aux=True',
                                hint='differentiate a gradient made without has_aux')
    params = param_names_of(G.target)[len(G._prefix):]
    varied = [i for i, (p, t) in enumerate(zip(primals, tangents))
              if t is not None and _floating(p)]
    facts = sequence_facts(param_names_of(G.target), (*G._prefix, *primals), G._keywords)
    code = G.compiled_for(facts).fn
    if not varied:
        return zero_tangent(code(*G._prefix, *primals, **G._keywords))
    return jvp_of(code, [params[i] for i in varied], facts).forward(
        tuple(tangents[i] for i in varied), *G._prefix, *primals, **G._keywords)[1]


def vjp(G: Gradient, primals, has_aux=False):
    """:func:`srcad.vjp` of a :class:`Gradient`: ``(G(*primals), vjp_fn)``."""
    if has_aux:
        raise RuntimeCheckError('vjp of a gradient with has_aux=True is not supported',
                                hint='call vjp without has_aux')
    names = param_names_of(G.target)[len(G._prefix):len(G._prefix) + len(primals)]
    api.check_float_inputs(G.fn, G.target, names, (*G._prefix, *primals), G._keywords)
    primals = tuple(primals)
    _Plan(G, primals)  # refuse now, not at the first cotangent
    value = G(*primals)

    def vjp_fn(cotangent):
        return tuple(pullback(G, primals, cotangent))
    return value, vjp_fn


def jvp_higher(H: HigherGradient, primals, tangents):
    """:func:`srcad.jvp` of ``grad(grad(f))`` (any order): forward mode over its
    generated code, whose leading parameters are the seeds of the orders below."""
    primals = tuple(primals)
    H(*primals)  # the checks of a call (a scalar input, floats)
    lead = H._lead + 1
    one = (np.ones_like(primals[H.wrt], dtype=float) if np.ndim(primals[H.wrt]) else 1.0,)
    facts = H._sequence_facts(primals)
    code = H.generated_for(facts) if facts else H.generated
    params = param_names_of(code)[lead:]
    varied = [i for i, (p, t) in enumerate(zip(primals, tangents))
              if t is not None and _floating(p) and bool(np.any(np.asarray(t) != 0))]
    if not varied:
        value = H(*primals)
        return value, zero_tangent(value)
    value, dot = jvp_of(code, [params[i] for i in varied], facts).forward(
        tuple(tangents[i] for i in varied), *([one] * lead), *primals)
    for _ in range(lead):
        value, dot = value[1], dot[1]
    return value, dot


# --- elementwise_grad: the gradient of a sum whose source srcad writes -------------------
_SUMMED = weakref.WeakKeyDictionary()
_SUMMED_STRONG = {}  # callables that take no weak references (ufuncs)


def summed(fn):
    """A Python function ``s(x, ...) = np.sum(fn(x, ...))`` with readable source (in
    :mod:`linecache`), or None when ``fn``'s positional parameters cannot be read."""
    try:
        return _SUMMED[fn]
    except TypeError:
        store = _SUMMED_STRONG
    except KeyError:
        store = _SUMMED
    if fn in store:
        return store[fn]
    params, defaults = _positional(fn)
    if params is None:
        return None
    label = getattr(fn, '__name__', None) or (
        f'{fn.target.__name__}_grad' if isinstance(fn, Gradient) else None)
    label = label if isinstance(label, str) and label.isidentifier() and label != 'np' \
        and label not in params else 'fn'
    text = (f'def {label}_summed({", ".join(params)}):\n'
            f'    return np.sum({label}({", ".join(params)}))\n')
    filename = f'<srcad elementwise_grad of {label} {id(fn):x}>'
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    space = {'np': np, label: fn, '__name__': 'srcad.elementwise'}
    exec(compile(text, filename, 'exec'), space)
    made = space[f'{label}_summed']
    made.__defaults__ = defaults
    store[fn] = made
    return made


def _positional(fn):
    """``(names, defaults)`` of ``fn``'s positional parameters, or ``(None, None)``."""
    if isinstance(fn, np.ufunc):
        return [f'x{i}' for i in range(fn.nin)], None
    if isinstance(fn, Gradient):
        params = inspect.signature(fn.target, follow_wrapped=False).parameters
        skip = len(fn._prefix)
    elif isinstance(fn, (types.FunctionType, types.MethodType)):
        params, skip = inspect.signature(fn, follow_wrapped=False).parameters, 0
    else:
        return None, None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    items = [p for p in params.values()][skip:]
    if not items or any(p.kind not in kinds for p in items):
        return None, None  # (*args, keyword-only parameters: the old closure is used)
    defaults = tuple(p.default for p in items if p.default is not p.empty) or None
    return [p.name for p in items], defaults


api.NESTED.update(vjp=vjp, pullback=pullback, pullback_tangent=pullback_tangent,
                  push=push, jvp_higher=jvp_higher)
