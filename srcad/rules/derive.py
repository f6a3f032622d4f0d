"""Forward-mode rules: written out (:func:`tangent`) or derived from the declaration
(:func:`linear`, :func:`multilinear`, :func:`elementwise`), what the keywords
``forward=`` and ``tangent=`` of :func:`srcad.rules.registry.adjoint` call."""

from __future__ import annotations

import ast
import builtins
import dataclasses

from .tangents import broadcast_like
from .rule import (JOINT, RULES, _RULE_NAMESPACE, Rule, Signature, _display_name, _free_names,
                   _key, lookup)


def _elementwise_keeping_shape(rule: Rule) -> None:
    """:func:`elementwise`, keeping the output's shape: where an input is broadcast
    (``x + y`` with ``x`` of shape (3,), ``y`` of shape (2, 3)) and its adjoint undoes
    that with ``unbroadcast(e, x)``, ``e`` need not have the output's shape, so the
    tangent is ``broadcast_like(e, ans)`` unless ``e`` mentions every other argument
    (``g * y``) or ``ans``, which broadcast it already."""
    elementwise(rule.fn)
    rule = lookup(rule.fn)
    for param, template in rule.adjoints.items():
        if _needs_broadcast(template, param, rule.signature.names):
            rule.tangents[param] = ast.Call(ast.Name('broadcast_like', ast.Load()),
                                            [rule.tangents[param], ast.Name('ans', ast.Load())],
                                            [])
            rule.namespace['broadcast_like'] = broadcast_like


def elementwise_tangents(*fns) -> None:
    """Declare each of ``fns`` elementwise, keeping the output's shape (what
    ``adjoint(..., forward='elementwise')`` does)."""
    for fn in fns:
        _elementwise_keeping_shape(_declared(fn))


def _needs_broadcast(template: ast.expr, param: str, names) -> bool:
    if not (isinstance(template, ast.Call) and isinstance(template.func, ast.Name)
            and template.func.id == 'unbroadcast'):
        return False
    seen = {n.id for n in ast.walk(template.args[0]) if isinstance(n, ast.Name)}
    return 'ans' not in seen and not set(names) - {param} <= seen


def tangent(fn, namespace: dict | None = None, **tangents: str) -> Rule:
    """Declare the forward-mode rule of ``fn`` (whose reverse rule exists).

    Each keyword names a differentiable parameter and gives what the output's
    tangent receives from that parameter's tangent ``dot``, as an expression
    in ``dot``, ``ans`` and the parameters::

        tangent(np.tanh, x="dot * (1 - ans * ans)")
        tangent(np.linalg.inv, a="-(ans @ dot @ ans)")

    The key :data:`JOINT` (``'*'``) gives the tangent of a function declared linear
    jointly in some parameters (:func:`linear`) written out, in the tangents
    ``p__dot`` of those parameters (``setitem_tangent(x__dot, idx, v__dot, ans)``).
    """
    rule = _declared(fn)
    if JOINT in rule.tangents and set(tangents) - {JOINT}:
        # (forward mode reads a joint tangent alone: another parameter's would be dropped,
        # a silently wrong tangent; declare such a helper with one template per parameter)
        raise ValueError(f'{rule.name} is declared linear jointly in '
                         f'{", ".join(rule.linear_params)}: its tangent in '
                         f'{", ".join(sorted(set(tangents) - {JOINT}))} would be ignored')
    for param, (template, _) in _templates(rule, tangents, namespace, 'dot', 'tangent').items():
        rule.tangents[param] = template
    return rule


def _declared(fn) -> Rule:
    rule = lookup(fn)
    if rule is None:
        raise ValueError(f'declare the signature of {_display_name(fn)} first (with adjoint)')
    return rule


def _templates(rule: Rule, texts: dict, namespace, seed: str, what: str) -> dict:
    """``{param: (template, text)}``: each expression parsed, its free names checked
    against the rule's namespace (and bound there); ``seed`` is ``g`` or ``dot``."""
    env = dict(_RULE_NAMESPACE)
    env.update(rule.namespace)
    env.update(namespace or {})
    out = {}
    for param, text in texts.items():
        bound = set(rule.signature.names) | {seed, 'ans'}
        if param == JOINT and seed == 'dot':  # (in the tangents of the linear parameters)
            bound = (bound - {seed}) | {f'{p}__dot' for p in rule.signature.names}
        elif param not in rule.signature.names:
            raise ValueError(f'{rule.name} has no parameter {param!r}')
        template = ast.parse(text, mode='eval').body
        for free in _free_names(template, bound):
            if free not in env and not hasattr(builtins, free):
                raise ValueError(f'{what} of {rule.name} uses unknown name {free!r}')
            if free in env:
                rule.namespace[free] = env[free]
        out[param] = (template, text)
    return out


