"""Flattening of in-place operations into new values: ``x += v`` becomes
``x = x + v``; ``x.sort()`` becomes ``x = np.sort(x)``; ``x.fill(v)``,
``np.copyto(x, v)`` and ``np.fill_diagonal`` become element writes;
``np.add.at(a, i, b)`` becomes ``a = add_at_copy(a, i, b)``.  The other in-place
methods and functions (``x.resize``, ``x.put``, ``np.random.shuffle``...) are
refused.

A mixin of :class:`srcad.compiler.normalize._Flattener`.  Each rewrite notes the
statement and the operand it changes (:func:`srcad.compiler.flatten_nodes.in_place_facts`:
the normalized record's ``in_place``), so the mutation check
(:mod:`srcad.compiler.mutation`) still sees a change of the array's data,
visible through every other name for it.
"""

from __future__ import annotations

import ast

import numpy as np

from . import attributes
from ..errors import UnsupportedSyntaxError
from .fastast import walk
from .flatten_nodes import _mark_in_place, _name


_EFFECTFUL = (ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)

OPERATORS = {ast.Add: '+', ast.Sub: '-', ast.Mult: '*', ast.Div: '/', ast.FloorDiv: '//',
             ast.Mod: '%', ast.Pow: '**', ast.MatMult: '@', ast.LShift: '<<', ast.RShift: '>>',
             ast.BitOr: '|', ast.BitXor: '^', ast.BitAnd: '&'}


