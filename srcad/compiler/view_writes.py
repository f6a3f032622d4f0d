"""Changes made in place through a view, written back into the array it views.

``for row in A: row *= s``, ``r = A[1]; r[:] = r / r.sum()``, ``v = y; v /= n`` (an
in-place helper inlined): in Python the change shows in ``A`` (``y``).  srcad computes the
change as a new value of ``row``; this pass writes it back right after, where NumPy's
semantics say it shows (:func:`srcad.runtime.writes_back`, decided when the code runs: a
row of a 2-D array is a view, an element of a 1-D one is a number, a copy)::

    for k1 in t4:
        row = A[k1]             # (was row = t2[k1], t2 = sequence(A): the same object)
        t5 = row * 2.0          # row *= 2.0
        row = t5
        t6 = writes_back(A, k1)
        if t6:
            A = setitem(A, k1, row)

A view is followed from ``v = A[i]`` (``i`` a name or a constant), a loop's element
``v = sequence(A)[k]``, or an alias ``v = A`` (written back through ``A[...]``), in the
same block as the change, while neither ``A``, ``i`` nor ``v`` is bound to anything else.
Anything else is left to the mutation check (:mod:`.mutation`), which refuses a change
another name would see and knows these writes back (:mod:`.write_through`).  Runs on the
normalized code, before the rename pass.
"""

from __future__ import annotations

import ast
import copy
import re
import dataclasses

from .. import runtime
from .fastast import statements, walk, walk_all
from .flatten_nodes import statement_position
from .ir import ForRange, WhileLoop
from .names import assigned_names
from .templates import index_value
from .write_through import write_back


def write_back_views(prog):
    """``prog`` (a :class:`srcad.compiler.normalize.Normalized`) with the writes back
    added, or ``prog`` itself when there are none.  Not into a parameter the function
    never binds: a change through a view of the caller's argument is refused (the
    mutation check)."""
    marks = {(position, target): operand for (position, target, operand), _ in prog.in_place
             if operand is not None}
    if not marks and not _any_setitem(prog.tree.body, prog.helpers):
        return prog
    namer, helpers = prog.namer.copy(), dict(prog.helpers)
    pass_ = _Views(marks, namer, helpers, assigned_names(prog.tree.body))  # (a parameter
    # bound anew too: a view of the caller's array itself is refused by the mutation check)
    pass_.maybe = pass_.aliases(prog.tree.body)
    pass_.body = prog.tree.body
    body = pass_.block(prog.tree.body, {}, {})
    if not pass_.changed:
        return prog
    tree = copy.copy(prog.tree)
    tree.body = body
    return dataclasses.replace(prog, tree=tree, namer=namer, helpers=helpers)


def _any_setitem(body, helpers) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and helpers.get(n.func.id) is runtime.setitem for n in walk_all(list(body)))


