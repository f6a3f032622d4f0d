"""Star-arguments: ``f(*xs)``, ``f(**kw)``, and calls of functions that take
``*args``, ``**kwargs`` or keyword-only parameters.

The flattener (:mod:`srcad.compiler.normalize`) asks :func:`call_arguments` for the
atoms of a call.  When it knows the callee's signature (the user's own
function, module level or nested), the call is rewritten into a *canonical*
form whose binding srcad reads without running it:

* each positional parameter gets one positional atom (``xs[0]`` for one filled
  from ``*xs``, checked for the right length when the code runs);
* the ``*args`` parameter gets one starred atom, a tuple (``f(w, v, u)`` of
  ``def f(w, *args)`` passes ``f(w, *t)`` with ``t = (v, u)``);
* keyword-only parameters get keywords (``d['scale']`` for one filled from
  ``**d``), and ``**kwargs`` one ``**`` atom, a dict.

So a differentiated value reaching ``*args`` is a tuple entry, and its
derivative comes back through ordinary indexing.  ``zip(*pairs)`` becomes the
``zip_list`` helper, which has a rule.  A call whose binding is known only
when it runs (a function held in a variable) keeps its stars; srcad refuses
such a call when a differentiated value passes through a star
(:func:`srcad.compiler.starchecks.check_star_calls`).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import types

from ..calls import _Generated, _compiled_half
from ..errors import NoRuleError, UnsupportedSyntaxError


def _name(id_: str) -> ast.Name:
    return ast.Name(id_, ast.Load())


def has_stars(call: ast.Call) -> bool:
    return any(isinstance(a, ast.Starred) for a in call.args) or any(
        kw.arg is None for kw in call.keywords)


def call_arguments(flat, node: ast.Call, out):
    """The atoms of ``node``'s arguments (``(args, keywords)``), canonical when the
    callee's signature is known now (see the module docstring)."""
    if _is_zip_of_star(flat, node):
        return None
    if isinstance(node.func, ast.Name) and node.func.id == 'super' and not node.args \
            and '__class__' in flat.src.closure and flat.src.tree.args.args \
            and flat.global_callee(node.func) is super:
        # super() reads the method's class cell and first argument, which the generated
        # function (not defined in the class) does not have: pass them
        first = flat.src.tree.args.args[0].arg
        return [_name('__class__'), _name(first)], []
    fn = _user_signature(flat, node.func)
    if fn is None and has_stars(node):
        fn = _rule_signature(flat, node.func)  # norm.logpdf(x, *params)
    args, keywords = [], []
    for a in node.args:  # (loops, not comprehensions: one frame less per nested call)
        args.append(ast.Starred(flat.expr(a.value, out), ast.Load())
                    if isinstance(a, ast.Starred) else flat.expr(a, out))
    for kw in _spelled_out(node.keywords):
        keywords.append(ast.keyword(kw.arg, flat.expr(kw.value, out)))
    if fn is None:
        return args, keywords
    sig, label = fn
    needs = has_stars(ast.Call(node.func, args, keywords)) or _collects(sig, args, keywords)
    if not needs:
        return args, keywords
    bound = bind(flat, sig, label, args, keywords, node, out)
    return canonical(sig, bound)


def _spelled_out(keywords: list) -> list:
    """``f(x, **{'scale': 0.5})`` is ``f(x, scale=0.5)``: a dict display of distinct
    identifier keys given as a **-argument becomes keywords (in the same place, so
    its values are evaluated in the same order)."""
    if not any(kw.arg is None and isinstance(kw.value, ast.Dict) for kw in keywords):
        return keywords
    out, names = [], [kw.arg for kw in keywords if kw.arg is not None]
    for kw in keywords:
        keys = kw.value.keys if kw.arg is None and isinstance(kw.value, ast.Dict) else None
        spelled = keys is not None and all(
            isinstance(k, ast.Constant) and type(k.value) is str and k.value.isidentifier()
            for k in keys)
        spelled = spelled and len({k.value for k in keys} | set(names)) == len(keys) + len(names)
        if not spelled:
            out.append(kw)
            continue
        names += [k.value for k in keys]
        out += [ast.copy_location(ast.keyword(k.value, v), kw) for k, v in
                zip(keys, kw.value.values)]
    return out


