"""The backward sweep, statement by statement: each assignment's plan written once.

For every active assignment ``t = op(a, b)`` the backward sweep receives the
rule's adjoint expressions with the statement's own names substituted::

    a_bar = a_bar + <rule for a, with g := t_bar, ans := t>

and the adjoint states (:mod:`srcad.compiler.adjoints`) decide whether that is
``a_bar = ...``, ``a_bar = a_bar + ...`` or the run-time choice of the two.
Comments tie each backward block to the user's line.  Mixed into
:class:`srcad.compiler.reverse.ReverseEmitter`.
"""

from __future__ import annotations

import ast

from .adjoints import DEAD, DEFINED, MAYBE, NONE, Adjoints
from .backflow import Restore
from .emitter import _line, _name
from ..errors import NoRuleError
from .fastast import walk
from .ir import Comment
from .resolve import Op
from ..rules.registry import helper_functions
from . import optimize, shapeinfo
from .reverse_loops import LOOPS, Tape
from .simplify import simplify
from .templates import clone, index_value
from .template_slots import (_PLACE, _PLACES, _callee_key, _filled, _fixed_callees,
                             _placeholders, _slots)

_SHAPE_HELPERS = ('unbroadcast', 'unreduce', 'reduced_size', 'matmul_dx', 'matmul_dy')


