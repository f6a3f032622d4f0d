"""Tidy forward-mode tangents as the reverse emitter tidies adjoints.

A rule's forward template is general: a jointly linear function's tangent is the
function called on every parameter by position (``np.mean(t_dot, None, None, None,
False)``), and an elementwise rule broadcasts each contribution to the output's
shape (``broadcast_like(a_dot, t)``).  For one statement more is known:

* a linear function's tangent is the user's own call with its linear arguments
  replaced by their tangents (``np.sum(t_dot, axis=1, keepdims=True)`` for
  ``np.sum(t, axis=1, keepdims=True)``); when the call cannot be mirrored (a method
  call, ``x.mean()``), trailing default arguments are left out and the others are
  passed by keyword where the function takes them so (``np.mean(x_dot)``);
* ``broadcast_like(e, ans)`` is ``e`` when the shape classes of
  :mod:`srcad.compiler.shapeinfo` prove ``e`` has the output's shape already;
* a linear function none of whose linear arguments varies has a zero tangent.

Everything here only chooses an equivalent expression: unknown means "keep the
general template".
"""

from __future__ import annotations

import ast
import inspect

import numpy as np

from . import shapeinfo
from .flatten_nodes import is_global_path

_CALL_SHAPES = {}   # id(rule) -> (rule, _main_call's answer)
_KEYWORDS = {}      # id(rule) -> (rule, its callable's keyword parameters and defaults)
_INNER = {}         # id(template) -> (template, the e of broadcast_like(e, ans) or None)
_NAMES = {}         # id(template) -> (template, the names it reads)
_NUMBERS = (int, float)


def _main_call(rule):
    """``(func, n)`` when the rule's joint template calls the function itself on its
    first ``n`` parameters in order (``p`` passed as ``p``, or ``p__dot`` when it is
    linear): the :func:`srcad.rules.registry.linear` declaration, also when a wider
    signature made it the first branch of a conditional (``np.mean(a__dot, axis...)
    if where is True else ...``).  None for any other joint template."""
    known = _CALL_SHAPES.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    template, sig, found = rule.tangents.get('*'), rule.signature, None
    if template.__class__ is ast.IfExp:
        template = template.body
    linear = set(rule.linear_params)

    def passes(node, p):
        return node.__class__ is ast.Name and node.id == (f'{p}__dot' if p in linear else p)
    if template.__class__ is ast.Call and not sig.varargs \
            and 0 < len(template.args) + len(template.keywords) <= len(sig.params) \
            and _names_fn(template.func, rule) \
            and all(passes(a, p) for a, p in zip(template.args, sig.params)) \
            and all(k.arg == p and passes(k.value, p) for k, p in
                    zip(template.keywords, sig.params[len(template.args):])):
        found = (ast.dump(template.func), len(template.args), len(template.keywords))
    _CALL_SHAPES[id(rule)] = (rule, found)
    return found


def _names_fn(func, rule) -> bool:
    """Whether a template's callee (``np.mean``, or a name in the rule's namespace) is
    the rule's own function."""
    path = []
    while func.__class__ is ast.Attribute:
        path.append(func.attr)
        func = func.value
    if func.__class__ is not ast.Name:
        return False
    obj = np if func.id == 'np' else rule.namespace.get(func.id)
    for attr in reversed(path):
        obj = getattr(obj, attr, None)
    return obj is not None and obj is rule.fn


def _keyword_params(rule) -> dict:
    """Parameter -> its default, for the parameters ``rule.fn`` surely accepts by keyword
    (none when its signature cannot be read)."""
    known = _KEYWORDS.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    try:
        params = inspect.signature(rule.fn).parameters.values()
        found = {p.name: p.default for p in params if p.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)}
    except (TypeError, ValueError):  # (a builtin or a ufunc without a signature)
        found = {}
    _KEYWORDS[id(rule)] = (rule, found)
    return found


def _omittable(rule, param) -> bool:
    """Whether leaving ``param`` out gives the default srcad's rule declares: the
    function's own default is the same (NumPy's ``_NoValue`` means "as if not given")."""
    own = _keyword_params(rule)
    if param not in own or param not in rule.signature.defaults:
        return False
    value, declared = own[param], rule.signature.defaults[param]
    return value is np._NoValue or (type(value) is type(declared) and value == declared)


def _is_default(atom, sig, param) -> bool:
    if atom is None:
        return True
    if param not in sig.defaults or atom.__class__ is not ast.Constant:
        return False
    default = sig.defaults[param]
    return type(atom.value) is type(default) and atom.value == default


