"""Temporaries read once folded into their reader; copies into every reader.

:func:`inline_temps` runs on the forward and backward sweeps once everything
else is emitted (after :func:`~srcad.compiler.optimize.recompute.rematerialize`,
before :func:`~srcad.compiler.optimize.memory.walk_saved`).  It also moves signs
outward where that saves an operation (``x + -y`` as ``x - y``) and merges
consecutive accumulations (``a = a + x`` then ``a = a + y`` as ``a = a + x + y``).

Assumes: ``whole`` is all the code of the function (to count reads and
writes); ``safe`` names helpers that change none of their arguments;
``temporary(name)`` accepts only names the compiler made up.  Guarantees: an
expression moves only within its block, only if it is pure (arithmetic, NumPy
calls, attributes, indexing) and nothing between its definition and its reader
rebinds what it reads or calls anything that could change it; the same
operations run in the same order on the same values (sign flips are exact);
only expressions at most ``_MAX_DEPTH`` deep are folded in.  The statements
given are not mutated.
"""

from __future__ import annotations

import ast
import copy

from ..fastast import children, copy_tree, node_fields, walk, walk_all, walk_kept
from ..ir import Comment
from ..simplify import _number
from .common import depth, located, names_kept, read_names, stack_op, stored_names


def inline_temps(stmts: list, whole: list, params=(), safe=frozenset(),
                 temporary=lambda name: True) -> list:
    """Temporaries read once folded into their reader, and copies into every reader.

    ``t = <expr>`` followed (in the same block) by the only statement that reads
    ``t`` becomes that statement with ``<expr>`` in place of ``t``, when ``<expr>``
    is pure (arithmetic, NumPy calls, attributes, indexing) and nothing in
    between rebinds what it reads or calls anything else.  ``a = b`` is folded
    into every later reader of ``a`` in the block until ``b`` is rebound, and
    ``b = b`` disappears.  Fewer statements run (each costs time in a loop) and
    array temporaries die as soon as they are used.  ``whole`` is all the code
    of the function (to count reads and writes); ``stmts`` is the part to tidy;
    ``safe`` names the helpers that may be called in between (they change no
    argument); only names ``temporary`` accepts go (a user's ``x_bar`` stays, for
    the reader).
    """
    return inline_parts([stmts], whole, params, safe, temporary)[0]


def inline_parts(parts: list, whole: list, params=(), safe=frozenset(),
                 temporary=lambda name: True, memo: dict | None = None) -> list:
    """:func:`inline_temps` of each part of ``whole`` (the reads and writes counted
    once; ``memo``: the statements' nodes, :func:`~srcad.compiler.fastast.walk_kept`)."""
    stores = {p: 1 for p in params}
    loads = {}
    walked = {}  # id(statement) -> its nodes, for statements with no nested block
    for stmt in whole:  # (every name of every statement, nested or not)
        if stmt.__class__ in _SIMPLE:
            walked[id(stmt)] = walk_kept(stmt, memo)
        read, stored = names_kept(stmt, memo)
        for name in read:
            loads[name] = loads.get(name, 0) + 1
        for name in stored:
            stores[name] = stores.get(name, 0) + 1
    return [_inline_block(part, stores, loads, (safe, temporary, walked)) for part in parts]


def _inline_block(block, stores, loads, context) -> list:
    safe, temporary, walked = context
    out = []
    pending = {}  # name -> (its defining statement, the value to fold in)
    replaced = {}  # copy name -> how many of its reads were replaced
    dropped = set()  # ids of the statements in ``out`` folded into a later one
    Name = ast.Name
    for stmt in block:
        if stmt.__class__ is Comment:  # (reads, binds and calls nothing)
            out.append(stmt)
            continue
        header = walked.get(id(stmt))  # (a statement of ``whole``: walked already)
        if header is None:
            stmt = _inline_nested(stmt, stores, loads, context)
            header = _own_nodes(stmt)
        read, written, calls, negations = _scan(header)
        used = {name for name in read if name in pending}
        if isinstance(stmt, _SIMPLE):  # no nested block: its header is all of it
            nested = set()
        else:
            nested = {n.id for n in walk(stmt) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, ast.Load) and n.id in pending} - used
            written = stored_names(stmt)
        header_only = not isinstance(stmt, ast.While)
        alias = {}
        for name in used:
            def_stmt, value, _ = pending[name]
            copy_of = isinstance(value, ast.Name)
            if copy_of and (not isinstance(stmt, ast.Assign) and value.id in written):
                continue
            if header_only and name not in nested:
                alias[name] = value
        if alias:
            stmt = _substituted_header(stmt, alias)
            for name, value in alias.items():
                if isinstance(value, ast.Name):
                    replaced[name] = replaced.get(name, 0) + sum(
                        1 for n in header if isinstance(n, ast.Name) and n.id == name
                        and isinstance(n.ctx, ast.Load))
                    if replaced[name] >= loads.get(name, 0):
                        dropped.add(id(pending.pop(name)[0]))
                else:
                    dropped.add(id(pending.pop(name)[0]))
        assign = stmt.__class__ is ast.Assign
        # the value's nodes: the header's when nothing was put in and the target is a
        # name (which is neither a negation nor a call, nor read), else walked again
        nodes = header if not alias and assign and len(stmt.targets) == 1 \
            and stmt.targets[0].__class__ is Name else None
        if assign:
            if nodes is None:  # (else what the header's scan found is the value's)
                nodes = walk(stmt.value)
                read, _, calls, negations = _scan(nodes)
            if negations:
                signed = _signs_outward(copy_tree(stmt))
                signed_nodes = walk(signed.value)
                found = _scan(signed_nodes)
                if found[3] < negations:  # one became a subtraction
                    stmt, nodes = signed, signed_nodes
                    read, _, calls, negations = found
        if assign and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Name) \
                and stmt.value.id == stmt.targets[0].id:
            continue  # b = b: nothing happens
        # what moves no further: anything read in a nested block, or rebound here
        harmless = _harmless_for(stmt, safe, nodes, calls if assign else None) \
            if pending else None
        for name in list(pending):
            def_stmt, value, reads = pending[name]
            if name in nested or name in (used - set(alias)) or reads & written \
                    or not harmless(reads) or name in written:
                del pending[name]
        out.append(stmt)
        if assign and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            name = stmt.targets[0].id
            if stores.get(name) == 1 and temporary(name) and \
                    name != getattr(stmt.value, 'id', None) and (
                    isinstance(stmt.value, ast.Name) or
                    loads.get(name) == 1 and _pure(stmt.value)
                    and depth(stmt.value) <= _MAX_DEPTH):
                pending[name] = (stmt, stmt.value, read)
    if dropped:
        out = [s for s in out if id(s) not in dropped]
    return _merge_sums(out)


