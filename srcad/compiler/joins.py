"""Lists and tuples joined with ``+`` and repeated with ``*`` (see :mod:`srcad.runtime.joins`).

``layers = hidden + [out]`` joins two lists; which entries of the joined list's adjoint
belong to ``hidden`` is known only from the operator's position, which the rule of
``+`` (shared with arrays: ``unbroadcast(g, x)``) does not see.  Where the compiler
knows an operand may hold a list or tuple (:func:`.containers._container_names`: a
display, ``list(...)``, an ``append``, a list or tuple parameter, ``*args``...), the
statement is rewritten into a call of :func:`srcad.runtime.joins.join_add`, whose rule
splits the adjoint at the left operand's length (and which still adds elementwise when
the other operand turns out to be an array).  ``lst * 2`` and ``[x] * len(y)``, a list
repeated an integer number of times the compiler can see, become
:func:`srcad.runtime.joins.repeat_sequence`.  A join of values the compiler does not
know to be lists (two calls returning lists) keeps the rule of ``+``, which refuses
it when it runs, at the user's line.
"""

from __future__ import annotations

import ast
import builtins
import types
import weakref

from . import parse
from ..errors import SrcadError

from .fastast import walk
from .flatten_nodes import statement_position
from ..rules import registry
from ..rules.rule import JOINT
from ..runtime import joins

#: the functions whose result is surely a Python integer (a repetition count)
_INTEGER_FUNCTIONS = (builtins.len, builtins.int)
_CONSTANT = 'only its length and type are read (where the joined list splits)'


def vararg_name(resolver) -> str | None:
    """The name of the function's ``*args`` parameter (always a tuple), if any."""
    tree = getattr(getattr(resolver, 'src', None), 'tree', None)
    vararg = getattr(getattr(tree, 'args', None), 'vararg', None)
    return vararg.arg if vararg is not None else None


def vararg_of(tree, mode: str) -> str | None:
    """The ``*args`` parameter whose gradient a split's backward half (mode ``vjp``, what
    a caller's code calls) finishes entry by entry: an integer entry gets no adjoint
    (:func:`srcad.runtime.joins.vararg_gradients`) instead of a refusal.  (Only the
    caller reads it, and only the entries it differentiates; ``grad`` and ``jvp`` never
    take ``*args`` as the input to differentiate.)"""
    vararg = getattr(getattr(tree, 'args', None), 'vararg', None)
    return vararg.arg if vararg is not None and mode == 'vjp' else None


def integer_names(body_assigns, resolver) -> set:
    """The names of ``lst * n`` operands surely holding a Python integer: assigned an
    integer constant, ``len(...)`` or ``int(...)``, or a global integer (``lst *
    N_LAYERS``; :func:`srcad.runtime.joins.repeat_sequence` checks it when it runs).
    Only the operands of ``*`` are looked at (most functions have none)."""
    assigns = list(body_assigns)
    operands = {side.id for stmt in assigns  # (a * b of two names: y * 0.5 repeats nothing)
                if isinstance(stmt.value, ast.BinOp) and isinstance(stmt.value.op, ast.Mult)
                and isinstance(stmt.value.left, ast.Name) and isinstance(stmt.value.right, ast.Name)
                for side in (stmt.value.left, stmt.value.right)}
    if not operands:
        return set()
    out = {name for name in operands if name not in resolver.local
           and _global_integer(resolver, name)}
    for stmt in assigns:
        target, value = stmt.targets[0], stmt.value
        if not isinstance(target, ast.Name) or target.id not in operands:
            continue
        if _int_constant(value):
            out.add(target.id)
        elif isinstance(value, ast.Call) and not (
                isinstance(value.func, ast.Name) and value.func.id in resolver.local):
            if resolver.callee(value.func) in _INTEGER_FUNCTIONS:
                out.add(target.id)
    return out


