"""Lambdas (and the functions kept beside them) as values in lists and dicts.

``fs = {'relu': lambda z: ..., 'tanh': np.tanh}`` keeps, for each lambda, a token
(:class:`LocalFunction`); a call of a value read from such a list or dict
(``fs[name](x)``, ``for f in fs: f(x)``) tests which function it holds and calls
that one, inlining a lambda (:func:`dispatch`), so its derivative is the
derivative of ordinary code (see :mod:`srcad.compiler.comprehensions`).
"""

from __future__ import annotations

import ast
import copy

from ..errors import RuntimeCheckError, UnsupportedSyntaxError
from .classes import global_object
from .starargs import bind_arguments


LAMBDA_HINT = ('call it where it is defined (assign it to a name, put it in a list or dict, or '
               'pass it to map, filter, functools.reduce or sorted(key=)), or define it at '
               'module level')


def _callee(src, node, local):
    """The object a call's function names, when it is a global path, else None."""
    return global_object(src, node.func, local) if isinstance(node, ast.Call) else None


def _placed(tree, where):
    """``tree`` with the location of ``where`` on every node that has none."""
    for node in ast.walk(tree):
        if 'lineno' in node._attributes and not hasattr(node, 'lineno'):
            ast.copy_location(node, where)
    return ast.fix_missing_locations(tree)


def _fresh_local(flat, base) -> str:
    name = flat.namer.fresh(base)
    flat.local.add(name)
    return name


def lift(flat, lam: ast.Lambda) -> ast.FunctionDef:
    """A lambda as a nested def (with a name of its own) that calls inline."""
    name = flat.namer.fresh(getattr(lam, 'srcad_name', 'fn'))
    body = [ast.copy_location(ast.Return(lam.body), lam.body)]
    fn = ast.copy_location(ast.FunctionDef(name, lam.args, body, [], None, None), lam)
    flat.functions[name] = fn
    return fn


def _mark_function_values(src, tree, local):
    """Mark each read of a name that may hold a function kept in a list or dict (``fs``
    in ``fs = [lambda z: ..., np.tanh]``, ``f`` in ``for f in fs``) with the global
    functions those lists and dicts hold, for :func:`dispatch`."""
    names, entries = set(), {}

    def function(elt):
        if not _global_path(elt, local):
            return False
        obj = _callee(src, ast.Call(elt, [], []), local)
        return callable(obj) and not isinstance(obj, type)

    def holds(node):
        return any(isinstance(n, ast.Lambda) and getattr(n, 'srcad_value', False)
                   or isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id in names
                   or isinstance(n, (ast.List, ast.Tuple)) and any(map(function, n.elts))
                   or isinstance(n, ast.Dict) and any(map(function, n.values))
                   for n in ast.walk(node))
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                value, targets = node.value, getattr(node, 'targets', None) or [node.target]
            elif isinstance(node, (ast.For, ast.comprehension)):
                value, targets = node.iter, [node.target]
            else:
                continue
            if not holds(value):
                continue
            for n in ast.walk(value):
                if isinstance(n, (ast.List, ast.Tuple, ast.Dict)):
                    for elt in (n.values if isinstance(n, ast.Dict) else n.elts):
                        if function(elt):
                            entries.setdefault(ast.unparse(elt), elt)
            new = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
            changed |= bool(new - names)
            names |= new
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            node.srcad_function_value = list(entries.values())


def _global_path(node, local) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id not in local


# -- lambdas and nested functions as values -----------------------------------------
class LocalFunction:
    """What a lambda or nested def of a differentiated function is, as a value: a
    token a call of a local value compares against to inline the right function.
    srcad cannot follow it anywhere else, so calling it there is refused."""

    def __init__(self, name: str, where):
        self.name, self.where = name, where

    def __repr__(self):
        return f'<local function {self.name}>'

    def __call__(self, *args, **kwargs):
        raise RuntimeCheckError(
            f'srcad inlines the local function {self.name} (defined at {self.where}) where '
            f'the function it is defined in calls it; it cannot be called from elsewhere',
            hint='define it at module level to pass it to other functions')


def function_value(flat, node) -> ast.expr:
    """A lambda used as a value (in a list or dict): its token."""
    if not getattr(node, 'srcad_value', False):
        raise UnsupportedSyntaxError(
            'srcad inlines a lambda where it is called, and cannot pass it on as a value',
            flat.src.location(node), LAMBDA_HINT)
    fn = lift(flat, node)
    for token_name, (token_fn, _) in flat.tokens.items():
        if token_fn is fn:
            return ast.Name(token_name, ast.Load())
    where = flat.src.location(node)
    token = LocalFunction(fn.name, f'{where.filename}:{where.lineno}')
    chosen = flat.namer.derive('', f'{fn.name}_token')
    flat.helpers[chosen] = token
    flat.tokens[chosen] = (fn, token)
    return ast.Name(chosen, ast.Load())


def dispatch(flat, node, out) -> ast.expr:
    """``g(args)`` where ``g`` may hold a lambda's token or a function of the same
    tables: ``if g is token1: r = <inlined 1> elif g is np.tanh: r = np.tanh(x) ...
    else: r = unknown_function(g)`` (which raises)."""
    entries = next(n.srcad_function_value for n in ast.walk(node.func)
                   if hasattr(n, 'srcad_function_value'))
    func = flat.expr(node.func, out)
    args = [flat.expr(a, out) for a in node.args]
    keywords = [ast.keyword(kw.arg, flat.expr(kw.value, out)) for kw in node.keywords]
    result = _fresh_local(flat, 'result')
    chosen = flat.namer.derive('', 'unknown_function')
    flat.helpers[chosen] = unknown_function
    chain = [ast.Assign([ast.Name(result, ast.Store())],
                        ast.Call(ast.Name(chosen, ast.Load()), [copy.deepcopy(func)], []))]
    for entry in reversed(entries):
        call = ast.Call(copy.deepcopy(entry), copy.deepcopy(args), copy.deepcopy(keywords))
        test = ast.Compare(copy.deepcopy(func), [ast.Is()], [copy.deepcopy(entry)])
        chain = [ast.If(test, [ast.Assign([ast.Name(result, ast.Store())], call)], chain)]
    for token_name, (fn, _) in reversed(list(flat.tokens.items())):
        try:
            bind_arguments(fn, node, flat.src)
        except UnsupportedSyntaxError:
            continue  # (a function this call cannot call: g(a, b) for a lambda of one x)
        if fn.name in flat.inlining:
            continue  # (its own body: calling itself is recursion, refused when it runs)
        call = ast.Call(ast.Name(fn.name, ast.Load()), copy.deepcopy(args),
                        copy.deepcopy(keywords))
        test = ast.Compare(copy.deepcopy(func), [ast.Is()], [ast.Name(token_name, ast.Load())])
        chain = [ast.If(test, [ast.Assign([ast.Name(result, ast.Store())], call)], chain)]
    out.extend(flat.statement(_placed(chain[0], node)))
    return ast.Name(result, ast.Load())


def unknown_function(f):
    """The last branch of :func:`dispatch`: a value no table of the function holds."""
    raise RuntimeCheckError(
        f'srcad cannot call {f!r} here: it differentiates calls of a lambda kept in a list '
        f'or dict, and of the functions those lists and dicts hold, only',
        hint='call the function by its own name')