def _inline_nested(stmt, stores, loads, context):
    if not any(getattr(stmt, f, None) for f in ('body', 'orelse')) or \
            isinstance(stmt, ast.FunctionDef):
        return stmt
    new = copy.copy(stmt)
    for f in ('body', 'orelse'):
        if getattr(stmt, f, None):
            setattr(new, f, _inline_block(getattr(stmt, f), stores, loads, context)
                    or [ast.Pass()])
    return new


def _substituted_header(stmt, alias):
    """``stmt`` with names read in its header replaced (nested blocks untouched).

    Only the nodes on the way to a replaced name are copied; the rest is shared.
    """
    new = _shallow(stmt)
    for field, value in ast.iter_fields(stmt):
        if isinstance(value, (ast.expr, ast.keyword)):
            setattr(new, field, _put(value, alias))
        elif isinstance(value, list) and value and isinstance(value[0], (ast.expr,
                                                                         ast.keyword)):
            setattr(new, field, [_put(v, alias) for v in value])
    return new


def _put(node, alias):
    """``node`` with the names in ``alias`` replaced (:func:`_substituted_header`; a
    module function, not a closure: a recursive closure is a reference cycle, left
    for the garbage collector with every tree it saw)."""
    cls = node.__class__
    if cls is ast.Name:
        if node.ctx.__class__ is ast.Load and node.id in alias:
            value = alias[node.id]
            return located(ast.Name(value.id, ast.Load()) if isinstance(
                value, ast.Name) else value, node)
        return node
    if cls is ast.Constant:
        return node
    changed = None
    for field in node_fields(cls):  # (ast.iter_fields less names, contexts, operators)
        value = getattr(node, field, None)
        if isinstance(value, _PUT):
            new = _put(value, alias)
            if new is not value:
                changed = changed or {}
                changed[field] = new
        elif value.__class__ is list and value and isinstance(value[0], _PUT):
            items = [_put(v, alias) for v in value]
            if any(a is not b for a, b in zip(items, value)):
                changed = changed or {}
                changed[field] = items
    if not changed:
        return node
    node = _shallow(node)
    for field, value in changed.items():
        setattr(node, field, value)
    return node


_PUT = (ast.expr, ast.keyword)


def _shallow(node):
    """``copy.copy`` of a node (its fields and attributes shared)."""
    cls = node.__class__
    new = cls.__new__(cls)
    new.__dict__.update(node.__dict__)
    return new


_SIMPLE = (ast.Assign, ast.Expr, ast.Return, ast.Delete, ast.AugAssign, ast.Pass, Comment)


_MAX_DEPTH = 8  # no deeper expressions from folding (readable, and far from recursion limits)


_PURE_METHODS = frozenset({'sum', 'reshape', 'transpose', 'conj', 'ravel', 'copy'})


def _pure(node) -> bool:
    """An expression with no effect but its value, whenever it is evaluated."""
    cls = node.__class__
    if cls is ast.Name or cls is ast.Constant:
        return True
    if cls is ast.BinOp:
        return _pure(node.left) and _pure(node.right)
    if isinstance(node, (ast.Name, ast.Constant)):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        numpy_call = isinstance(root, ast.Name) and root.id == 'np' and func is not root
        method = isinstance(func, ast.Attribute) and func.attr in _PURE_METHODS \
            and _pure(func.value)
        return (numpy_call or method) and all(_pure(a) for a in node.args) and \
            all(_pure(k.value) for k in node.keywords)
    if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Compare, ast.IfExp, ast.BoolOp,
                         ast.Attribute, ast.Subscript, ast.Slice, ast.Tuple)):
        return all(_pure(c) for c in children(node))  # (less contexts and operators)
    return False