class _Views:
    def __init__(self, marks, namer, helpers, local):
        self.marks, self.namer, self.helpers, self.local = marks, namer, helpers, local
        self.read_only = set()  # views read again after a write into their array, only
        self.maybe = {}  # z -> y: z = y on some paths, else apart from y (aliases())
        self.body, self.top_bound = None, set()  # the function's body; what it surely bound
        self.iterated = set()  # arrays a loop's rows are now read from directly (_back)
        self.changed = False

    # -- what a statement is ------------------------------------------------------------
    def _callee(self, func):
        return self.helpers.get(func.id) if isinstance(func, ast.Name) else None

    def _written(self, stmt):
        """The name whose data ``stmt`` changes in place, if any: an operand of an
        in-place fact, or the array of ``setitem(v, i, e)``."""
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            return None
        operand = self.marks.get((statement_position(stmt), stmt.targets[0].id))
        if operand is not None and isinstance(stmt.value, (ast.Call, ast.BinOp)) \
                and any(isinstance(n, ast.Name) and n.id == operand for n in walk(stmt.value)):
            return operand  # (not v = y of an inlined helper, placed at the same call)
        value = stmt.value
        if isinstance(value, ast.Call) and self._callee(value.func) is runtime.setitem \
                and value.args and isinstance(value.args[0], ast.Name):
            return value.args[0].id
        return None

    # -- blocks ---------------------------------------------------------------------------
    def block(self, stmts, lenses, sequences, looped=frozenset()) -> list:
        """``stmts`` with writes back; ``lenses``: name -> (array, index atom, binding
        statement, the name indexed), the views followed; ``sequences``: ``t2`` of ``t2 =
        sequence(A)`` -> ``A``; ``looped``: the names bound in the loop around ``stmts``
        (a loop over ``A`` that binds ``A`` anew goes on over the old object)."""
        out = []
        pending = {}  # the temporary holding a view's changed value -> the view's name
        changing = {}  # the temporary holding an array's changed value -> the array
        top = stmts is self.body
        for at, stmt in enumerate(stmts):
            if top and at:  # (bound by the statements before, at the top: surely bound)
                self.top_bound |= assigned_names([stmts[at - 1]])
            out.append(stmt)
            if isinstance(stmt, (ForRange, WhileLoop, ast.If)):
                self._nested(stmt, lenses, sequences, looped)
                continue
            if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)):
                for name in _bound(stmt):
                    _forget(lenses, name)
                continue
            name, value = stmt.targets[0].id, stmt.value
            written = self._written(stmt)
            if written is not None and written in self.read_only:
                _forget(lenses, written)
            if written is not None and written not in lenses and written in self.maybe \
                    and self.maybe[written] in self.top_bound:
                out[-1:] = self._same(written, stmt) + [stmt]  # z += 1 where z may be y
                lenses[written] = (self.maybe[written], 'same', stmt, self.maybe[written])
            if written is not None and written in lenses and written != name:
                pending[name] = written  # t5 = row * 2.0 (row = t5 next)
                continue
            if written is not None and written == name and name in lenses:
                out.extend(self._back(name, lenses, stmts[at + 1:]))  # v = v / n
                continue
            if isinstance(value, ast.Name) and pending.get(value.id) == name:
                del pending[value.id]
                out.extend(self._back(name, lenses, stmts[at + 1:]))  # row = t5
                continue
            if written == name or isinstance(value, ast.Name) and changing.get(value.id) == name:
                out.extend(self._refresh(name, lenses, stmts[at + 1:], stmt))  # A[0] = v
                # (its views are read again from now on, not written back: a list's entry
                # may have been replaced)
                seen = {v: lens for v, lens in lenses.items() if lens[0] == name and v != name
                        and isinstance(lens[1], ast.AST)
                        and name not in _names(lens) - {lens[0]}}
                _forget(lenses, name)
                self.read_only |= set(seen)
                lenses.update(seen)
                continue
            elif written is not None:
                changing[name] = written
            _forget(lenses, name)
            if isinstance(value, ast.Call) and self._callee(value.func) is runtime.sequence \
                    and value.args and isinstance(value.args[0], ast.Name):
                sequences[name] = value.args[0].id
            elif isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name) \
                    and _plain_index(value.slice) \
                    and value.value.id != name \
                    and sequences.get(value.value.id, value.value.id) in self.local:
                base = value.value.id
                if base not in sequences or sequences[base] not in looped:
                    lenses[name] = (sequences.get(base, base), value.slice, stmt, base)
                    self.read_only.discard(name)
            elif isinstance(value, ast.Name) and value.id != name and value.id in self.local:
                lenses[name] = (value.id, None, stmt, value.id)
                self.read_only.discard(name)
        return out

    def _refresh(self, array, lenses, rest, where) -> list:
        """After a write into ``array``: each view of it read in ``rest`` read again where
        it is one (:func:`srcad.runtime.views`; a number, a copy or a list's entry stays)."""
        out = []
        for view, (base, index, _, _) in list(lenses.items()):
            if base != array or not isinstance(index, ast.AST) or view == array \
                    or not any(isinstance(n, ast.Name) and n.id == view
                               for s in rest for n in walk(s)):
                continue
            new = []
            if not isinstance(index, (ast.Name, ast.Constant)):
                index = self._index_atom(index, new)
            flag = self.namer.temp()
            test = ast.Assign([ast.Name(flag, ast.Store())],
                              ast.Call(self.runtime('views'),
                                       [ast.Name(array, ast.Load()), copy.copy(index)], []))
            read = ast.Assign([ast.Name(view, ast.Store())],
                              ast.Subscript(ast.Name(array, ast.Load()), copy.copy(index),
                                            ast.Load()))
            new += [test, ast.If(ast.Name(flag, ast.Load()), [read], [])]
            for s in new:
                ast.copy_location(s, where)
                ast.fix_missing_locations(s)
            out += new
            self.changed = True
        return out

    def _nested(self, stmt, lenses, sequences, looped) -> None:
        """A loop's or branch's blocks: the views followed into them are those whose array,
        index and name the blocks bind to nothing else (:meth:`_only_changed`)."""
        parts = stmt.body + getattr(stmt, 'orelse', [])
        bound = assigned_names(parts)
        if isinstance(stmt, ForRange) and isinstance(stmt.target, ast.Name):
            bound = bound | {stmt.target.id}
        kept = {v: lens for v, lens in lenses.items()
                if not (_names(lens) & bound) and (v not in bound or self._only_changed(v, parts))}
        if isinstance(stmt, (ForRange, WhileLoop)):
            looped = looped | bound
        outer, self.iterated = self.iterated, set()
        stmt.body = self.block(stmt.body, dict(kept), dict(sequences), looped)
        if self.iterated and isinstance(stmt, ForRange):  # for row in A: A[k] is row
            checks = [ast.Expr(ast.Call(self.runtime('iterated_itself'),
                                        [ast.Name(name, ast.Load())], []))
                      for name in sorted(self.iterated)]
            for check in checks:
                ast.copy_location(check, stmt.body[0])
                ast.fix_missing_locations(check)
            stmt.body = checks + stmt.body
            self.iterated = outer
        else:
            self.iterated = outer | self.iterated
        if getattr(stmt, 'orelse', None):
            stmt.orelse = self.block(stmt.orelse, dict(kept), dict(sequences), looped)
        for view in [v for v in lenses if v not in kept]:
            del lenses[view]
        for name in bound:
            if name not in kept:
                _forget(lenses, name)

    def _only_changed(self, view, stmts) -> bool:
        """Whether every binding of ``view`` in ``stmts`` is the new value of one of its
        in-place changes (``row = t5`` of ``t5 = row * 2.0``; ``row = setitem(row, ...)``)."""
        flat = [s for s in statements(stmts) if isinstance(s, ast.Assign)
                and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)]
        changes = {s.targets[0].id for s in flat if self._written(s) == view}
        return all(s.targets[0].id in changes or isinstance(s.value, ast.Name)
                   and s.value.id in changes for s in flat if s.targets[0].id == view)

    def _back(self, view, lenses, rest) -> list:
        """The write back of ``view``'s new value into the array it views, and the views
        of that array read in ``rest`` (the statements after) read again."""
        base, index, binding, read = lenses[view]
        if read != base:  # row = t2[k1] of t2 = sequence(A): read A itself (the same
            binding.value = ast.Subscript(ast.Name(base, ast.Load()),  # object, and
                                          index, ast.Load())  # changed by the writes back)
            self.iterated.add(base)  # (checked to be a list, tuple or array: _nested)
        self.changed = True
        if index == 'same':  # if t8: y = z (t8 = same_object(z, y), before the change)
            del lenses[view]
            rebind = ast.Assign([ast.Name(base, ast.Store())], ast.Name(view, ast.Load()))
            new = [ast.If(ast.Name(self.flag, ast.Load()), [rebind], [])]
            for s in new:
                ast.copy_location(s, binding)
                ast.fix_missing_locations(s)
            return new
        stmts = []
        if index is not None and not isinstance(index, (ast.Name, ast.Constant)):
            index = self._index_atom(index, stmts)  # x[1:]: setitem(x, t4, v), t4 = slice(1, None)
        stmts += write_back(self, base, None if index is None else copy.copy(index), view)
        for s in stmts:
            ast.copy_location(s, binding)
            ast.fix_missing_locations(s)
        others = {v: lens for v, lens in lenses.items() if v != view}
        stmts += self._refresh(base, others, rest, binding)
        if base in lenses and base != view:  # (a view of a view: written back in turn)
            stmts += self._back(base, lenses, rest)
        return stmts

    def _same(self, view, where) -> list:
        """``t8 = same_object(z, y)``, before a change of ``z`` that may be ``y``."""
        self.flag = self.namer.temp()
        self.changed = True
        test = ast.Assign([ast.Name(self.flag, ast.Store())],
                          ast.Call(self.runtime('same_object'),
                                   [ast.Name(view, ast.Load()),
                                    ast.Name(self.maybe[view], ast.Load())], []))
        ast.copy_location(test, where)
        return [ast.fix_missing_locations(test)]

    def aliases(self, body) -> dict:
        """``z -> y`` for ``z = y`` (both local) where every value either name is bound to
        in ``body`` is the other one, a new value (arithmetic, ``np.zeros(...)``...) or a
        change in place of either: so ``z`` is ``y`` itself or shares nothing with it, and a
        change through ``z`` shows in ``y`` exactly when ``z is y`` (checked when it runs)."""
        flat = [s for s in statements(body) if isinstance(s, ast.Assign)
                and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)]
        bindings = {}
        for s in flat:
            bindings.setdefault(s.targets[0].id, []).append(s)
        found = {}
        for s in flat:
            z, value = s.targets[0].id, s.value
            if isinstance(value, ast.Name) and value.id in self.local and z in self.local \
                    and value.id != z and z not in found \
                    and not _TEMPORARY.fullmatch(z) and not _TEMPORARY.fullmatch(value.id) \
                    and self._apart(z, value.id, bindings):
                found[z] = value.id
        return found

    def _apart(self, z, y, bindings) -> bool:
        pair = {z, y}
        for name in pair:
            for s in bindings.get(name, []):
                value = s.value
                if isinstance(value, ast.Name) and value.id in pair:
                    continue
                if isinstance(value, ast.Name) and all(
                        self._written(t) in pair for t in bindings.get(value.id, [None])):
                    continue  # z = t6, t6 = inplace_result(t5, z, '*')
                if isinstance(value, (ast.BinOp, ast.UnaryOp, ast.Constant)) \
                        or self._written(s) in pair or _fresh_call(value):
                    continue
                return False
        return True

    def _index_atom(self, index, stmts) -> ast.Name:
        """A name holding ``index`` as a value (its slices and tuple made first, in
        ``stmts``)."""
        if isinstance(index, ast.Tuple):
            parts = [self._index_atom(e, stmts) if isinstance(e, ast.Slice) else copy.copy(e)
                     for e in index.elts]
            value = ast.Tuple(parts, ast.Load())
        else:
            value = index_value(copy.deepcopy(index))
        atom = self.namer.temp()
        stmts.append(ast.Assign([ast.Name(atom, ast.Store())], value))
        return ast.Name(atom, ast.Load())

    def runtime(self, name: str) -> ast.Name:  # (what write_back asks of a flattener)
        chosen = self.namer.derive('', name)
        self.helpers[chosen] = getattr(runtime, name)
        return ast.Name(chosen, ast.Load())