def constant_linear_inputs(op) -> bool:
    """Whether every linear argument of a jointly linear rule is a constant (its
    tangent is zero: ``unreduce(1.0, t)``).  (Not a name, even one that does not
    vary: a linear helper may change its argument, ``list_append(stack, t)``.)"""
    return all(op.inputs.get(p) is None or op.inputs[p].__class__ is ast.Constant
               for p in op.rule.linear_params)


def mirrored_call(stmt, op, tangent_of, resolver):
    """The statement's own call with each linear argument replaced by its tangent, or
    None when it cannot be told which argument binds to which parameter."""
    call, rule = stmt.value, op.rule
    if call.__class__ is not ast.Call or _main_call(rule) is None:
        return None
    if not is_global_path(call.func, resolver.local) or resolver.callee(call.func) is not rule.fn:
        return None  # (a method call: its receiver is a parameter)
    sig = rule.signature
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    if len(call.args) > npos or any(a.__class__ is ast.Starred for a in call.args):
        return None
    names = list(sig.params[:len(call.args)])
    for kw in call.keywords:
        if kw.arg is None or kw.arg not in sig.params or kw.arg in names:
            return None
        names.append(kw.arg)
    if any(p not in names for p in rule.linear_params):
        return None
    main = _main_call(rule)
    passed = set(sig.params[:main[1] + main[2]])  # what the template hands the function
    if rule.tangents['*'].__class__ is ast.IfExp:  # (... if where is True else ...: where= too)
        passed.add('where')
    if any(p not in passed for p in names):  # (np.sum(t, initial=1.5): the tangent has none)
        return None
    linear = set(rule.linear_params)
    args = [tangent_of(a) if p in linear else a for p, a in zip(names, call.args)]
    keywords = [ast.keyword(k.arg, tangent_of(k.value) if k.arg in linear else k.value)
                for k in call.keywords]
    return ast.Call(call.func, args, keywords)


def trimmed_call(op, expr):
    """The instantiated joint template ``expr`` (``fn(<params>)``) without its trailing
    default arguments, the arguments after the first passed by keyword where ``fn``
    takes them so (``np.mean(x_dot)``, ``np.sum(t_dot, axis=1)``)."""
    rule = op.rule
    main = _main_call(rule)
    if main is None or expr.__class__ is not ast.Call or len(expr.args) != main[1] \
            or len(expr.keywords) != main[2] or ast.dump(expr.func) != main[0]:
        return expr
    sig = rule.signature
    values = list(expr.args) + [k.value for k in expr.keywords]
    params = sig.params[:len(values)]
    defaults = [_is_default(op.inputs.get(p), sig, p) and _omittable(rule, p) for p in params]
    keywords = _keyword_params(rule)
    if all(p in keywords for p in params[1:]):  # the first by position, the others by name
        return ast.Call(expr.func, values[:1], [
            ast.keyword(p, v) for p, v, default in zip(params[1:], values[1:], defaults[1:])
            if not default])
    if expr.keywords:
        return expr
    args = list(expr.args)
    while len(args) > 1 and defaults[len(args) - 1]:
        args.pop()
    return ast.Call(expr.func, args, [])


def broadcast_inner(template, helper: str = 'broadcast_like'):
    """The ``e`` of a template ``broadcast_like(e, ans)``, or None."""
    known = _INNER.get(id(template))
    if known is not None and known[0] is template:
        return known[1]
    inner = None
    if template.__class__ is ast.Call and template.func.__class__ is ast.Name \
            and template.func.id == helper and len(template.args) == 2 \
            and not template.keywords and template.args[1].__class__ is ast.Name \
            and template.args[1].id == 'ans':
        inner = template.args[0]
    _INNER[id(template)] = (template, inner)
    return inner


def _template_names(inner) -> tuple:
    """The names a template reads (found once per template: rules outlive compiles)."""
    known = _NAMES.get(id(inner))
    if known is not None and known[0] is inner:
        return known[1]
    names = tuple({n.id: None for n in ast.walk(inner) if n.__class__ is ast.Name})
    _NAMES[id(inner)] = (inner, names)
    return names


def shaped_like_output(inner, op, role, ans: str, shapes: dict) -> bool:
    """Whether the contribution ``inner`` (a template in ``dot`` and the rule's
    parameters) surely has the shape of ``ans``: the varied input has the output's
    shape class, and every other input it reads that shape or a number's."""
    target = shapes.get(ans)
    if target is None or shapes.get(op.inputs[role].id) != target:
        return False
    params = op.inputs
    for name in _template_names(inner):
        if name in params and name != role:
            atom = params[name]
            if atom.__class__ is ast.Constant and type(atom.value) in _NUMBERS:
                continue
            if atom.__class__ is not ast.Name or \
                    shapes.get(atom.id) not in (target, shapeinfo.SCALAR):
                return False
    return True
