"""How a derivative rule is declared and looked up.

A rule says, for ``ans = f(x, y, ...)`` and the adjoint ``g`` of ``ans``, what
each differentiable argument receives, as one line of NumPy::

    adjoint(np.tanh, "x", x="g * (1 - ans * ans)")

The line is parsed once into an expression template.  The compiler inlines it
into generated code with the call's own arguments substituted, and the test
suite *evaluates* the same line to check it against finite differences.  The
compiler never mentions ``np.tanh``: it only asks this registry.

The built-in rules use exactly the public API users have
(:func:`adjoint`, :func:`nondifferentiable`, :func:`method`).
"""

from __future__ import annotations

import ast
import builtins

from . import derive
from .probe import check_elementwise
from .derive import (_declared, _elementwise_keeping_shape, _needs_broadcast, _rule_for,
                     _templates, elementwise, elementwise_tangents, extend, linear, multilinear,
                     tangent)
from .rule import (ANY_RULE_CONSTANT_NAMES, ATTRIBUTES, CHECKED_AT_RUN_TIME, CONSTANT_NAMES,
                   FACT_KINDS, FACTS, HELPER_ARGUMENT, JOINT, MADE_ON_MISS, METHODS, ON_MISS,
                   OPERATOR_FUNCTIONS, RULES, _RULE_NAMESPACE, Rule, Signature, _display_name,
                   _free_names, _key, _library, declare_facts, has_fact, helper_functions, lookup,
                   register_helpers)


#: the keywords of :func:`adjoint` that complete a rule's declaration (a parameter of
#: the same name keeps its meaning: an adjoint, see :func:`adjoint`)
_ENTRY_KEYWORDS = ('tangent', 'forward', 'method', 'facts', 'constants')


def adjoint(fn, signature: str, namespace: dict | None = None, *, tangent=None, forward=None,
            method=None, facts=(), constants=None, display_name=None, **adjoints: str) -> Rule:
    """Declare the rule of ``fn``: its reverse mode, and optionally in the same
    entry its forward mode, its method names and its facts.

    ``signature`` lists the parameters as in a ``def``; each keyword names a
    differentiable parameter and gives its adjoint as an expression in ``g``
    (the output's adjoint), ``ans`` (the output), the parameters, NumPy as
    ``np`` and the helpers of :mod:`srcad.runtime`.  ``namespace`` adds names
    the expressions use.  A registered rule wins over differentiating source.

    The rest of the entry (each optional):

    * ``forward``: a forward rule derived from the declaration: ``'elementwise'``
      (the adjoints with ``g`` read as the tangent ``dot``, broadcast to the output's
      shape where an adjoint does not say it), ``'pointwise'`` (the same, as the adjoints
      stand: their ``unbroadcast`` dropped, nothing broadcast), ``'linear'`` (``fn`` is its
      own tangent, jointly in its differentiable parameters), ``'multilinear'`` (in
      each separately); ``('linear', 'x', 'v')`` names the parameters;
    * ``tangent``: ``{param: expression in dot, ans and the parameters}``, the forward
      rule written out (after ``forward``, so it overrides a derived tangent);
    * ``method``: the name (or names) ``x.name(...)`` has on an array: ``fn(x, ...)``;
    * ``facts``: names from :data:`FACT_KINDS` (``{'reduction'}``...);
    * ``constants``: ``{param: why}``, the parameters that carry no derivative although
      their names do not say so (see :func:`constant`);
    * ``display_name``: the name messages give ``fn`` (``'scipy.stats.norm.logpdf'``).

    A parameter named like one of these keywords (``method``...) is an adjoint as
    before: declare the rest with :func:`tangent`, :func:`method`... then.

    >>> import numpy as np
    >>> from srcad import adjoint
    >>> def softplus(x):
    ...     return np.log1p(np.exp(x))
    >>> _ = adjoint(softplus, "x", x="g / (1 + np.exp(-x))", forward='elementwise')
    """
    sig = Signature.parse(signature)
    entry = dict(tangent=tangent, forward=forward, method=method, facts=facts)
    if 'constants' in sig.names and constants is not None:
        adjoints['constants'], constants = constants, None
    for name in _ENTRY_KEYWORDS[:-1]:
        if name in sig.names and entry[name] not in (None, ()):
            adjoints[name], entry[name] = entry[name], (() if name == 'facts' else None)
    for param in constants or {}:
        if param not in sig.names:
            raise ValueError(f'{_display_name(fn)} has no parameter {param!r}')
    env = dict(_RULE_NAMESPACE)
    env.update(namespace or {})
    templates, texts, names = {}, {}, {}
    for param, text in adjoints.items():
        if param not in sig.names:
            raise ValueError(f'adjoint for {param!r}, which is not in the signature {signature!r}')
        template = ast.parse(text, mode='eval').body
        for free in _free_names(template, set(sig.names) | {'g', 'ans'}):
            if free not in env and not hasattr(builtins, free):
                raise ValueError(f'rule for {_display_name(fn)} uses unknown name {free!r}')
            if free in env:
                names[free] = env[free]
        templates[param], texts[param] = template, text
    _check_entry(_display_name(fn), entry['forward'], entry['facts'])
    rule = Rule(fn, display_name or _display_name(fn), sig, templates, texts, names,
                constants=dict(constants or {}))
    before = RULES.get(_key(fn))
    RULES[_key(fn)] = rule
    try:
        _complete_entry(rule, namespace, **entry)
        kind = entry['forward'] if isinstance(entry['forward'], str) else None
        if kind in ('elementwise', 'pointwise') and not _library(fn):
            # (a reduction declared elementwise: srcad.rules.probe)
            check_elementwise(RULES[_key(fn)], kind, written=tuple(tangent or ()))
    except ValueError:  # (a tangent naming something unknown, a forward= that does not
        # fit the function): the entry is not declared
        if before is None:
            del RULES[_key(fn)]
        else:
            RULES[_key(fn)] = before
        raise
    return RULES[_key(fn)]  # (completed: linear_params, elementwise)