def _names(lens) -> set:
    base, index, _, read = lens
    return {base, read} | ({n.id for n in walk(index) if isinstance(n, ast.Name)}
                           if isinstance(index, ast.AST) else set())


_TEMPORARY = re.compile(r't\d+')
_MAKERS = frozenset({'zeros', 'ones', 'empty', 'full', 'zeros_like', 'ones_like', 'empty_like',
                     'full_like', 'arange', 'linspace', 'eye', 'identity'})


def _fresh_call(value) -> bool:
    """``np.zeros(...)`` and its siblings: a new array."""
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) \
        and isinstance(value.func.value, ast.Name) and value.func.value.id in ('np', 'numpy') \
        and value.func.attr in _MAKERS


def _plain_index(index) -> bool:
    """An index of atoms: a name, a constant, a slice of them, a tuple of those."""
    if isinstance(index, ast.Tuple):
        return all(_plain_index(e) and not isinstance(e, ast.Tuple) for e in index.elts)
    if isinstance(index, ast.Slice):
        return all(p is None or isinstance(p, (ast.Name, ast.Constant))
                   for p in (index.lower, index.upper, index.step))
    return isinstance(index, (ast.Name, ast.Constant))


def _forget(lenses, name) -> None:
    """``name`` bound anew: the views it was, or whose array or index it was, end."""
    for view in [v for v, lens in lenses.items() if v == name or name in _names(lens)]:
        del lenses[view]


def _bound(stmt) -> set:
    return {n.id for n in walk(stmt) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