def linear(fn, *params: str, signature: str | None = None, constants=None) -> Rule:
    """Declare ``fn`` linear in ``params`` jointly (``setitem(x, i, v)`` in
    ``x`` and ``v``; ``sum`` in ``a``): its tangent is ``fn`` itself, applied
    to the tangents of those parameters (zeros where one does not vary).
    ``signature`` declares a function with no reverse rule (a runtime helper
    used forward only); ``constants`` its parameters that carry no derivative
    although their names do not say so (``{param: why}``, see :func:`.registry.constant`)."""
    rule = _rule_for(fn, signature, constants)
    params = params or tuple(rule.adjoints)
    if set(rule.tangents) - {JOINT} - set(params):  # (see tangent: they would be ignored)
        raise ValueError(f'{rule.name} has tangents in {", ".join(sorted(rule.tangents))}: '
                         f'it cannot also be declared linear jointly in {", ".join(params)}')
    rule.tangents[JOINT] = _call_template(fn, rule, {p: f'{p}__dot' for p in params})
    return replaced(rule, linear_params=params)


def multilinear(fn, *params: str, signature: str | None = None, constants=None) -> Rule:
    """Declare ``fn`` linear in each of ``params`` separately (products such as
    ``@``, ``dot``, ``matmul_dx``): its tangent is the sum over varying
    parameters of ``fn`` with that one parameter replaced by its tangent."""
    rule = _rule_for(fn, signature, constants)
    for param in params or tuple(rule.adjoints):
        rule.tangents[param] = _call_template(fn, rule, {param: 'dot'})
    return rule


def replaced(rule: Rule, **changes) -> Rule:
    """``rule`` with ``changes`` (a new frozen record, registered in its place):
    how a declaration completes a rule it made a moment before (``linear_params``,
    ``elementwise``)."""
    new = dataclasses.replace(rule, **changes)
    RULES[_key(rule.fn)] = new
    return new


def _rule_for(fn, signature, constants=None):
    rule = lookup(fn)
    if rule is None:
        own = str(getattr(fn, '__module__', '') or '').startswith('srcad.')
        rule = Rule(fn, _display_name(fn), Signature.parse(signature), helper=own)
        RULES[_key(fn)] = rule
    for param in constants or {}:
        if param not in rule.signature.names:
            raise ValueError(f'{rule.name} has no parameter {param!r}')
    rule.constants.update(constants or {})
    return rule


def extend(fn, namespace: dict | None = None, **adjoints: str) -> Rule:
    """Add (or replace) adjoints of parameters of ``fn``'s existing rule, keeping
    its tangents: for rules completed after the forward rules were declared."""
    rule = _declared(fn)
    for param, (template, text) in _templates(rule, adjoints, namespace, 'g', 'rule').items():
        rule.adjoints[param], rule.texts[param] = template, text
    return rule


def _call_template(fn, rule, replace: dict) -> ast.expr:
    """``fn(<params>)`` as a template, with some parameters renamed."""
    sig = rule.signature

    def arg(p):
        return ast.Name(replace.get(p, p), ast.Load())
    if isinstance(fn, type) and issubclass(fn, ast.operator):
        return ast.BinOp(arg(sig.params[0]), fn(), arg(sig.params[1]))
    key = _callable_name(fn)
    if not key.startswith('np.'):
        rule.namespace[key] = fn
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    call = ast.Call(_callee_expr(key), [arg(p) for p in sig.params[:npos]],
                    [ast.keyword(p, arg(p)) for p in sig.params[npos:]])
    if sig.varargs:
        call.args.append(ast.Starred(arg(sig.varargs), ast.Load()))
    return call


def elementwise(*fns) -> None:
    """Declare rules whose Jacobian is diagonal (elementwise functions): the
    tangent is the adjoint with ``g`` read as the tangent and no unbroadcast."""
    for fn in fns:
        rule = lookup(fn)
        for param, template in rule.adjoints.items():
            rule.tangents[param] = _as_tangent(template)
        replaced(rule, elementwise=True)


def _as_tangent(template: ast.expr) -> ast.expr:
    class Swap(ast.NodeTransformer):
        def visit_Name(self, node):
            return ast.Name('dot', ast.Load()) if node.id == 'g' else node

        def visit_Call(self, node):
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id == 'unbroadcast':
                return node.args[0]
            return node
    import copy
    return Swap().visit(copy.deepcopy(template))


def _callable_name(fn) -> str:
    name = _display_name(fn)
    if name.startswith('np.') and _resolves(name, fn):
        return name
    return getattr(fn, '__name__', 'fn')


def _resolves(path: str, fn) -> bool:
    import numpy as np
    obj = np
    for part in path.split('.')[1:]:
        obj = getattr(obj, part, None)
    return obj is fn


def _callee_expr(key: str) -> ast.expr:
    parts = key.split('.')
    node = ast.Name(parts[0], ast.Load())
    for part in parts[1:]:
        node = ast.Attribute(node, part, ast.Load())
    return node