def lower_zip_star(flat, node: ast.Call, out):
    """``zip(*pairs)``: the transpose of a list of sequences, as ``zip_list(pairs)``."""
    if not _is_zip_of_star(flat, node):
        return None
    seqs = flat.consumed(node.args[0].value, out)
    return ast.Call(flat.iteration('zip_list'), [seqs], [])


def _is_zip_of_star(flat, node) -> bool:
    return (flat.builtin(node) is zip and len(node.args) == 1
            and isinstance(node.args[0], ast.Starred) and not node.keywords)


def _user_signature(flat, func):
    """``(inspect.Signature, name)`` of the user's Python function a call names, or None."""
    if isinstance(func, ast.Name) and func.id in flat.functions:
        return None  # a nested function: inlined (see bind_nested)
    callee = flat.global_callee(func)
    if isinstance(getattr(callee, '__self__', None), _Generated) or hasattr(
            callee, '__srcad_unguarded__'):
        callee = _compiled_half(callee)  # srcad's own generated halves, as the resolver
    if isinstance(callee, types.MethodType) and isinstance(callee.__func__, types.FunctionType):
        pass
    elif not isinstance(callee, types.FunctionType):
        return None
    module = str(getattr(callee, '__module__', None) or '').split('.')[0]
    if module in ('numpy', 'scipy', 'srcad') or callee is dataclasses.replace:
        return None  # (dataclasses.replace(p, w=v): a rule, by keyword; resolve.py)
    try:
        return inspect.signature(callee, follow_wrapped=False), callee.__qualname__
    except (TypeError, ValueError):
        return None


def _rule_signature(flat, func):
    """``(inspect.Signature, name)`` of a ``scipy.stats`` distribution, or its method,
    with a derivative rule (``norm``, ``norm.logpdf``): a *-argument into it is bound by
    the rule's signature, as for the user's functions, so its entries' derivatives
    come back."""
    callee = flat.global_callee(func)
    owner = getattr(callee, '__self__', callee)   # (norm(*theta): the distribution itself)
    if owner is None or not str(type(owner).__module__).startswith('scipy.stats'):
        return None
    from ..rules import registry
    rule = registry.lookup(callee)
    if rule is None or not rule.differentiable or not rule.name.startswith('scipy.stats.'):
        return None
    sig, P = rule.signature, inspect.Parameter
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    params = [P(n, P.POSITIONAL_OR_KEYWORD if i < npos else P.KEYWORD_ONLY,
                default=sig.defaults.get(n, P.empty)) for i, n in enumerate(sig.params)]
    if sig.varargs:
        params.insert(npos, P(sig.varargs, P.VAR_POSITIONAL))
    return inspect.Signature(params), rule.name