class StatementAdjoints:
    """The backward code of statements: assignments, and the dispatch to branches
    (:mod:`.reverse_branches`) and loops (:mod:`.reverse_loops`)."""

    def backward(self, stmts: list, adj: Adjoints, tape: Tape | None, line=None) -> list:
        out = []
        for stmt in reversed(stmts):
            block = self.adjoint(stmt, adj, tape)
            if block and _line(stmt) != line:
                comment = _comment(stmt, self.norm.origins.get(_line(stmt), ''))
                if all(isinstance(s, Restore) for s in block):
                    # restores alone: the comment shows only if one of them stays
                    block[0].comment, line = comment, None
                else:
                    line = _line(stmt)
                    out.append(comment)
            out.extend(block)
        return out

    def adjoint(self, stmt, adj: Adjoints, tape: Tape | None) -> list:
        if isinstance(stmt, ast.Assign):
            block = self.adjoint_assign(stmt, adj)
            overwritten = self.overwritten(stmt, tape)
            if overwritten:  # kept where the restored value is read (self.restores)
                block.append(Restore(id(stmt), reversed(overwritten), tape.stack))
            return block
        if isinstance(stmt, ast.If):
            return self.adjoint_if(stmt, adj, tape)
        if isinstance(stmt, LOOPS):
            return self.adjoint_loop(stmt, adj, tape)
        if isinstance(stmt, ast.Expr):
            self.check_effect(stmt)
        return []

    def adjoint_assign(self, stmt, adj: Adjoints) -> list:
        if isinstance(stmt.targets[0], ast.Tuple):
            return self.adjoint_unpack(stmt, adj)
        target = stmt.targets[0].id
        self.checked(stmt)
        if not self.activity.active(target) or not adj.has_value(target):
            adj.set(target, DEAD)  # after its definition, its adjoint starts from nothing
            return []
        if adj.get(target) == DEFINED:
            out = self.emit_plan(stmt, adj)
            adj.set(target, DEAD)
            return out
        return self.guarded(stmt, target, adj)

    def guarded(self, stmt, target: str, adj: Adjoints) -> list:
        """``if t_bar is not None: <plan>``: for adjoints that may not have arrived."""
        after, names = self.guard_states(stmt, target, adj)
        inner = adj.copy()
        inner.set(target, DEFINED, target in adj.owned)
        for n in names:
            inner.set(n, NONE)
        body = self.emit_plan(stmt, inner)
        adj.replace(after)
        test = ast.Compare(_name(self.namer.bar(target)), [ast.IsNot()], [ast.Constant(None)])
        return self.nones(names) + ([ast.If(test, body, [])] if body else [])

    def emit_plan(self, stmt, adj: Adjoints) -> list:
        """The code of a statement's plan, each contribution added as the states allow."""
        steps = self.plan(stmt)
        if id(stmt) in self.emitted:  # (a statement met twice gets copies)
            steps = [tuple(clone(p) for p in step) for step in steps]
        self.emitted.add(id(stmt))
        out = []
        for kind, name, *rest in steps:
            if kind == 'code':
                out.append(name)
            elif kind == 'add':
                out.append(self.accumulate(name, rest[0], adj))
            else:
                out.append(self.accumulate_index(name, *rest, adj))
        return out

    def make_plan(self, stmt) -> list:
        """The steps of :meth:`srcad.compiler.backflow.AdjointFlow.plan` for one assignment."""
        target = stmt.targets[0].id
        op = self.resolver.op(stmt.value)
        g, ans = _name(self.namer.bar(target)), _name(target)
        if op.kind == 'call':
            return self.call_block(stmt, op, g) if self.split_of(stmt) else []
        if op.kind == 'dynamic':
            return self.dynamic_block(stmt, op, g) if self.is_dynamic(stmt) else []
        steps = []
        parts = []  # (name, expression it receives), merged when one name gets the same twice
        for role, atom in op.differentiable_inputs.items():
            if isinstance(atom, ast.Name) and self.activity.active(atom.id) \
                    and atom.id not in self.cancelled:
                if op.kind == 'index':
                    steps.append(('index', atom.id, g, op.inputs['index']))
                else:
                    parts.append((atom.id, self.contribution(op, role, atom, g, ans, stmt)))
            elif isinstance(atom, ast.Tuple) and self.active_parts(atom):
                steps += self.contribute_spread(op, role, atom, g, ans, stmt)
        for name, expr, times in _merged(parts):
            if times > 1:
                expr = simplify(ast.BinOp(ast.Constant(times), ast.Mult(), expr))
            steps.append(('add', name, expr))
        return steps

    def active_parts(self, atom: ast.Tuple) -> list:
        return [(i, e) for i, e in enumerate(atom.elts)
                if isinstance(e, ast.Name) and self.activity.active(e.id)]

    def contribute_spread(self, op: Op, role, atom, g, ans, stmt) -> list:
        """A ``*args`` parameter: its rule gives one adjoint per argument, in order."""
        if op.kind != 'rule' or role not in op.rule.adjoints:
            raise self.no_rule(op, stmt)
        parts = self.namer.derive(stmt.targets[0].id, f'{role}_bars')
        expr = self.rule_expr(op.rule.adjoints[role], op.rule, {**op.inputs, 'g': g, 'ans': ans})
        steps = [('code', self.assign(parts, expr))]
        for i, elt in self.active_parts(atom):
            steps.append(('add', elt.id,
                          ast.Subscript(_name(parts), ast.Constant(i), ast.Load())))
        return steps

    def adjoint_unpack(self, stmt, adj: Adjoints) -> list:
        source = stmt.value
        targets = [e.id for e in stmt.targets[0].elts]
        live = [t for t in targets if self.activity.active(t) and adj.has_value(t)]
        out = []
        if live and isinstance(source, ast.Name) and self.activity.active(source.id):
            if any(adj.get(t) == MAYBE for t in live):
                parts = [_maybe_zero(self.namer.bar(t)) if t in live else ast.Constant(0.0)
                         for t in targets]
            else:
                parts = [_name(self.namer.bar(t)) if t in live else ast.Constant(0.0)
                         for t in targets]
            expr = self.call('unpacked_adjoint', ast.List(parts, ast.Load()), _name(source.id))
            out.append(self.accumulate(source.id, expr, adj))
        for t in targets:
            adj.set(t, DEAD)
        return out

    def contribution(self, op: Op, role, atom, g, ans, stmt) -> ast.expr:
        """What ``atom`` receives through ``role`` of ``op``."""
        if op.kind == 'copy':
            expr = g
        elif op.kind == 'rule' and role in op.rule.adjoints:
            expr = self.rule_contribution(op, role, {**op.inputs, 'g': g, 'ans': ans})
        elif op.kind == 'rule':
            hint = ('pop() changes the list in place; read xs[-1] and keep a count instead'
                    if op.rule.fn is helper_functions().get('list_pop') else 'declare one with srcad.adjoint')
            raise NoRuleError(f'no reverse-mode rule for {op.rule.name} (parameter {role!r})',
                              self.src.location(stmt), hint)
        elif op.kind == 'pack':
            expr = self.call('part', g, ast.Constant(role), atom)
        else:
            raise self.no_rule(op, stmt)
        return expr

    def rule_contribution(self, op: Op, role, mapping: dict) -> ast.expr:
        """A rule's adjoint for ``role`` with this statement's atoms put in, tidied.

        What the template, the shape helpers' rewrites and the folds make of it
        depends on the atoms only through which are the same name, each name's shape
        class and each constant: statements alike in those (``t2 = t1 * 0.9``,
        ``t3 = t2 * 0.9``...) get the same expression, built once with placeholder
        names (:func:`_slots`) and copied with their own names put in."""
        template = op.rule.adjoints[role]
        mine = (mapping['g'].id, mapping['ans'].id)  # (one statement's roles: one _slots)
        last = getattr(self, '_last_slots', None)
        if last is not None and last[0] is op and last[1] == mine:
            slots = last[2]
        else:
            slots = _slots(mapping, self.shapes)
            self._last_slots = (op, mine, slots)
        if slots is None or any(n in self.helpers for n in slots[1]):
            # (an atom that is not a name or a number, or names a helper function)
            return self.reuse(self.tidy(self.rule_expr(template, op.rule, mapping), op,
                                        mapping['ans']))
        keys, names = slots
        key = (id(template), id(op.rule), keys, tuple(self.shape_helper_names().values()))
        try:
            known = self._contributions.get(key)
        except TypeError:  # (a shape class that cannot be a key)
            return self.reuse(self.tidy(self.rule_expr(template, op.rule, mapping), op,
                                        mapping['ans']))
        if known is None:
            placeholders = _placeholders(mapping, names)
            self._slot_shapes = {p: self.shapes.get(n) for p, n in zip(_PLACES, names)}
            known = self.tidy(self.rule_expr(template, op.rule, placeholders), op,
                              placeholders['ans'])
            self._contributions[key] = known
        filled, keys = _filled(known, names), self._callees.get(id(known))
        if keys is None or keys[0] is not known:  # (its calls' callees, found once)
            keys = self._callees[id(known)] = (known, _fixed_callees(known))
        if keys[1] is None:  # (a callee that is one of the names put in: look again)
            return self.reuse(filled)
        return optimize.reuse_forward(filled, self.computed) if self.computed and any(
            key in self.computed_callees for key in keys[1]) else filled

    def reuse(self, expr: ast.expr) -> ast.expr:
        """``expr`` with the calls the forward sweep made already read from it."""
        if self.computed and any(_callee_key(n.func) in self.computed_callees
                                 for n in walk(expr) if n.__class__ is ast.Call):
            return optimize.reuse_forward(expr, self.computed)
        return expr

    def tidy(self, expr: ast.expr, op: Op, ans: ast.Name) -> ast.expr:
        """Drop shape helpers that provably do nothing, and write out those whose
        work the shapes determine (the forward values are reused by :meth:`reuse`)."""
        # (the two rewrite calls of the shape helpers only: an expression calling
        # none of them is left as it is)
        called = [n.func for n in walk(expr) if n.__class__ is ast.Call]
        if not called:
            return expr
        names = self.shape_helper_names()
        bound = set(names.values())
        if any(f.__class__ is ast.Name and f.id in bound for f in called):
            def same_shape(atom):
                return op.rule.elementwise and self.same_shape(atom, ans)
            expr = optimize.drop_shape_noops(expr, names, same_shape, self.is_scalar)
            called = [n.func for n in walk(expr) if n.__class__ is ast.Call]
            if any(f.__class__ is ast.Name and f.id in bound for f in called):
                result = self.concrete(ans) if op.rule.elementwise else None
                expr = optimize.specialize_helpers(expr, names, self.concrete, result)
        return expr

    def shape_helper_names(self) -> dict:
        """The names the code calls the shape helpers by (None: not bound yet)."""
        size = len(self.helper_names)
        if self._shape_helpers is None or self._shape_helpers[0] != size:
            functions = helper_functions()
            self._shape_helpers = (size, {h: self.helper_names.get((h, id(functions[h])))
                                          for h in _SHAPE_HELPERS})
        return self._shape_helpers[1]

    def concrete(self, atom):
        """An atom's concrete shape (a tuple), or None."""
        cls = self.shape_class(atom)
        return cls if isinstance(cls, tuple) else None

    def same_shape(self, a, b) -> bool:
        ca, cb = self.shape_class(a), self.shape_class(b)
        return ca is not None and ca == cb

    def is_scalar(self, atom) -> bool:
        return self.shape_class(atom) == shapeinfo.SCALAR

    def shape_class(self, atom):
        if isinstance(atom, ast.Constant) and type(atom.value) in (int, float):
            return shapeinfo.SCALAR
        if not isinstance(atom, ast.Name):
            return None
        if atom.id[:1] == _PLACE:  # a placeholder (rule_contribution): its name's class
            return self._slot_shapes.get(atom.id)
        return self.shapes.get(atom.id)

    def accumulate(self, name: str, expr: ast.expr, adj: Adjoints) -> ast.Assign:
        """``x_bar = expr``, ``x_bar = x_bar + expr``, or the run-time choice of the two."""
        bar = _name(self.namer.bar(name))
        state = adj.get(name)
        if state == DEFINED:
            expr = simplify(ast.BinOp(bar, ast.Add(), expr))
        elif state == MAYBE:
            test = ast.Compare(bar, [ast.Is()], [ast.Constant(None)])
            expr = ast.IfExp(test, expr, simplify(ast.BinOp(bar, ast.Add(), expr)))
        adj.receive(name)
        return self.assign(bar.id, expr)

    def accumulate_index(self, name: str, g, index, adj: Adjoints) -> ast.Assign:
        """Scatter ``g`` into ``x_bar[index]``: in place when ``x_bar`` is owned."""
        bar, x, idx = _name(self.namer.bar(name)), _name(name), index_value(index)
        state = adj.get(name)
        if state in (DEAD, NONE):
            expr = self.call('index_adjoint', g, x, idx)
        elif adj.may_own(name):
            expr = self.call('add_at', bar, x, idx, g)
        else:
            fresh = self.call('index_adjoint', g, x, idx)
            expr = ast.BinOp(bar, ast.Add(), fresh)
            if state == MAYBE:
                test = ast.Compare(bar, [ast.Is()], [ast.Constant(None)])
                expr = ast.IfExp(test, self.call('index_adjoint', g, x, idx), expr)
        adj.scatter(name)
        return self.assign(bar.id, expr)


def _comment(stmt, text: str) -> Comment:
    """``# grad of: <the user's line>``, knowing which line that is."""
    comment = Comment('grad of: ' + text)
    comment.lineno = _line(stmt)
    return comment

def _merged(parts):
    """(name, expression, how many times) with identical contributions counted once."""
    out = []
    for name, expr in parts:
        for entry in out:
            if entry[0] == name and ast.dump(entry[1]) == ast.dump(expr):
                entry[2] += 1
                break
        else:
            out.append([name, expr, 1])
    return out

def _maybe_zero(bar: str) -> ast.expr:
    test = ast.Compare(_name(bar), [ast.Is()], [ast.Constant(None)])
    return ast.IfExp(test, ast.Constant(0.0), _name(bar))