def _own_nodes(stmt) -> list:
    """The nodes of a statement outside its nested blocks (its header), in no
    particular order."""
    out = []
    for field in stmt._fields:
        value = getattr(stmt, field, None)
        if isinstance(value, ast.AST):
            if not isinstance(value, ast.stmt):
                out.append(value)
        elif value.__class__ is list:
            out += [v for v in value if isinstance(v, ast.AST) and not isinstance(v, ast.stmt)]
    return walk_all(out)


def _harmless_for(stmt, safe, nodes=None, calls=None):
    """Whether a pending pure expression reading ``reads`` may move past ``stmt``, as
    a function of ``reads`` (the calls ``stmt`` makes looked at once, not once per
    pending value); ``safe`` names the called helpers that change none of their
    arguments; ``nodes`` are the statement's value's nodes, if known, and ``calls``
    the calls among them."""
    if isinstance(stmt, Comment):
        return lambda reads: True
    if isinstance(stmt, ast.Expr):
        return lambda reads: stack_op(stmt.value, reads)
    if isinstance(stmt, ast.Assign):
        if calls is None:
            calls = [c for c in (walk(stmt.value) if nodes is None else nodes)
                     if isinstance(c, ast.Call)]
        blockers = [c for c in calls
                    if not (_pure(c) or isinstance(c.func, ast.Name) and c.func.id in safe)]
        if not blockers:
            return lambda reads: True
        return lambda reads: all(stack_op(c, reads) for c in blockers)
    return lambda reads: False


def _scan(nodes) -> tuple:
    """``(names read, names bound or deleted, calls, how many unary minuses)`` among
    ``nodes``, in one loop (what :func:`_inline_block` asks of each statement)."""
    read, written, calls, negations = set(), set(), [], 0
    Name, Load, Call, UnaryOp, USub = ast.Name, ast.Load, ast.Call, ast.UnaryOp, ast.USub
    for n in nodes:
        cls = n.__class__
        if cls is Name:
            (read if n.ctx.__class__ is Load else written).add(n.id)
        elif cls is Call:
            calls.append(n)
        elif cls is UnaryOp and n.op.__class__ is USub:
            negations += 1
    return read, written, calls, negations


def _negations(node, nodes=None) -> int:
    """How many unary minuses ``node`` holds (``nodes``: its nodes, if known)."""
    return sum(1 for n in (walk(node) if nodes is None else nodes)
               if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub))


def _signs_outward(stmt):
    """``(-a) * b`` as ``-(a * b)`` (``a * -0.1`` for a number ``b``), then ``x + -y``
    as ``x - y``: the same numbers (a sign flip is exact), one operation fewer."""
    return _SIGNS.visit(stmt)


class _Signs(ast.NodeTransformer):
    def visit_BinOp(self, node):
        self.generic_visit(node)
        left, right = node.left, node.right
        if isinstance(node.op, (ast.Mult, ast.Div)) and isinstance(left, ast.UnaryOp) \
                and isinstance(left.op, ast.USub):
            if _number(right):  # (-a) * 0.1 -> a * -0.1 (not 0: the sign of a zero)
                return ast.BinOp(left.operand, node.op, ast.Constant(-right.value))
            return ast.UnaryOp(ast.USub(), ast.BinOp(left.operand, node.op, right))
        if isinstance(node.op, (ast.Add, ast.Sub)) and isinstance(right, ast.UnaryOp) \
                and isinstance(right.op, ast.USub):
            op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
            return ast.BinOp(left, op, right.operand)
        return node


_SIGNS = _Signs()  # (it keeps no state)


def _merge_sums(block) -> list:
    """``a = a + x`` then ``a = a + y`` (``y`` not reading ``a``) as ``a = a + x + y``:
    the same additions in the same order, one statement."""
    out = []
    for stmt in block:
        prev = out[-1] if out else None
        if _accumulates(stmt) and _accumulates(prev) \
                and stmt.targets[0].id == prev.targets[0].id \
                and isinstance(stmt.value.left, ast.Name) \
                and stmt.targets[0].id not in read_names(stmt.value.right):
            merged = ast.BinOp(prev.value, stmt.value.op, stmt.value.right)
            out[-1] = ast.copy_location(ast.Assign([prev.targets[0]], merged), prev)
            continue
        out.append(stmt)
    return out


def _accumulates(stmt) -> bool:
    """``a = a + x`` or ``a = a - x`` (``a`` a name, read first and only there)."""
    return isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 \
        and isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.BinOp) \
        and isinstance(stmt.value.op, (ast.Add, ast.Sub)) \
        and _leftmost(stmt.value) == stmt.targets[0].id


def _leftmost(node):
    while isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        node = node.left
    return node.id if isinstance(node, ast.Name) else None