def _collects(sig, args, keywords) -> bool:
    """Whether several atoms go to ``*args``, or keywords to ``**kwargs``."""
    params = list(sig.parameters.values())
    npos = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    names = {p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    return len(args) > npos or any(kw.arg not in names for kw in keywords)


class _Bound:
    def __init__(self):
        self.values = {}      # parameter -> atom (or expression of atoms)
        self.star = None      # the atom holding the *args tuple
        self.double = None    # the atom holding the **kwargs dict


def bind(flat, sig, label, args, keywords, node, out) -> _Bound:
    """Parameter -> expression for a call; refuses what cannot be bound now."""
    params = list(sig.parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    vararg = next((p for p in params if p.kind == p.VAR_POSITIONAL), None)
    varkw = next((p for p in params if p.kind == p.VAR_KEYWORD), None)
    where = flat.src.location(node)

    def refuse(why, hint='pass the arguments one by one'):
        raise UnsupportedSyntaxError(f'srcad cannot bind the call of {label}: {why}', where, hint)
    bound = _Bound()
    optional = {}  # parameter with a default -> the index of the *-argument filling it
    plain = []
    star = None
    for a in args:
        if isinstance(a, ast.Starred):
            if star is not None:
                refuse('more than one *-argument')
            star = a.value
        elif star is not None:
            refuse('a positional argument after a *-argument')
        else:
            plain.append(a)
    for p, a in zip(positional, plain):
        bound.values[p.name] = a
    extra = plain[len(positional):]
    if extra and vararg is None:
        refuse(f'{len(plain)} positional arguments for {len(positional)} parameters')
    rest = positional[len(plain):]
    given = {kw.arg for kw in keywords if kw.arg is not None}
    if star is not None:
        fill = [p for p in rest if p.name not in given]
        least = sum(p.default is p.empty for p in fill)
        if any(p.default is not p.empty and not _literal(p.default) for p in fill):
            refuse('which parameters with defaults the *-argument fills is known only when '
                   'it runs, and a default is not a plain constant')
        if fill or vararg is None:  # (f(w, *parts) of f(w, *args): nothing to check)
            check = flat.statement_helper('check_star_length')
            most = None if vararg is not None else len(fill)
            out.append(ast.Expr(ast.Call(check, [star, ast.Constant(least),
                                                 ast.Constant(most), ast.Constant(label)], [])))
        for i, p in enumerate(fill):
            if p.default is not p.empty:  # filled when the *-argument is long enough,
                optional[p.name] = i      # else by a **-argument or the default (below)
                continue
            bound.values[p.name] = flat.expr(
                ast.Subscript(star, ast.Constant(i), ast.Load()), out)
        if vararg is not None:
            if extra:
                refuse('positional arguments and a *-argument both fill *args')
            bound.star = star if not fill else flat.expr(ast.Subscript(
                star, ast.Slice(ast.Constant(len(fill)), None, None), ast.Load()), out)
    elif vararg is not None and extra:
        bound.star = flat.expr(ast.Tuple(list(extra), ast.Load()), out)
    extra_kw = {}
    double = None
    for kw in keywords:
        if kw.arg is None:
            if double is not None:
                refuse('more than one **-argument')
            double = kw.value
        elif kw.arg in sig.parameters and sig.parameters[kw.arg].kind not in (
                inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.VAR_POSITIONAL,
                inspect.Parameter.VAR_KEYWORD):
            if kw.arg in bound.values:
                refuse(f'{kw.arg!r} is given twice')
            bound.values[kw.arg] = kw.value
        elif varkw is not None:
            extra_kw[kw.arg] = kw.value
        else:
            refuse(f'it has no parameter {kw.arg!r}')
    named = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
             and p.name not in bound.values]
    for p in named:
        if p.name not in optional:
            continue
        fallback = _constant(p.default) if double is None else ast.Call(
            flat.iteration('dict_get'), [double, ast.Constant(p.name), _constant(p.default)],
            [])
        longer = ast.Compare(ast.Call(_name('len'), [star], []), [ast.Gt()],
                             [ast.Constant(optional[p.name])])
        bound.values[p.name] = flat.expr(ast.IfExp(
            longer, ast.Subscript(star, ast.Constant(optional[p.name]), ast.Load()), fallback),
            out)
    if double is not None:
        if extra_kw:
            refuse('keywords and a **-argument both fill **kwargs')
        helper = flat.statement_helper('check_double_star')
        out.append(ast.Expr(ast.Call(helper, [double, ast.Tuple(
            [ast.Constant(p.name) for p in named if p.default is p.empty], ast.Load()),
            ast.Tuple([ast.Constant(p.name) for p in named], ast.Load()),
            ast.Constant(varkw is not None), ast.Constant(label)], [])))
        for p in named:
            if p.name in optional:
                continue
            if p.default is p.empty:
                bound.values[p.name] = flat.expr(
                    ast.Subscript(double, ast.Constant(p.name), ast.Load()), out)
            elif varkw is None:
                if not _literal(p.default):
                    refuse(f'whether the **-argument fills {p.name!r} (whose default is not '
                           f'a plain constant) is known only when it runs')
                bound.values[p.name] = flat.expr(ast.Call(flat.iteration('dict_get'), [
                    double, ast.Constant(p.name), _constant(p.default)], []), out)
        if varkw is not None:
            bound.double = double  # (check_double_star: no key of a named parameter)
    elif extra_kw:
        bound.double = flat.expr(ast.Dict([ast.Constant(k) for k in extra_kw],
                                          list(extra_kw.values())), out)
    missing = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                                                    p.KEYWORD_ONLY)
               and p.name not in bound.values and p.default is p.empty]
    if missing:
        refuse(f'missing argument {missing[0]!r}', 'pass every parameter without a default')
    return bound


