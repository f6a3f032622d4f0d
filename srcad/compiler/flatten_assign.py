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

from . import attributes, method_inline
from ..errors import UnsupportedSyntaxError
from .fastast import walk
from .flatten_nodes import _assign, _is_method, _is_names, _name, _same_length, _store
from .templates import index_value


class AssignmentLowering:
    """``stmt_`` methods of the flattener for assignments, ``return`` and expression
    statements, and the writing of a value into a name or an element."""

    def stmt_FunctionDef(self, stmt, out):
        self.functions[stmt.name] = stmt

    def stmt_Assign(self, stmt, out):
        if isinstance(stmt.value, ast.Lambda) and len(stmt.targets) == 1 \
                and isinstance(stmt.targets[0], ast.Name):
            lam = stmt.value
            body = [ast.copy_location(ast.Return(lam.body), lam.body)]
            self.functions[stmt.targets[0].id] = ast.FunctionDef(
                stmt.targets[0].id, lam.args, body, [], None, None)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            value = stmt.value
            if _is_method(value, 'pop', self.local, 0):  # x = xs.pop()
                value = ast.Call(self.runtime('list_pop'), [value.func.value], [])
            elif attributes.lower_construction(self, stmt.targets[0].id, value, out):
                return  # obj = Layer(W) of a plain class: its __init__ in place
            self.into(stmt.targets[0].id, value, out)
            return
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Subscript):
            self.write_element(stmt.targets[0], stmt.value, out)
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
        if _is_method(value, 'append', self.local, 1):
            call = ast.Call(self.runtime('list_append'), [value.func.value] + value.args, [])
            self.into(value.func.value.id, ast.copy_location(call, value), out)
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

    def stmt_Pass(self, stmt, out):
        return
