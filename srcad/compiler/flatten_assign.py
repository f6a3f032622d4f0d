"""Flattening of the statements that bind names: assignments (chained, to tuples
and lists, to elements ``x[i] = v``), nested ``def`` statements and named lambdas,
``return`` and expression statements.

A mixin of :class:`srcad.compiler.normalize._Flattener`.  ``x[i] = v`` becomes
``x = setitem(x, i, v)``, a new value for ``x`` (the mutation check,
:mod:`srcad.compiler.mutation`, refuses it where another name would see the
change); :meth:`AssignmentLowering.into` keeps a loop's ``x = f(x)`` from
overwriting ``x`` before the backward sweep has read the old value.
"""

from __future__ import annotations

import ast

from . import (appends, attributes, closures, function_dispatch, method_inline,
               nested_recursion, nested_scopes)
from ..errors import UnsupportedSyntaxError
from .fastast import walk
from .flatten_nodes import _assign, _is_method, _is_names, _name, _same_length, _store
from .templates import index_value
from .write_through import write_through


class AssignmentLowering:
    """``stmt_`` methods of the flattener for assignments, ``return`` and expression
    statements, and the writing of a value into a name or an element."""

    def stmt_FunctionDef(self, stmt, out):
        lifted = nested_recursion.lift(self, stmt)  # a def calling itself: a function
        self.functions[stmt.name] = nested_scopes.evaluated_defaults(self, lifted or stmt, out)
        function_dispatch.bound(self, stmt.name, out)  # (if calls test which def is live)

    def stmt_Assign(self, stmt, out):
        if isinstance(stmt.value, ast.Lambda) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            lam = stmt.value
            body = [ast.copy_location(ast.Return(lam.body), lam.body)]
            self.functions[stmt.targets[0].id] = nested_scopes.evaluated_defaults(
                self, ast.FunctionDef(stmt.targets[0].id, lam.args, body, [], None, None), out)
            function_dispatch.bound(self, stmt.targets[0].id, out)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = stmt.value
            if _is_method(value, 'pop', self.local, 0):  # x = xs.pop()
                value = ast.Call(self.runtime('list_pop'), [value.func.value], [])
            elif attributes.lower_construction(self, stmt.targets[0].id, value, out):
                return  # obj = Layer(W) of a plain class: its __init__ in place
            elif closures.lower_factory_call(self, stmt.targets[0].id, value, out):
                return  # f = make(x) of a factory returning its nested def
            self.into(stmt.targets[0].id, value, out)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Subscript):
            target = stmt.targets[0]
            if _effectful_index(target):  # y[s.pop()] = v: v first, then the index, as Python
                value = self.expr(stmt.value, out)
                target = self._index_once(target, out)
                self.write_element(target, value, out)
                return
            self.write_element(target, stmt.value, out)
            return
        if len(stmt.targets) == 1 and _is_names(stmt.targets[0]) and _same_length(stmt):
            targets = [t.id for t in stmt.targets[0].elts]
            read = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
            if not read & set(targets) and len(set(targets)) == len(targets):
                for target, value in zip(targets, stmt.value.elts):
                    self.expr(value, out, dest=target)
                return
            temps = [self.expr(v, out, dest=self.namer.temp()) for v in stmt.value.elts]
            for target, temp in zip(stmt.targets[0].elts, temps):
                self.assign(target, temp, out)
            return
        value = self.expr(stmt.value, out)
        for target in stmt.targets:
            self.assign(target, value, out)

    def assign(self, target, value: ast.expr, out):
        if isinstance(target, ast.Name):
            out.append(_assign(target.id, value))
            return
        if isinstance(target, ast.Subscript):  # y[0] = y[7] = v (chained assignment)
            self.write_element(target, value, out)
            return
        if isinstance(target, ast.Attribute):  # obj.attr = v (srcad/compiler/attributes.py)
            attributes.lower_store(self, target, value, out)
            return
        if isinstance(target, (ast.Tuple, ast.List)) and any(
                isinstance(e, ast.Starred) for e in target.elts):
            self.assign_starred(target, value, out)  # first, *rest = xs (statements.py)
            return
        if not _is_names(target, attributes=True):
            raise UnsupportedSyntaxError(
                f'srcad does not support assigning to {ast.unparse(target)}',
                self.src.location(target), 'assign to plain names')
        if not isinstance(value, ast.Name):
            value = _name(self.expr(value, out, dest=self.namer.temp()).id)
        parts = []
        for elt in target.elts:
            parts.append(elt.id if isinstance(elt, ast.Name) else self.namer.temp())
        out.append(ast.Assign([ast.Tuple([_store(p) for p in parts], ast.Store())], value))
        for elt, part in zip(target.elts, parts):
            if not isinstance(elt, ast.Name):
                self.assign(elt, _name(part), out)

    def write_element(self, target: ast.Subscript, value, out):
        """``x[i] = v`` becomes ``x = setitem(x, i, v)``: a new value for ``x``."""
        if not (isinstance(target.value, ast.Name) and target.value.id in self.local):
            if write_through(self, target, value, out):  # grid[i][j] = v
                return
            raise UnsupportedSyntaxError(
                f'srcad only supports writing into an element of a local array, '
                f'not {ast.unparse(target.value)}', self.src.location(target),
                'bind the array to a local name first, or build a new array')
        index = index_value(target.slice)
        call = ast.Call(self.runtime('setitem'), [target.value, index, value], [])
        self.into(target.value.id, ast.copy_location(call, target), out)

    def into(self, target: str, value, out):
        """``target = value``; inside a loop, never as ``x = f(x)`` in one statement.

        A loop overwrites ``x`` each iteration, and the backward sweep needs the
        value ``f`` read, so the result goes through a temporary first.
        """
        reads_target = any(isinstance(n, ast.Name) and n.id == target for n in walk(value))
        if self.loop_depth and reads_target and not self.is_atom(value):
            # the operands first; only the last operation may write the target, and
            # only when it does not itself read it (``h = np.tanh(t)`` after ``t``)
            trial, names = [], self.namer.snapshot()
            self.expr(value, trial, dest=target)
            last = trial[-1] if trial else None
            if isinstance(last, ast.Assign) and len(last.targets) == 1 \
                    and isinstance(last.targets[0], ast.Name) and last.targets[0].id == target \
                    and not any(isinstance(n, ast.Name) and n.id == target
                                for n in walk(last.value)) \
                    and not any(isinstance(n, ast.Name) and n.id == target
                                and isinstance(n.ctx, ast.Store)
                                for stmt in trial[:-1] for n in walk(stmt)):
                out.extend(trial)
                return
            self.namer.restore(names)
            value = self.expr(value, out)
        self.expr(value, out, dest=target)

    def stmt_AnnAssign(self, stmt, out):
        if stmt.value is not None:
            self.stmt_Assign(ast.Assign([stmt.target], stmt.value), out)

    def stmt_Return(self, stmt, out):
        value = ast.Constant(None) if stmt.value is None else self.expr(stmt.value, out)
        out.append(ast.Return(value))

    def stmt_Expr(self, stmt, out):
        if isinstance(stmt.value, ast.Constant):
            return  # a docstring or a bare constant does nothing
        value = stmt.value
        if self.in_place_method(value, out):
            return
        if _is_method(value, 'append', self.local, 1) and self.owns_list(value.func.value.id):
            call = ast.Call(self.runtime('list_append'), [value.func.value] + value.args, [])
            self.into(value.func.value.id, ast.copy_location(call, value), out)
            return
        if appends.lower_entry_append(self, value, out):  # obj.attr.append(v), d[k].append(v)
            return
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                and value.func.id in self.functions:  # a nested function run for its effect
            self.expr(value, out)
            return
        done = method_inline.inline_call(self, value, out) if isinstance(value, ast.Call) \
            else None
        if done is not None:  # o.step(g) changing o, written out (srcad/compiler/method_inline.py)
            if isinstance(done, ast.Call):  # (a.add(x).add(y): the last call, as a statement)
                out.append(ast.Expr(done))
            return
        if isinstance(value, ast.Call):
            call = self.call(value, out)
            if isinstance(call, ast.Call):  # (a call with out= has written its result)
                out.append(ast.Expr(call))
            return
        self.expr(value, out)

    def owns_list(self, name: str) -> bool:
        """Whether ``name.append(v)`` may become ``name = list_append(name, v)`` (a new
        list: right only where no other name sees the old one).  In the user's code the
        aliasing check refuses the append when another name does; srcad's own generated
        code (hvp's second compile) is not checked again, and holds lists that other names
        see (``t = pos if c else neg; t.append(v)``, ``t = groups[k]``): there only a list
        bound by a display and read only through its methods and items is rewritten (the
        backward sweep's stacks); other appends stay in place."""
        if not self.src.filename.startswith('<srcad '):
            return True
        owned = self.__dict__.get('_owned_lists')
        if owned is None:
            owned = self._owned_lists = _unshared_lists(self.tree)
        return name in owned

    def stmt_Pass(self, stmt, out):
        return