def sequence_results(body_assigns, resolver) -> set:
    """Names assigned the result of a call of the user's function that returns a list or
    tuple at each of its ``return`` statements (``feats = poly(x) + trig(x)``), or of
    ``x.tolist()``."""
    from ..rules.python.iteration_helpers import tolist
    out = set()
    for stmt in body_assigns:
        value = stmt.value
        if isinstance(stmt.targets[0], ast.Name) and isinstance(value, ast.Call) and (
                isinstance(value.func, ast.Name) or isinstance(value.func, ast.Attribute)
                and value.func.attr == 'tolist'):
            op = resolver.op(value)
            if op.kind == 'call' and returns_a_sequence(op.callee) or \
                    op.kind == 'rule' and op.rule is not None and op.rule.fn is tolist:
                out.add(stmt.targets[0].id)  # (x.tolist(): a list, or a number for 0-d x)
    return out


_RETURNS = weakref.WeakKeyDictionary()  # function -> whether it returns a list or tuple


def returns_a_sequence(fn) -> bool:
    """Whether every ``return`` of the function ``fn`` returns a list or tuple: a display,
    a comprehension, ``list(...)``/``tuple(...)``, or a local name assigned only those
    (and changed by ``append``, ``extend``, ``+=``)."""
    if not isinstance(fn, types.FunctionType):
        return False
    known = _RETURNS.get(fn)
    if known is None:
        try:
            known = _returns_a_sequence(parse.read_function(fn))
        except SrcadError:
            known = False
        _RETURNS[fn] = known
    return known


def _returns_a_sequence(src) -> bool:
    def builder(node) -> bool:
        if isinstance(node, (ast.List, ast.Tuple, ast.ListComp)):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in ('list', 'tuple') and node.func.id not in assigned:
            try:
                return src.resolve(node.func.id) in (list, tuple)
            except (NameError, ValueError):
                return False
        return False
    nodes = list(_own_nodes(src.tree))
    assigned = {}
    for node in nodes:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.With)) or \
                isinstance(node, ast.NamedExpr):
            for target in ast.walk(getattr(node, 'target', node)):
                if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store) \
                        and not isinstance(node, ast.AugAssign):
                    assigned.setdefault(target.id, []).append(None)
    returns = [n.value for n in nodes if isinstance(n, ast.Return)]
    if not returns:
        return False
    for value in returns:
        if builder(value):
            continue
        if not (isinstance(value, ast.Name) and value.id in assigned
                and all(v is not None and builder(v) for v in assigned[value.id])):
            return False
    return True


def _own_nodes(tree):
    """The nodes of a function's body, not those of functions or lambdas nested in it."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                      ast.ClassDef)):
                stack.append(child)


def _global_integer(resolver, name: str) -> bool:
    try:
        value = resolver.src.resolve(name)
    except (NameError, ValueError):
        return False
    return type(value) is int


def _int_constant(node) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def repetition(value, containers, integers) -> tuple | None:
    """``(list operand, count operand)`` of ``lst * n`` / ``n * lst`` with ``lst`` a
    name that may hold a list and ``n`` surely an integer, else None."""
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mult)):
        return None
    for seq, count in ((value.left, value.right), (value.right, value.left)):
        if isinstance(seq, ast.Name) and seq.id in containers and is_count(count, integers):
            return seq, count
    return None


def is_count(node, integers) -> bool:
    """Whether the operand ``node`` surely holds a Python integer."""
    return _int_constant(node) or isinstance(node, ast.Name) and node.id in integers


def is_join(value, containers) -> bool:
    """Whether ``value`` is ``a + b`` with an operand that may hold a list or tuple."""
    return isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add) and any(
        isinstance(side, ast.Name) and side.id in containers
        for side in (value.left, value.right))


def augmented(resolver) -> frozenset:
    """The positions of the function's ``x += v`` statements (kept by the statement
    ``x_1 = x + v`` they become: :func:`.flatten_nodes.statement_position`), found once."""
    found = getattr(resolver, '_augmented_adds', None)
    if found is None:
        found = frozenset(statement_position(n) for n in walk(resolver.src.tree)
                          if isinstance(n, ast.AugAssign) and isinstance(n.op, ast.Add))
        resolver._augmented_adds = found
    return found


def sum_start(value, resolver):
    """``(iterable, start)`` of ``sum(iterable, start)`` (``start=`` too), else None."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id not in resolver.local and resolver.callee(value.func) is builtins.sum
            and not any(isinstance(a, ast.Starred) for a in value.args)):
        return None
    args = list(value.args) + [kw.value for kw in value.keywords if kw.arg == 'start']
    if len(args) != 2 or len(value.keywords) > (1 if len(value.args) == 1 else 0):
        return None
    return args[0], args[1]