_FORWARD_KINDS = ('elementwise', 'pointwise', 'linear', 'multilinear')


def _check_entry(name: str, forward, facts) -> None:
    if forward is not None:
        kind, *params = (forward,) if isinstance(forward, str) else forward
        if kind not in _FORWARD_KINDS:
            raise ValueError(f'forward={forward!r} for {name}: use one of {_FORWARD_KINDS}')
        if kind in ('elementwise', 'pointwise') and params:
            raise ValueError(f'forward={forward!r}: an elementwise rule names no parameters')
    unknown = set(facts or ()) - set(FACT_KINDS)
    if unknown:
        raise ValueError(f'unknown facts {sorted(unknown)}: use {sorted(FACT_KINDS)}')


def _complete_entry(rule: Rule, namespace, tangent, forward, method, facts) -> None:
    """The forward rule, method names and facts given with :func:`adjoint`."""
    if forward is not None:
        kind, *params = (forward,) if isinstance(forward, str) else forward
        if kind == 'elementwise':
            _elementwise_keeping_shape(rule)
        elif kind == 'pointwise':
            derive.elementwise(rule.fn)
        elif kind == 'linear' and JOINT in (tangent or {}):  # (its tangent written out)
            derive.replaced(rule, linear_params=tuple(params) or tuple(rule.adjoints))
        else:
            (derive.linear if kind == 'linear' else derive.multilinear)(rule.fn, *params)
    if tangent:  # (a key JOINT: the joint tangent of a linear entry, written out)
        derive.tangent(rule.fn, namespace, **tangent)
    for name in (method,) if isinstance(method, str) else (method or ()):
        METHODS[name] = rule.fn
    if facts:
        declare_facts(rule.fn, facts=facts)


NO_DERIVATIVE = 'the output carries no derivative (an integer, a boolean or a piecewise constant)'


def nondifferentiable(*fns, why: str = NO_DERIVATIVE):
    """Declare functions whose outputs are constants (their derivative is zero
    or undefined): ``np.argmax``, ``np.shape``, ``np.floor``, ``len``...
    ``why`` says why (the parameter audit lists it).  Returns the function (a tuple
    of them when given several), so it also decorates: ``@nondifferentiable`` or
    ``@nondifferentiable(why=...)`` above a ``def`` leaves the name bound to it.

    >>> import numpy as np
    >>> from srcad import nondifferentiable
    >>> nondifferentiable(np.argmax) is np.argmax
    True
    >>> @nondifferentiable(why='an index')
    ... def first_peak(t):
    ...     return int(np.argmax(t))
    >>> first_peak(np.array([0.5, 2.0]))
    1
    """
    if not fns:  # @nondifferentiable(why=...)
        return lambda fn: nondifferentiable(fn, why=why)
    for fn in fns:
        if isinstance(fn, str) or not callable(fn):
            raise TypeError(f'nondifferentiable takes functions, not {fn!r} '
                            f'(give the reason as why=...)')
        RULES[_key(fn)] = Rule(fn, _display_name(fn), Signature((), {}, 'args'),
                               constants={'args': why})
    return fns[0] if len(fns) == 1 else fns


def constant(fn, **why) -> Rule:
    """Declare parameters of ``fn``'s rule that carry no derivative, each with the
    reason (``None``: the parameter takes a value although its name is usually an
    axis, a size...: refused when differentiated)::

        constant(np.heaviside, x1='a step function: piecewise constant in x1')
    """
    rule = lookup(fn)
    for param in why:
        if param not in rule.signature.names:
            raise ValueError(f'{rule.name} has no parameter {param!r}')
    rule.constants.update(why)
    return rule


def method(name: str, fn) -> None:
    """Declare that ``x.name(...)`` means ``fn(x, ...)`` for an array ``x``."""
    METHODS[name] = fn


def attribute(name: str, fn) -> None:
    """Declare that ``x.name`` means ``fn(x)`` for an array ``x``."""
    ATTRIBUTES[name] = fn