_READERS = frozenset({'len', 'reversed', 'list', 'tuple', 'enumerate', 'zip', 'sorted'})


def _unshared_lists(tree) -> frozenset:
    """Names bound only by list displays and read only as ``name.method(...)``,
    ``name[...]``, ``for v in name``, ``len(name)``/``reversed(name)``... or returned: no
    other name can refer to their lists."""
    displays, other, escaped = set(), set(), set()
    returned = {id(t) for n in walk(tree) if isinstance(n, ast.Return) and n.value
                for t in _tuples(n.value)}  # (vjp's saved values: nothing reads on)
    for node in walk(tree):
        by_display = isinstance(node, ast.Assign) and isinstance(node.value, ast.List)
        for child in ast.iter_child_nodes(node):
            if child.__class__ is not ast.Name:
                continue
            if not isinstance(child.ctx, ast.Load):
                (displays if by_display and node.targets == [child] else other).add(child.id)
            elif not (isinstance(node, (ast.Attribute, ast.Subscript)) and node.value is child
                      or isinstance(node, ast.For) and node.iter is child
                      or id(node) in returned or isinstance(node, ast.Return)
                      or isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                      and node.func.id in _READERS):
                escaped.add(child.id)
    return frozenset(displays - escaped - other)


def _tuples(node):
    """``node`` and the tuples nested in it, if it is a tuple."""
    if isinstance(node, ast.Tuple):
        yield node
        for e in node.elts:
            yield from _tuples(e)


def _effectful_index(target) -> bool:
    """Whether an index of the chain ``xs[i][j]...`` calls something."""
    while isinstance(target, ast.Subscript):
        if any(isinstance(n, (ast.Call, ast.NamedExpr)) for n in walk(target.slice)):
            return True
        target = target.value
    return False
