"""The expression rewrites of :mod:`.desugar`.

- ``(s := e)`` where Python always evaluates it: ``s = e`` before the statement;
  in a comprehension's condition or element: one more ``for s in [e]``;
- ``{0, 2}``: ``set((0, 2))`` (a set of constants is a constant; a set of
  differentiated values is refused by ``set``'s missing rule);
- ``{**a, 'k': v}``: a new dict filled entry by entry, in display order;
- ``divmod(a, b)``: ``(a // b, a % b)`` -- what CPython computes for ints, floats
  and NumPy arrays (``float.__floordiv__`` is ``divmod(a, b)[0]``): the quotient
  carries no derivative, the remainder is ``a - q * b``;
- ``(a, b) + (c,)``, ``[a] + [b, c]`` of two displays: one display;
- ``[*a, b, *c]``: ``list(a) + [b] + list(c)`` (a tuple display: ``tuple(a) + (b,)``...).
"""

from __future__ import annotations

import ast
import builtins

from .fastast import walk

COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


class ExpressionSugar:
    def __init__(self, owner):
        self.owner = owner

    def builtin(self, name: str) -> bool:
        """Whether ``name`` in the function means the builtin of that name."""
        src = self.owner.src
        return name not in self.owner.stored and name not in src.closure \
            and name not in src.globals and hasattr(builtins, name)

    def rewrite(self, node, stmt, before: list, hoist: bool):
        """``node`` rewritten (hoisting into ``before`` only when ``hoist``)."""
        self.stmt = stmt
        self.in_comprehension = False
        return self._visit(node, before, hoist)

    def _visit(self, node, before, hoist):
        if isinstance(node, ast.Lambda):
            return node
        if isinstance(node, COMPREHENSIONS):
            return self._comprehension(node, before, hoist)
        if isinstance(node, ast.BoolOp):
            if hoist and not self.in_comprehension and any(
                    isinstance(n, ast.NamedExpr) for v in node.values[1:] for n in walk(v)):
                return self._short_circuit(node, before)
            node.values = [self._visit(v, before, hoist and k == 0)
                           for k, v in enumerate(node.values)]
            return node
        if isinstance(node, ast.IfExp):
            node.test = self._visit(node.test, before, hoist)
            node.body = self._visit(node.body, before, False)
            node.orelse = self._visit(node.orelse, before, False)
            return node
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.expr):
                setattr(node, field, self._visit(value, before, hoist))
            elif isinstance(value, list):
                setattr(node, field, [self._visit(v, before, hoist)
                                      if isinstance(v, ast.expr) else v for v in value])
            elif isinstance(value, ast.AST) and not isinstance(value, ast.expr_context):
                for f2, v2 in ast.iter_fields(value):  # (keyword, comprehension...)
                    if isinstance(v2, ast.expr):
                        setattr(value, f2, self._visit(v2, before, hoist))
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                kw.value = self._visit(kw.value, before, hoist)
        return self._node(node, before, hoist)

    def _node(self, node, before, hoist):
        if isinstance(node, ast.NamedExpr):
            if hoist and (self.in_comprehension or self._first_read(node)):
                before.append(_at(ast.Assign([ast.Name(node.target.id, ast.Store())],
                                             node.value), node))
                return _at(ast.Name(node.target.id, ast.Load()), node)
            return node
        if isinstance(node, ast.Set) and self.builtin('set'):
            self.owner.changed = True
            return _at(ast.Call(ast.Name('set', ast.Load()),
                                [_at(ast.Tuple(node.elts, ast.Load()), node)], []), node)
        if isinstance(node, ast.Dict) and None in node.keys and hoist \
                and not self.in_comprehension:
            return self._merge(node, before)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == 'divmod' and self.builtin('divmod') \
                and len(node.args) == 2 and not node.keywords \
                and not any(isinstance(a, ast.Starred) for a in node.args):
            a, b = (self._atom(x, before, hoist) for x in node.args)
            if a is None or b is None:
                return node
            self.owner.changed = True
            return _at(ast.Tuple([_at(ast.BinOp(a, ast.FloorDiv(), b), node),
                                  _at(ast.BinOp(_copy(a), ast.Mod(), _copy(b)), node)],
                                 ast.Load()), node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) \
                and type(node.left) is type(node.right) \
                and isinstance(node.left, (ast.Tuple, ast.List)):
            self.owner.changed = True
            return _at(type(node.left)(node.left.elts + node.right.elts, ast.Load()), node)
        if is_starred_display(node) and self.builtin('list') and self.builtin('tuple'):
            self.owner.changed = True
            return _joined_display(node)
        return node

    def _short_circuit(self, node, before):
        """``a and (b := f(x)) > 0`` with an assignment after the first operand:
        ``t = a``, ``if t: b = f(x); t = b > 0`` (``if not t:`` for ``or``): each operand
        runs only when Python runs it, and ``t`` is the value Python gives."""
        temp = self.owner.fresh('cond')
        first = self._visit(node.values[0], before, True)
        before.append(_at(ast.Assign([ast.Name(temp, ast.Store())], first), node))
        chain = None
        for value in reversed(node.values[1:]):
            inner = []
            value = self._visit(value, inner, True)
            inner.append(_at(ast.Assign([ast.Name(temp, ast.Store())], value), node))
            if chain is not None:
                inner.append(chain)
            test = ast.Name(temp, ast.Load())
            if isinstance(node.op, ast.Or):
                test = ast.UnaryOp(ast.Not(), test)
            chain = _deep_at(ast.If(test, inner, []), node)
        # (built from the last operand back, so each runs inside the test of the one before)
        before.append(chain)
        self.owner.changed = True
        return _at(ast.Name(temp, ast.Load()), node)

    def _atom(self, node, before, hoist):
        """``node`` if it may be read twice, else a fresh name assigned it first."""
        if isinstance(node, (ast.Name, ast.Constant)):
            return node
        if not hoist or self.in_comprehension:  # (only := moves out of a comprehension)
            return None
        temp = self.owner.fresh('arg')
        before.append(_at(ast.Assign([ast.Name(temp, ast.Store())], node), node))
        return _at(ast.Name(temp, ast.Load()), node)

    def _first_read(self, named) -> bool:
        """Whether nothing in the statement before ``named`` reads its name (Python
        evaluates left to right: moving the assignment first must not change a read)."""
        name, where = named.target.id, (named.lineno, named.col_offset)
        parts = [getattr(self.stmt, f, None) for f in ('value', 'test', 'iter')]
        if isinstance(self.stmt, ast.AugAssign):
            parts.append(self.stmt.target)
        for part in parts:
            if part is None:
                continue
            for n in walk(part):
                if isinstance(n, ast.Name) and n.id == name and n is not named.target \
                        and (n.lineno, n.col_offset) < where:
                    return False
        return True

    def _merge(self, node, before):
        """``{**a, 'k': v, **b}``: ``m = dict(a)``, ``m['k'] = v``, ``for k in b: m[k] = b[k]``."""
        merged = self.owner.fresh('merged')
        stmts = []
        items = list(zip(node.keys, node.values))
        if items[0][0] is None:
            first = ast.Call(ast.Name('dict', ast.Load()), [items.pop(0)[1]], [])
        else:
            plain = []
            while items and items[0][0] is not None:
                plain.append(items.pop(0))
            first = ast.Dict([k for k, _ in plain], [v for _, v in plain])
        if not self.builtin('dict'):
            return node
        stmts.append(ast.Assign([ast.Name(merged, ast.Store())], first))
        for key, value in items:
            if key is None:
                source = self._atom(value, stmts, True)
                k = self.owner.fresh('key')
                write = ast.Assign([ast.Subscript(ast.Name(merged, ast.Load()),
                                                  ast.Name(k, ast.Load()), ast.Store())],
                                   ast.Subscript(source, ast.Name(k, ast.Load()), ast.Load()))
                stmts.append(ast.For(ast.Name(k, ast.Store()), _copy(source), [write], []))
            else:
                key = self._atom(key, stmts, True)
                stmts.append(ast.Assign([ast.Subscript(ast.Name(merged, ast.Load()), key,
                                                       ast.Store())], value))
        for s in stmts:
            before.append(_deep_at(s, node))
        self.owner.changed = True
        return _at(ast.Name(merged, ast.Load()), node)

    # -- comprehensions -----------------------------------------------------------------
    def _comprehension(self, node, before, hoist):
        gens = node.generators
        gens[0].iter = self._visit(gens[0].iter, before, hoist)
        new = []
        for gen in gens:
            if gen is not gens[0]:
                gen.iter = self._visit(gen.iter, [], False)
            new.append(gen)
            ifs, gen.ifs = gen.ifs, []
            for cond in ifs:
                binds = []
                cond = self._inner(cond, binds, node)
                for name, value in binds:
                    new.append(ast.comprehension(ast.Name(name, ast.Store()),
                                                 ast.List([value], ast.Load()), [], 0))
                new[-1].ifs.append(cond)
        binds = []
        fields = ('key', 'value') if isinstance(node, ast.DictComp) else ('elt',)
        for field in fields:
            setattr(node, field, self._inner(getattr(node, field), binds, node))
        for name, value in binds:
            new.append(ast.comprehension(ast.Name(name, ast.Store()),
                                         ast.List([value], ast.Load()), [], 0))
        node.generators = new
        return node

    def _inner(self, expr, binds: list, comp):
        """``expr`` inside a comprehension, its walrus assignments (where always
        evaluated, their names read nowhere outside ``comp``) moved into ``binds``."""
        hoisted = []
        outer, self.in_comprehension = self.in_comprehension, True
        try:
            expr = self._visit(expr, hoisted, True)
        finally:
            self.in_comprehension = outer
        for stmt in hoisted:
            if not isinstance(stmt, ast.Assign) or not isinstance(stmt.targets[0], ast.Name) \
                    or self._read_outside(stmt.targets[0].id, comp):
                return _undo(expr, hoisted)
        binds.extend((s.targets[0].id, s.value) for s in hoisted)
        if hoisted:
            self.owner.changed = True
        return expr

    def _read_outside(self, name, comp) -> bool:
        inside = {id(n) for n in walk(comp)}
        return any(isinstance(n, ast.Name) and n.id == name and id(n) not in inside
                   for n in walk(self.owner.tree)) or name in self.owner.src.closure


