"""Calls of a local function name bound differently on different paths, tested when
the code runs.

``act = lambda t: t ** 3; if c: act = lambda t: t`` then ``act(x)``: which lambda
runs depends on ``c``.  In the differentiated function itself (:func:`srcad.compiler.
function_bindings.mark` finds such names), each ``def`` or ``name = lambda`` of the name
also assigns the name a token of its own (:func:`bound`), and a call srcad cannot
resolve by the order of the text tests which token the name holds and writes each
candidate out under its test (:func:`lower_call`)::

    if act is act_def: r = <act's first body>
    elif act is act_def_1: r = <its second body>
    elif act is np.tanh: r = np.tanh(x)      (act = np.tanh on some path)
    else: r = no_local_function(act)          (raises)

so the value and the derivative are those of the branch that ran.
"""

from __future__ import annotations

import ast
import copy

from ..errors import RuntimeCheckError, UnsupportedSyntaxError
from .function_bindings import HINT, Binding, inlines
from .lambdas import LocalFunction, _fresh_local, _placed
from .starargs import bind_arguments


def lower_call(flat, node, out):
    """``name(...)``: written out (a local function the text resolves), tested (see
    the module docstring), or None (a call of the value the name holds)."""
    read = getattr(node.func, 'srcad_read', None)
    if read is not None and read.functions:
        return _dispatch(flat, node, read, out)
    if read is not None and read.why is None and len(read.keys) == 1:
        key, = read.keys
        taken = _registry(flat)[1].get(key)
        if taken is not None:  # (the one def the order of the text says: a token's)
            alias = flat.namer.fresh(f'{taken.name}_written')
            flat.functions[alias] = _plain(taken)
            return flat.inline(flat.functions[alias], node, out)
    if inlines(flat, node):
        return flat.inline(flat.functions[node.func.id], node, out)
    return None


def bound(flat, name: str, out) -> None:
    """After ``def name`` / ``name = lambda``: the token of that binding into ``name``,
    when calls of it test which binding is live."""
    fn = flat.functions[name]
    binding = getattr(fn.args, 'srcad_binding', None)
    if binding is None or not binding.token:
        return
    _registry(flat)[1][binding.key] = flat.functions.pop(name)  # (a token: a value too)
    flat.local.add(name)
    where = fn if hasattr(fn, 'lineno') else fn.body[0]  # (a lambda: its body's line)
    out.append(ast.Assign([ast.Name(name, ast.Store())],
                          ast.Name(_token(flat, binding.key, name, where), ast.Load())))


def _registry(flat):
    """(binding key -> token name, binding key -> the def as the flattener took it)."""
    if not hasattr(flat, 'binding_tokens'):
        flat.binding_tokens = ({}, {})
    return flat.binding_tokens


def _token(flat, key, name, where) -> str:
    tokens = _registry(flat)[0]
    if key not in tokens:
        loc = flat.src.location(where)
        chosen = flat.namer.fresh(f'{name}_def')
        flat.helpers[chosen] = LocalFunction(name, f'{loc.filename}:{loc.lineno}')
        tokens[key] = chosen
    return tokens[key]


def _function(flat, key, stmt, node):
    """The def of binding ``key``: as the flattener took it, or (a call before it in a
    loop) from its statement, when its defaults need no computing."""
    taken = _registry(flat)[1].get(key)
    if taken is not None:
        fn = taken
    elif isinstance(stmt, ast.FunctionDef):
        fn = stmt
    else:
        lam, name = stmt.value, stmt.targets[0].id
        body = [ast.copy_location(ast.Return(lam.body), lam.body)]
        fn = ast.copy_location(ast.FunctionDef(name, lam.args, body, [], None, None), stmt)
    a = fn.args
    if not all(d is None or isinstance(d, (ast.Constant, ast.Name))
               for d in a.defaults + a.kw_defaults):
        raise UnsupportedSyntaxError(
            f'srcad cannot test which function {fn.name} is here: its binding at line '
            f'{stmt.lineno} computes its default values and has not run yet where the '
            f'call is written', flat.src.location(node), HINT)
    return _plain(fn)


def _plain(fn):
    """A copy of ``fn`` to write out under a name of its own (its binding's key kept,
    no longer a reason to refuse)."""
    binding = getattr(fn.args, 'srcad_binding', None)
    fn = copy.copy(fn)
    fn.args = copy.copy(fn.args)
    fn.args.srcad_binding = binding and Binding(binding.key, None)
    return fn


def _dispatch(flat, node, read, out) -> ast.Name:
    name = node.func.id
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
            kw.arg is None for kw in node.keywords):
        raise UnsupportedSyntaxError(
            f'srcad tests which function {name} is at this call, and cannot pass * or ** '
            f'arguments there', flat.src.location(node), 'pass the arguments one by one')
    args = [flat.expr(a, out) for a in node.args]
    keywords = [ast.keyword(kw.arg, flat.expr(kw.value, out)) for kw in node.keywords]
    result = _fresh_local(flat, 'result')
    refuse = flat.namer.derive('', 'no_local_function')
    flat.helpers[refuse] = no_local_function
    chain = [ast.Assign([ast.Name(result, ast.Store())], ast.Call(
        ast.Name(refuse, ast.Load()), [ast.Name(name, ast.Load())], []))]

    def test(value, call):
        return [ast.If(ast.Compare(ast.Name(name, ast.Load()), [ast.Is()], [value]),
                       [ast.Assign([ast.Name(result, ast.Store())], call)], chain)]
    for value in reversed(read.values):
        chain = test(copy.deepcopy(value), ast.Call(
            copy.deepcopy(value), copy.deepcopy(args), copy.deepcopy(keywords)))
    for key, stmt in reversed(read.functions):
        fn = _function(flat, key, stmt, node)
        try:
            bind_arguments(fn, node, flat.src)
        except UnsupportedSyntaxError:
            continue  # (this call cannot call it: if it is live, the last branch raises)
        alias = flat.namer.fresh(f'{fn.name}_written')
        flat.functions[alias] = fn
        token = ast.Name(_token(flat, key, fn.name, stmt), ast.Load())
        chain = test(token, ast.Call(ast.Name(alias, ast.Load()), copy.deepcopy(args),
                                     copy.deepcopy(keywords)))
    out.extend(flat.statement(_placed(chain[0], node)))
    return ast.Name(result, ast.Load())


def no_local_function(f):
    """The last branch of a tested call: the name holds none of its bindings."""
    raise RuntimeCheckError(
        f'srcad cannot call {f!r} here: the name holds none of the functions bound to it '
        f'in the function srcad differentiates',
        hint='call the function by its own name')