def _literal(value) -> bool:
    if isinstance(value, ast.Constant):  # a nested def's default (parse._ast_signature)
        value = value.value
    return value is None or type(value) in (int, float, bool, str, complex)


def _constant(value) -> ast.Constant:
    """A default (a value, or a nested def's ``ast.Constant``) as a new constant node."""
    return ast.Constant(value.value if isinstance(value, ast.Constant) else value)


def canonical(sig, bound: _Bound):
    """The call's ``(args, keywords)`` in canonical form."""
    params = list(sig.parameters.values())
    args, keywords = [], []
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    for k, p in enumerate(positional):
        if p.name in bound.values:
            if any(q.name not in bound.values for q in positional[:k]):
                keywords.append(ast.keyword(p.name, bound.values[p.name]))
            else:
                args.append(bound.values[p.name])
    if bound.star is not None:
        args.append(ast.Starred(bound.star, ast.Load()))
    for p in params:
        if p.kind == p.KEYWORD_ONLY and p.name in bound.values:
            keywords.append(ast.keyword(p.name, bound.values[p.name]))
    if bound.double is not None:
        keywords.append(ast.keyword(None, bound.double))
    return args, keywords


def nested_binding(flat, fn: ast.FunctionDef, call: ast.Call, out) -> dict:
    """Parameter name -> atom for a call of a nested function (inlined): ``*args``
    a tuple, ``**kwargs`` a dict, stars in the call spread by index and key."""
    sig = _ast_signature(fn)
    args = [ast.Starred(flat.expr(a.value, out), ast.Load()) if isinstance(a, ast.Starred)
            else a for a in call.args]
    keywords = [ast.keyword(kw.arg, flat.expr(kw.value, out)) if kw.arg is None else kw
                for kw in call.keywords]
    bound = bind(flat, sig, fn.name, args, keywords, call, out)
    values = dict(bound.values)
    for p in sig.parameters.values():
        if p.kind == p.VAR_POSITIONAL:
            values[p.name] = bound.star if bound.star is not None else ast.Tuple([], ast.Load())
        elif p.kind == p.VAR_KEYWORD:
            values[p.name] = bound.double if bound.double is not None else ast.Dict([], [])
        elif p.name not in values:
            values[p.name] = p.default  # the default's expression (an ast node)
    return values


def _ast_signature(fn: ast.FunctionDef) -> inspect.Signature:
    """An ``inspect.Signature`` of a nested def, its defaults the default expressions."""
    a = fn.args
    P = inspect.Parameter
    params = []
    positional = a.posonlyargs + a.args
    defaults = [P.empty] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for arg, d in zip(a.posonlyargs, defaults):
        params.append(P(arg.arg, P.POSITIONAL_ONLY, default=d))
    for arg, d in zip(a.args, defaults[len(a.posonlyargs):]):
        params.append(P(arg.arg, P.POSITIONAL_OR_KEYWORD, default=d))
    if a.vararg:
        params.append(P(a.vararg.arg, P.VAR_POSITIONAL))
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        params.append(P(arg.arg, P.KEYWORD_ONLY, default=P.empty if d is None else d))
    if a.kwarg:
        params.append(P(a.kwarg.arg, P.VAR_KEYWORD))
    return inspect.Signature(params)


def bind_arguments(fn: ast.FunctionDef, call: ast.Call, src) -> dict:
    """Parameter name -> argument expression for a call of a nested function."""
    args = fn.args
    if args.vararg or args.kwarg or any(isinstance(a, ast.Starred) for a in call.args):
        raise UnsupportedSyntaxError(f'srcad cannot inline {fn.name} with *args/**kwargs',
                                     src.location(call), 'define it at module level')
    positional = args.posonlyargs + args.args
    bound = {a.arg: d for a, d in zip(positional[len(positional) - len(args.defaults):],
                                      args.defaults)}
    bound.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d})
    bound.update({a.arg: v for a, v in zip(positional, call.args)})
    bound.update({kw.arg: kw.value for kw in call.keywords})
    missing = [a.arg for a in positional + args.kwonlyargs if a.arg not in bound]
    if missing or len(call.args) > len(positional):
        raise UnsupportedSyntaxError(f'the call does not match {fn.name}\'s parameters',
                                     src.location(call))
    return bound
