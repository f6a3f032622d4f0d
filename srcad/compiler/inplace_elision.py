"""NumPy's in-place checks dropped where they provably change nothing.

``x op= v`` is flattened into ``t = x op v; x = inplace_result(t, x, op)``
(:mod:`srcad.compiler.flatten_inplace`): NumPy writes the result into ``x``, keeping
its shape and dtype, or raises.  Where that cannot matter the pair becomes the plain
``x = x op v``:

- ``x`` is surely no array (a Python int or number, a numpy scalar, a tuple:
  :mod:`srcad.compiler.value_kinds`): Python's ``x = x op v`` is what runs;
- ``x`` is surely an array of at least one dimension whose dtype is known
  (:mod:`srcad.compiler.dtype_facts`), ``t`` surely has that dtype and ``x``'s
  shape class (:mod:`srcad.compiler.shapeinfo`): nothing to cast, nothing to refuse.

The check ``inplace_check(a, v, op)`` of ``x[i] op= v``, ``np.copyto`` and ``out=``
is dropped likewise: ``a`` surely no array (one element ``x[i, j]`` of an array), or
an array of a known dtype that ``v``'s result casts into (``same_kind``) with a shape
``v`` cannot grow.  Anything not proven keeps the runtime call.
"""

from __future__ import annotations

import ast
import copy

import numpy as np

from .. import runtime
from .dtype_facts import dtype_facts, promoted, same, non_arrays
from .fastast import walk
from .flatten_inplace import OPERATORS
from .ir import ForRange, WhileLoop
from .shapeinfo import SCALAR, shape_classes
from .value_kinds import INT, NUMBER, _is_array, value_kinds

_OPERATOR_NODES = {text: node for node, text in OPERATORS.items()}