def is_starred_display(node) -> bool:
    """``[*a, b, *c]`` / ``(*xs, y)`` read as a value (not a target of an assignment)."""
    return isinstance(node, (ast.List, ast.Tuple)) and isinstance(node.ctx, ast.Load) \
        and any(isinstance(e, ast.Starred) for e in node.elts)


def _joined_display(node):
    """``[*a, b, *c]`` as ``list(a) + [b] + list(c)`` (``tuple(...)`` and ``(b,)`` for a
    tuple): the same entries in the same order, each iterable unpacked once, left to
    right; the joins are differentiated by :mod:`srcad.compiler.joins`."""
    kind = type(node)
    builder = 'list' if kind is ast.List else 'tuple'
    parts, run = [], []
    for e in node.elts:
        if isinstance(e, ast.Starred):
            if run:
                parts.append(_at(kind(run, ast.Load()), node))
                run = []
            parts.append(_at(ast.Call(_at(ast.Name(builder, ast.Load()), e), [e.value], []), e))
        else:
            run.append(e)
    if run:
        parts.append(_at(kind(run, ast.Load()), node))
    out = parts[0]
    for part in parts[1:]:
        out = _at(ast.BinOp(out, ast.Add(), part), node)
    return out


def _undo(expr, hoisted):
    """Put hoisted walrus assignments back where they were (the language check refuses
    them there, at the user's line)."""
    back = {s.targets[0].id: s for s in hoisted if isinstance(s, ast.Assign)}

    class Back(ast.NodeTransformer):
        def visit_Name(self, n):
            s = back.get(n.id)
            if s is not None and getattr(n, 'lineno', None) == s.lineno \
                    and n.col_offset == s.col_offset:
                return ast.copy_location(ast.NamedExpr(ast.Name(n.id, ast.Store()),
                                                       s.value), n)
            return n
    return Back().visit(expr)


def _copy(node):
    return ast.copy_location(type(node)(**{f: getattr(node, f) for f in node._fields}), node)


def _at(new, old):
    return ast.copy_location(new, old)


def _deep_at(new, old):
    for n in ast.walk(new):
        if 'lineno' in n._attributes and not hasattr(n, 'lineno'):
            ast.copy_location(n, old)
    return new
