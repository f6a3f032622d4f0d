"""A nested function that calls itself (``def fact(n, acc): ... fact(n - 1, acc * x)``).

srcad writes nested functions out where they are called, which a recursive one cannot
be; at module level srcad differentiates recursion as calls of the user's function.  So
a recursive nested ``def`` is made such a function: the same ``def`` with the variables
it reads from the enclosing function (``x``) as keyword-only parameters of the same
names, its own calls passing them on (``fact(n - 1, acc * x, x=x)``), compiled in the
user's module globals (never added to them) from source srcad keeps in :mod:`linecache`
(file ``<srcad nested fact of f>``).  Where the ``def`` stands, a nested function of the
same signature takes its place, ``def fact(n, acc): return lifted(n, acc, x=x)``,
written out where it is called as before: the enclosing variables are read when it is
called, as a closure reads them, and cannot change while the recursion runs (the
function assigns none of them: a ``nonlocal`` keeps the refusal).
"""

from __future__ import annotations

import ast
import copy
import hashlib
import linecache

from .fastast import walk
from .nested_scopes import own_names


def lift(flat, fn: ast.FunctionDef):
    """The nested function to keep in place of ``fn`` when ``fn`` calls itself (see the
    module docstring), or None (``fn`` as it is)."""
    name, a = fn.name, fn.args
    if not _calls_itself(fn) or fn.decorator_list or a.vararg or a.kwarg or a.posonlyargs:
        return None
    own = own_names(fn)
    loaded = {n.id for n in walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    if any(isinstance(n, (ast.Nonlocal, ast.Global)) for n in walk(fn)) or \
            loaded & (set(flat.functions) - {name}) or name in own:
        return None
    outer = set(flat.local) | set(flat.src.closure)
    free = sorted((loaded - own - {name}) & outer)
    if any(n.startswith('__') for n in free):
        return None
    lifted = _compiled(flat, fn, free)
    helper = flat.namer.derive('', f'{name}_recursive')
    flat.helpers[helper] = lifted
    call = ast.Call(ast.Name(helper, ast.Load()),
                    [ast.Name(p.arg, ast.Load()) for p in a.args],
                    [ast.keyword(p.arg, ast.Name(p.arg, ast.Load())) for p in a.kwonlyargs]
                    + [ast.keyword(v, ast.Name(v, ast.Load())) for v in free])
    body = [ast.copy_location(ast.Return(call), fn)]
    new = ast.copy_location(ast.FunctionDef(name, copy.deepcopy(a), body, [], None, None), fn)
    return ast.fix_missing_locations(new)


def _calls_itself(fn) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == fn.name
               for s in fn.body for n in walk(s))


def _compiled(flat, fn, free):
    """The function object of ``fn`` with ``free`` as keyword-only parameters, its own
    calls passing them on, in the user's module globals."""
    tree = copy.deepcopy(fn)
    for node in walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == fn.name:
            node.keywords = list(node.keywords) + [
                ast.keyword(v, ast.Name(v, ast.Load())) for v in free]
    tree.args.kwonlyargs = list(tree.args.kwonlyargs) + [ast.arg(v) for v in free]
    tree.args.kw_defaults = list(tree.args.kw_defaults) + [None] * len(free)
    tree.decorator_list = []
    outer = ast.FunctionDef('srcad_lift', ast.arguments([], [], None, [], [], None, []),
                            [tree, ast.Return(ast.Name(fn.name, ast.Load()))], [], None, None)
    module = ast.fix_missing_locations(ast.Module([outer], []))
    text = ast.unparse(module) + '\n'
    digest = hashlib.sha1(text.encode()).hexdigest()[:10]
    key = (id(flat.src.globals), digest)
    found = _LIFTED.get(key)
    if found is not None and found.__globals__ is flat.src.globals:
        return found  # (the same function each compile: one derivative, one export)
    filename = f'<srcad nested {fn.name} of {flat.src.name} {digest}>'
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    space = {}
    exec(compile(text, filename, 'exec'), flat.src.globals, space)
    _LIFTED[key] = lifted = space['srcad_lift']()
    return lifted


#: (id of the module's globals, digest of the source) -> the function made
_LIFTED = {}
