"""Flattening of expressions: each operation of a nested expression gets a
statement of its own assigning a fresh temporary, and
:meth:`ExpressionLowering.expr` returns the atom (a local name, a constant, a
path into a global) holding its value.

A mixin of :class:`srcad.compiler.normalize._Flattener`.  A conditional
expression becomes an ``if`` statement assigning one name; ``and``/``or`` whose
operands call nested functions become ``if`` statements keeping the short
circuit; ``np.r_[...]``/``np.c_[...]`` become calls; comprehensions and lambdas
go to :mod:`srcad.compiler.comprehensions`, calls to
:mod:`srcad.compiler.flatten_calls`.
"""

from __future__ import annotations

import ast

import numpy as np

from . import comprehensions, method_inline, property_reads
from ..errors import UnsupportedSyntaxError
from .flatten_nodes import _assign, _name, is_global_path


class ExpressionLowering:
    """``expr`` and the ``expr_`` methods of the flattener (``expr_Call``: flatten_calls)."""

    # -- expressions --------------------------------------------------------
    def expr(self, node, out, dest=None) -> ast.expr:
        """Emit statements computing ``node``; return the atom holding it.

        With ``dest``, the final operation assigns straight into ``dest``.
        """
        if self.is_atom(node):
            if isinstance(node, ast.Name) and node.id in self.functions:
                # inlined where it is called: as a value (odeint(rhs, ...)) it does not exist
                raise UnsupportedSyntaxError(
                    f'srcad inlines the nested function {node.id} where it is called, and '
                    f'cannot pass it on as a value (what it reads from this function would '
                    f'lose its derivative)', self.src.location(node),
                    'define the function at module level and pass the values it reads as '
                    'arguments (for odeint and solve_ivp: args=(...))')
            if dest is None:
                return node
            out.append(_assign(dest, node))
            return _name(dest)
        if isinstance(node, ast.BoolOp) and self.calls_local_function(node):
            return self.lower_boolop(node, out, dest)
        method = getattr(self, 'expr_' + type(node).__name__, None)
        if method is None:
            raise UnsupportedSyntaxError(
                f'srcad does not support {type(node).__name__!r} expressions here',
                self.src.location(node))
        value = method(node, out)
        if value is None:  # the method emitted its own assignment (IfExp)
            return self._finish_ifexp(node, out, dest)
        target = dest or self.namer.temp()
        out.append(ast.copy_location(_assign(target, value), node))
        return _name(target)

    def is_atom(self, node) -> bool:
        if isinstance(node, (ast.Name, ast.Constant)):
            return True
        if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant) \
                and isinstance(node.op, (ast.USub, ast.UAdd)):
            return True
        return isinstance(node, ast.Attribute) and is_global_path(node, self.local)

    def expr_BinOp(self, node, out):
        return ast.BinOp(self.expr(node.left, out), node.op, self.expr(node.right, out))

    def expr_UnaryOp(self, node, out):
        return ast.UnaryOp(node.op, self.expr(node.operand, out))

    def expr_Compare(self, node, out):
        return ast.Compare(self.expr(node.left, out), node.ops,
                           [self.expr(c, out) for c in node.comparators])

    def expr_BoolOp(self, node, out):
        return node  # short-circuit logic stays whole; it is never differentiated

    def expr_JoinedStr(self, node, out):
        return node

    def expr_ListComp(self, node, out):  # (and the others: srcad/compiler/comprehensions.py)
        return comprehensions.lower(self, node, out)

    expr_SetComp = expr_DictComp = expr_GeneratorExp = expr_ListComp

    def expr_Lambda(self, node, out):
        return comprehensions.function_value(self, node)

    def expr_Attribute(self, node, out):
        read = method_inline.property_read(self, node)  # p.degree, a property of p's class
        if read is not None:
            return self.expr(read, out)
        read = property_reads.lower_read(self, node, out)  # g.sigma of g passed in
        if read is not None:
            return read
        return ast.Attribute(self.expr(node.value, out), node.attr, ast.Load())

    def expr_Subscript(self, node, out):
        joined = self.index_concatenation(node)
        if joined is not None:
            return self.expr(joined, out)
        return ast.Subscript(self.expr(node.value, out), self.index(node.slice, out), ast.Load())

    def index_concatenation(self, node):
        """``np.r_[a, 0.0, 1:3]`` as ``r_concat((a, 0.0, slice(1, 3)))`` (``np.c_`` alike),
        a call with a derivative rule (:mod:`srcad.rules.everyday.corners`); else None."""
        if not isinstance(node.value, (ast.Name, ast.Attribute)):
            return None
        obj = self.global_callee(node.value)
        which = 'r' if obj is np.r_ else 'c' if obj is np.c_ else None
        if which is None:
            return None
        from ..rules.everyday import corner_helpers as helpers_corners
        elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        items = [ast.Call(_name('slice'), [p or ast.Constant(None) for p in
                                           (e.lower, e.upper, e.step)], [])
                 if isinstance(e, ast.Slice) else e for e in elts]
        chosen = self.namer.derive('', f'{which}_concat')
        self.helpers[chosen] = getattr(helpers_corners, f'{which}_concat')
        return ast.copy_location(ast.Call(_name(chosen), [ast.Tuple(items, ast.Load())], []), node)

    def index(self, node, out):
        if isinstance(node, ast.Slice):
            return ast.Slice(*(None if p is None else self.expr(p, out)
                               for p in (node.lower, node.upper, node.step)))
        if isinstance(node, ast.Tuple):
            return ast.Tuple([self.index(e, out) for e in node.elts], ast.Load())
        return self.expr(node, out)

    def expr_Tuple(self, node, out):
        return ast.Tuple([self.element(e, out) for e in node.elts], ast.Load())

    def expr_List(self, node, out):
        return ast.List([self.element(e, out) for e in node.elts], ast.Load())

    def element(self, node, out):
        """An entry of a tuple or list display (``*xs`` stays starred: resolve.py)."""
        if isinstance(node, ast.Starred):
            return ast.Starred(self.expr(node.value, out), ast.Load())
        return self.expr(node, out)

    def expr_Dict(self, node, out):
        if any(k is None for k in node.keys):
            raise UnsupportedSyntaxError('srcad does not support **-unpacking in a dict',
                                         self.src.location(node), 'write the keys out')
        keys = [_literal_key(k) or self.expr(k, out) for k in node.keys]
        values = [self.expr(v, out) for v in node.values]
        if all(isinstance(k, ast.Constant) for k in keys):
            return ast.Dict(keys, values)
        # {name: v, f'b{i}': w}: a key known only when it runs (maybe equal to another)
        # is written entry by entry, as d[k] = v is (resolve._Dict's roles are keys)
        held = self.namer.temp()
        self.local.add(held)
        out.append(ast.copy_location(_assign(held, ast.Dict([], [])), node))
        for k, v in zip(keys[:-1], values[:-1]):
            self.into(held, ast.Call(self.runtime('setitem'), [_name(held), k, v], []), out)
        return ast.Call(self.runtime('setitem'), [_name(held), keys[-1], values[-1]], [])

    def expr_IfExp(self, node, out):
        return None

    def calls_local_function(self, node) -> bool:
        return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                   and n.func.id in self.functions or isinstance(
                       n, comprehensions.COMPREHENSIONS + (ast.Lambda,)) for n in ast.walk(node))

    def lower_boolop(self, node, out, dest):
        """``a and b`` as statements (``t = a; if t: t = b``), keeping the short circuit,
        so a nested function called in an operand can be written out there."""
        target = dest or self.namer.temp()
        self.local.add(target)
        self.expr(node.values[0], out, dest=target)
        self._rest_of_boolop(node, node.values[1:], target, out)
        return _name(target)

    def _rest_of_boolop(self, node, rest, target, out):
        if not rest:
            return
        body = []
        self.expr(rest[0], body, dest=target)
        self._rest_of_boolop(node, rest[1:], target, body)
        test = _name(target) if isinstance(node.op, ast.And) else \
            ast.UnaryOp(ast.Not(), _name(target))
        out.append(ast.copy_location(ast.If(test, body, []), node))

    def _finish_ifexp(self, node, out, dest):
        """``a if c else b`` becomes an ``if`` statement assigning one name."""
        target = dest or self.namer.temp()
        self.local.add(target)
        test = self.expr(node.test, out)
        body, orelse = [], []
        self.expr(node.body, body, dest=target)
        self.expr(node.orelse, orelse, dest=target)
        stmt = ast.If(test, body, orelse)
        out.append(ast.copy_location(stmt, node))
        return _name(target)


def _literal_key(node):
    """A dict display's key written as a literal (``(0, 1)``, ``-1``) as one constant, or None."""
    if isinstance(node, ast.Constant) or not isinstance(node, (ast.Tuple, ast.UnaryOp)):
        return None
    try:
        value = ast.literal_eval(node)
        hash(value)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return ast.copy_location(ast.Constant(value), node)