def rewrite(stmt: ast.Assign, containers, integers, resolver, helper) -> list | None:
    """``[stmt]`` with a join or a repetition of lists made a call of the runtime helper
    that differentiates it, or None when ``stmt`` is neither."""
    value = stmt.value
    summed = sum_start(value, resolver) if isinstance(value, ast.Call) else None
    if is_join(value, containers):
        operands = [value.left, value.right]
        if statement_position(stmt) in augmented(resolver):  # xs += ys: Python's list.extend
            operands.append(ast.Constant(True))
        call = ast.Call(ast.Name(helper('join_add'), ast.Load()), operands, [])
    elif summed is not None and not isinstance(summed[1], ast.Constant):
        # (a start that may be a list -- a name, a call's result, a slice of one -- joins
        # or adds: decided when it runs, the same way in every mode)
        call = ast.Call(ast.Name(helper('sum_join'), ast.Load()), list(summed), [])
    else:
        found = repetition(value, containers, integers)
        if found is None:
            return None
        call = ast.Call(ast.Name(helper('repeat_sequence'), ast.Load()), list(found), [])
    new = ast.Assign([stmt.targets[0]], ast.copy_location(call, value))
    return [ast.fix_missing_locations(ast.copy_location(new, stmt))]


HELPERS = {'join_add': joins.join_add, 'repeat_sequence': joins.repeat_sequence,
           'sum_join': joins.sum_join}
NAMESPACE = dict(joins.HELPERS)
registry.register_helpers({'vararg_gradients': joins.vararg_gradients})
registry.linear(joins.vararg_gradients, 'g', signature='g, args',
                constants=dict(args='only its entries\' shapes and types are read'))
registry.adjoint(joins.join_add, 'a, b, in_place=False', NAMESPACE,
                 a='joined_part(g, a, b, 0)', b='joined_part(g, a, b, 1)', forward='linear',
                 tangent={JOINT: 'joined_tangent(a__dot, b__dot, a, b, ans)'},
                 constants=dict(in_place='whether the join was written xs += ys'))
registry.linear(joins.joined_part, 'g', signature='g, a, b, side',
                constants=dict(a=_CONSTANT, b=_CONSTANT, side='which operand'))
registry.linear(joins.joined_tangent, 'a_dot', 'b_dot', signature='a_dot, b_dot, a, b, ans',
                constants=dict(a=_CONSTANT, b=_CONSTANT, ans=_CONSTANT))
registry.adjoint(joins.repeat_sequence, 'a, n', NAMESPACE, a='repeated_part(g, a, n)',
                 forward=('linear', 'a'), tangent={JOINT: 'repeated_tangent(a__dot, a, n)'},
                 constants=dict(n='a repetition count (an integer)'))
registry.linear(joins.repeated_part, 'g', signature='g, a, n',
                constants=dict(a=_CONSTANT, n='a repetition count (an integer)'))
registry.linear(joins.repeated_tangent, 'a_dot', signature='a_dot, a, n',
                constants=dict(a=_CONSTANT, n='a repetition count (an integer)'))
registry.adjoint(joins.sum_join, 'iterable, start', NAMESPACE,
                 iterable='summed_parts(g, iterable, start)',
                 start='summed_start(g, iterable, start)', forward='linear',
                 tangent={JOINT: 'summed_tangent(iterable__dot, start__dot, iterable, start, ans)'})
registry.linear(joins.summed_parts, 'g', signature='g, iterable, start',
                constants=dict(iterable=_CONSTANT, start=_CONSTANT))
registry.linear(joins.summed_start, 'g', signature='g, iterable, start',
                constants=dict(iterable=_CONSTANT, start=_CONSTANT))
registry.linear(joins.summed_tangent, 'iterable_dot', 'start_dot',
                signature='iterable_dot, start_dot, iterable, start, ans',
                constants=dict(iterable=_CONSTANT, start=_CONSTANT, ans=_CONSTANT))