class InPlaceLowering:
    """The flattener's rewriting of ``x op= v`` and of in-place methods and functions."""

    def stmt_AugAssign(self, stmt, out):
        if isinstance(stmt.target, ast.Subscript):
            target = self._index_once(stmt.target, out)  # (read and written at one index)
            read = ast.copy_location(
                ast.Subscript(target.value, target.slice, ast.Load()), target)
            element = self.expr(read, out)
            # ``xs[i] += v`` changes the array the entry holds in place (a number's rebinds):
            # the read ``t = xs[i]`` is noted, for the mutation check (element_writes.py)
            for done in reversed(out):
                if isinstance(done, ast.Assign) and isinstance(element, ast.Name) \
                        and isinstance(done.targets[0], ast.Name) \
                        and done.targets[0].id == element.id:
                    self.in_place_marks.append((done, None,
                                                (type(stmt.op), ast.unparse(stmt.target))))
                    break
            # (y[1:3] += v runs NumPy's in-place op on the view y[1:3]: its checks kept)
            operand = self._checked_operand(element, stmt, out)
            value = ast.copy_location(ast.BinOp(element, stmt.op, operand), stmt)
            self.write_element(target, value, out)
            return
        if isinstance(stmt.target, ast.Attribute):  # obj.attr += v (srcad/compiler/attributes.py)
            attributes.lower_augmented(self, stmt, out)
            return
        if not isinstance(stmt.target, ast.Name):
            raise UnsupportedSyntaxError(
                'srcad does not support augmented assignment to an attribute',
                self.src.location(stmt), 'assign to a local name')
        # ``x += v`` changes an array (or a list) in place, seen through every other name
        # for it; the mutation check reads the fact noted here (see mutation.py)
        # NumPy writes x op v into x: x's shape and dtype kept (a same_kind cast), or its
        # error: ``x = inplace_result(x op v, x, op)`` (srcad/runtime/dtypes.py), made
        # ``x = x op v`` where nothing can differ (srcad/compiler/inplace_elision.py)
        written = _name(stmt.target.id)
        operand = self.expr(stmt.value, out)
        result = self.expr(ast.copy_location(
            ast.BinOp(_name(stmt.target.id), stmt.op, operand), stmt), out)
        value = ast.Call(self.runtime('inplace_result'),
                         [result, written, ast.Constant(OPERATORS[type(stmt.op)])], [])
        self.into(stmt.target.id, ast.copy_location(value, stmt), out)
        _mark_in_place(out, written, self.in_place_marks, type(stmt.op))

    def _index_once(self, target: ast.Subscript, out) -> ast.Subscript:
        """``xs[e]`` of ``xs[e] op= v`` with the parts of ``e`` that call something
        (``order.pop()``, ``next(it)``, ``rng.integers(4)``) computed once, first, into
        temporaries (at every level of ``M[r.pop()][0]``): Python evaluates each index once,
        and reads and writes that element."""
        def once(node):
            if node is None or not any(isinstance(n, _EFFECTFUL) for n in walk(node)):
                return node
            if isinstance(node, ast.Slice):
                return ast.copy_location(
                    ast.Slice(once(node.lower), once(node.upper), once(node.step)), node)
            if isinstance(node, ast.Tuple):
                return ast.copy_location(ast.Tuple([once(e) for e in node.elts], ast.Load()),
                                         node)
            return self.expr(node, out, dest=self.namer.temp())
        def chain(node, ctx):  # (M[r.pop()][c.pop()]: the inner index first, as Python)
            value = chain(node.value, ast.Load()) if isinstance(node.value, ast.Subscript) \
                else node.value
            index = once(node.slice)
            if value is node.value and index is node.slice:
                return node
            return ast.copy_location(ast.Subscript(value, index, ctx), node)
        return chain(target, ast.Store())

    def _checked_operand(self, target, stmt, out) -> ast.expr:
        """``v`` of ``x op= v`` as an atom, after ``inplace_check(x, v, op)``: NumPy refuses
        what ``x = x op v`` would not (the result's shape, a same_kind cast into x's
        dtype), checked when the code runs (srcad/runtime/dtypes.py)."""
        operand = self.expr(stmt.value, out)
        check = ast.Call(self.runtime('inplace_check'),
                         [target, operand, ast.Constant(OPERATORS[type(stmt.op)])], [])
        out.append(ast.copy_location(ast.Expr(check), stmt))
        return operand

    # numpy's methods and functions that change an array in place, by what srcad does
    SORTING_METHODS = {'sort': np.sort, 'partition': np.partition}
    REFUSED_METHODS = {'resize', 'put', 'itemset', 'setfield', 'byteswap', 'shuffle'}
    REFUSED_FUNCTIONS = {np.random.shuffle, np.put, np.put_along_axis, np.place, np.putmask,
                         np.fill_diagonal, np.random.Generator.shuffle}

    def in_place_method(self, value, out) -> bool:
        """A call that changes an array in place, as a new value for its name (or refused).

        ``x.sort()`` becomes ``x = np.sort(x)`` (marked as a write into ``x``'s data),
        ``x.fill(v)`` and ``np.copyto(x, v)`` become ``x = setitem(x, ..., v)``, so the
        mutation check sees the write; the rest (``x.resize``, ``x.put``,
        ``np.random.shuffle(x)``, ...) are refused.
        """
        if not isinstance(value, ast.Call):
            return False
        func = value.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and func.value.id in self.local:
            name, attr = func.value.id, func.attr
            if attr in self.SORTING_METHODS:
                check = ast.Call(self.runtime('array_only'),
                                 [func.value, ast.Constant(attr), ast.Constant(value.lineno)], [])
                out.append(ast.Expr(check))
                chosen = self.namer.derive('', attr)
                self.helpers[chosen] = self.SORTING_METHODS[attr]
                written = _name(name)
                call = ast.Call(_name(chosen), [written] + value.args, value.keywords)
                self.into(name, ast.copy_location(call, value), out)
                _mark_in_place(out, written, self.in_place_marks, attr)
                return True
            if attr == 'fill' and len(value.args) == 1 and not value.keywords:
                self.write_element(ast.Subscript(func.value, ast.Constant(Ellipsis), ast.Store()),
                                   value.args[0], out)
                return True
            if attr in self.REFUSED_METHODS:
                raise UnsupportedSyntaxError(
                    f'srcad does not support {name}.{attr}(...), which changes {name!r} in place',
                    self.src.location(value), f'build a new array instead of changing {name!r}')
            return False
        callee = self.global_callee(func)
        if callee is np.fill_diagonal and len(value.args) == 2 and all(
                kw.arg == 'wrap' and isinstance(kw.value, ast.Constant) and not kw.value.value
                for kw in value.keywords) and isinstance(value.args[0], ast.Name) \
                and value.args[0].id in self.local:
            # a[i, i] = val along the main diagonal (val a number or one per element)
            index = ast.Call(self.runtime('diagonal_index'), list(value.args), [])
            self.write_element(ast.Subscript(value.args[0], index, ast.Store()),
                               value.args[1], out)
            return True
        if isinstance(getattr(callee, '__self__', None), np.ufunc) \
                and getattr(callee, '__name__', None) == 'at':
            # np.add.at(a, idx, b) becomes a = add_at_copy(a, idx, b), marked as a write
            # into a's data (the mutation check refuses it where another name sees it)
            local = len(value.args) in (2, 3) and not value.keywords and isinstance(
                value.args[0], ast.Name) and value.args[0].id in self.local
            if callee.__self__ is not np.add or not local or len(value.args) != 3:
                raise UnsupportedSyntaxError(
                    f'srcad supports {ast.unparse(func)}(...), which changes its first argument '
                    f'in place, only as np.add.at(a, indices, b) into a local array a',
                    self.src.location(value),
                    'build a new array instead (np.add.at into a local copy, or np.bincount '
                    'with weights)')
            from ..rules.everyday.helpers import add_at_copy
            chosen = self.namer.derive('', 'add_at')
            self.helpers[chosen] = add_at_copy
            written = _name(value.args[0].id)
            call = ast.Call(_name(chosen), [written] + value.args[1:], [])
            self.into(value.args[0].id, ast.copy_location(call, value), out)
            _mark_in_place(out, written, self.in_place_marks, 'add.at')
            return True
        if callee is np.put_along_axis:
            # np.put_along_axis(a, idx, values, axis) becomes a = put_along_axis_copy(...),
            # marked as a write into a's data, as np.add.at
            args = list(value.args) + [kw.value for kw in value.keywords if kw.arg == 'axis']
            if len(args) != 4 or len(value.keywords) > 1 or (value.keywords and len(
                    value.args) != 3) or not isinstance(args[0], ast.Name) \
                    or args[0].id not in self.local:
                raise UnsupportedSyntaxError(
                    'srcad supports np.put_along_axis(a, indices, values, axis), which changes '
                    'a in place, into a local array a only', self.src.location(value),
                    'build a new array instead (put into a local copy)')
            from ..rules.everyday.helpers import put_along_axis_copy
            chosen = self.namer.derive('', 'put_along_axis')
            self.helpers[chosen] = put_along_axis_copy
            written = _name(args[0].id)
            call = ast.Call(_name(chosen), [written] + args[1:], [])
            self.into(args[0].id, ast.copy_location(call, value), out)
            _mark_in_place(out, written, self.in_place_marks, 'put_along_axis')
            return True
        if callee is np.copyto:
            masked = [kw.value for kw in value.keywords if kw.arg == 'where']
            if len(value.args) != 2 or len(masked) != len(value.keywords) \
                    or not isinstance(value.args[0], ast.Name) or value.args[0].id not in self.local:
                raise UnsupportedSyntaxError(
                    'srcad supports np.copyto(dst, src) and np.copyto(dst, src, where=mask) into '
                    'a local array only, without casting=', self.src.location(value),
                    'write dst[...] = src (or dst = np.where(mask, src, dst))')
            src = self.expr(value.args[1], out)  # (NumPy's same_kind cast and shape checked)
            out.append(ast.copy_location(ast.Expr(ast.Call(self.runtime('inplace_check'), [
                _name(value.args[0].id), src, ast.Constant('=')], [])), value))
            if masked:  # dst[...] = np.where(mask, src, dst)
                chosen = self.namer.derive('', 'where')
                self.helpers[chosen] = np.where
                src = ast.copy_location(ast.Call(_name(chosen), [masked[0], src,
                                                                 _name(value.args[0].id)], []),
                                        value)
            self.write_element(ast.Subscript(value.args[0], ast.Constant(Ellipsis), ast.Store()),
                               src, out)
            return True
        if callee is not None and (callee in self.REFUSED_FUNCTIONS or getattr(
                callee, '__name__', None) == 'shuffle'):
            raise UnsupportedSyntaxError(
                f'srcad does not support {ast.unparse(func)}(...), which changes its argument '
                f'in place', self.src.location(value),
                'build a new array instead (e.g. x = x[permutation])')
        return False