def elide(body: list, params, resolver, shape_facts=None) -> list:
    """``body`` with the in-place checks that cannot fire made plain (the same list
    when none is; statements are copied, never changed)."""
    helpers = {name for name, fn in resolver.helpers.items()
               if fn is runtime.inplace_result or fn is runtime.inplace_check}
    if not helpers or not any(isinstance(n, ast.Name) and n.id in helpers
                              for stmt in body for n in walk(stmt)):
        return body
    seen = _without_checks(body, resolver)
    kinds = value_kinds(seen, resolver, params)
    facts = Facts(kinds, dtype_facts(seen, resolver, kinds),
                  shape_classes(seen, params, resolver, shape_facts),
                  non_arrays(seen, resolver, kinds))
    reads = {}
    for node in (n for stmt in body for n in walk(stmt)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            reads[node.id] = reads.get(node.id, 0) + 1
    return _block(body, resolver, facts, reads)


class Facts:
    """What is known of the names: value kinds, dtype facts, shape classes."""

    def __init__(self, kinds, dtypes, shapes, scalars):
        self.kinds, self.dtypes, self.shapes, self.scalars = kinds, dtypes, shapes, scalars  # (and lists)

    def no_array(self, atom) -> bool:
        """Surely not an ndarray (Python's ``x = x op v`` is what ``x op= v`` does)."""
        if isinstance(atom, ast.Constant):
            return True
        if not isinstance(atom, ast.Name):
            return False
        kind = self.kinds.get(atom.id)
        return atom.id in self.scalars or kind in (INT, NUMBER) or isinstance(
            self.dtypes.get(atom.id), str) or (isinstance(kind, tuple) and kind[0] == 'tuple')

    def array_dtype(self, atom):
        """The dtype of an atom surely an ndarray of one dimension or more, or None."""
        if isinstance(atom, ast.Name):
            kind = self.kinds.get(atom.id)
            if _is_array(kind) and kind[1] >= 1:
                dtype = self.dtypes.get(atom.id)
                return dtype if isinstance(dtype, np.dtype) else None
        return None

    def shape(self, atom):
        """A shape class that stands for one shape wherever it is met: a concrete shape,
        or a parameter's as it came (``value:n`` classes follow a name's current value,
        which a loop may change between the two operands' assignments: not used)."""
        if isinstance(atom, ast.Constant) and type(atom.value) in (int, float, complex):
            return SCALAR
        cls = self.shapes.get(atom.id) if isinstance(atom, ast.Name) else None
        return cls if isinstance(cls, tuple) or (
            isinstance(cls, str) and cls.startswith('param:')) else None

    def dtype(self, atom):
        if isinstance(atom, ast.Constant):
            return {int: 'int', float: 'float', complex: 'complex'}.get(type(atom.value))
        return self.dtypes.get(atom.id) if isinstance(atom, ast.Name) else None

    def fits(self, v, x) -> bool:
        """``v`` broadcast against the array ``x`` (one dimension or more) leaves
        ``x``'s shape as it is: a number, or a value of ``x``'s shape."""
        if self.no_array(v) or self.shape(v) == SCALAR:
            return True
        shape = self.shape(v)
        return shape is not None and shape == self.shape(x)

    def same_result(self, value, x) -> bool:
        """``inplace_result(t, x, op)`` is ``t`` itself, ``value`` what ``t`` is."""
        if self.no_array(x):
            return True
        dtype = self.array_dtype(x)
        if dtype is None or not isinstance(value, ast.BinOp) or type(value.op) is ast.MatMult \
                or not isinstance(value.left, ast.Name) or value.left.id != x.id:
            return False
        return self.fits(value.right, x) and same(
            promoted(type(value.op), dtype, self.dtype(value.right)), dtype)

    def check_passes(self, a, v, op) -> bool:
        """``inplace_check(a, v, op)`` surely raises nothing."""
        if self.no_array(a):
            return True
        dtype = self.array_dtype(a)
        if dtype is None or op == '@' or not self.fits(v, a):
            return False
        result = self.dtype(v) if op == '=' else promoted(
            _OPERATOR_NODES.get(op), dtype, self.dtype(v))
        return isinstance(result, np.dtype) and np.can_cast(result, dtype, 'same_kind')


def _block(stmts, resolver, facts, reads) -> list:
    out, changed = [], False
    for stmt in stmts:
        new = stmt
        if isinstance(stmt, (ast.If, ast.For, ast.While, ForRange, WhileLoop, ast.Try)):
            new = _nested(stmt, resolver, facts, reads)
        elif isinstance(stmt, ast.Expr) and _called(stmt.value, resolver,
                                                    runtime.inplace_check, 3):
            a, v, op = stmt.value.args
            if isinstance(op, ast.Constant) and facts.check_passes(a, v, op.value):
                changed = True
                continue
        elif isinstance(stmt, ast.Assign) and _called(stmt.value, resolver,
                                                      runtime.inplace_result, 3):
            t, x, _ = stmt.value.args
            before = out[-1] if out else None
            if isinstance(t, ast.Name) and reads.get(t.id) == 1 \
                    and isinstance(before, ast.Assign) and len(before.targets) == 1 \
                    and isinstance(before.targets[0], ast.Name) \
                    and before.targets[0].id == t.id and facts.same_result(before.value, x):
                # t = x op v; y = inplace_result(t, x, op)  ->  y = x op v
                out[-1] = ast.copy_location(ast.Assign(stmt.targets, before.value), stmt)
                changed = True
                continue
        changed = changed or new is not stmt
        out.append(new)
    return out if changed else stmts


def _without_checks(stmts, resolver) -> list:
    """The body as the analyses see it: without srcad's own checks, which hand an array
    to code that is not NumPy's but change nothing (``inplace_check(t, v, '+')`` as a
    statement, ``t = writes_back(x, i)``: a runtime helper that returns a bool)."""
    out = []
    for stmt in stmts:
        if isinstance(stmt, (ast.Expr, ast.Assign)) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Name):
            fn = resolver.helpers.get(stmt.value.func.id)
            if (getattr(fn, '__module__', None) or '').startswith('srcad.runtime.'):
                if isinstance(stmt, ast.Expr):
                    continue
                if getattr(fn, '__annotations__', {}).get('return') in (bool, 'bool'):
                    out.append(ast.copy_location(ast.Assign(stmt.targets, ast.Constant(True)),
                                                 stmt))
                    continue
        fields = {f: _without_checks(getattr(stmt, f), resolver)
                  for f in ('body', 'orelse', 'finalbody') if getattr(stmt, f, None)}
        if fields:
            stmt = copy.copy(stmt)
            for field, value in fields.items():
                setattr(stmt, field, value)
        out.append(stmt)
    return out


def _nested(stmt, resolver, facts, reads):
    fields = {}
    for field in ('body', 'orelse', 'finalbody'):
        part = getattr(stmt, field, None)
        if isinstance(part, list):
            new = _block(part, resolver, facts, reads)
            if new is not part:
                fields[field] = new
    handlers = getattr(stmt, 'handlers', None)
    if handlers:
        new_handlers = []
        for handler in handlers:
            body = _block(handler.body, resolver, facts, reads)
            new_handlers.append(handler if body is handler.body else
                                ast.copy_location(ast.ExceptHandler(handler.type, handler.name,
                                                                    body), handler))
        if any(a is not b for a, b in zip(new_handlers, handlers)):
            fields['handlers'] = new_handlers
    if not fields:
        return stmt
    new = copy.copy(stmt)
    for field, value in fields.items():
        setattr(new, field, value)
    return new


def _called(value, resolver, fn, nargs) -> bool:
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
        and resolver.helpers.get(value.func.id) is fn and len(value.args) == nargs \
        and not value.keywords
