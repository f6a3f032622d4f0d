"""The reverse-mode emitter: forward sweep, then backward sweep, from rules.

For every active assignment ``t = op(a, b)`` the backward sweep receives the
rule's adjoint expressions with the statement's own names substituted::

    a_bar = a_bar + <rule for a, with g := t_bar, ans := t>

Control flow is mirrored, not taped: an ``if`` is replayed on its (saved)
condition, a ``for`` over a range replays its indices in reverse, a ``while``
runs its backward body as many times as it ran.  Inside loops, a value that
the backward sweep reads and a later iteration overwrites is pushed on a
plain list before the overwrite and popped back right after its adjoint —
only the values the backward code actually reads.  Comments tie each
backward block to the user's line.
"""

from __future__ import annotations

import ast
import copy
import math
import types
from dataclasses import dataclass, field

from .adjoints import DEAD, DEFINED, MAYBE, NONE, Adjoints
from .analysis import Activity
from .backflow import AdjointFlow, Restore, branch, placed, resolve
from ..calls import split
from .containers import callee_facts
from ..errors import NoRuleError, UnsupportedSyntaxError
from .ir import Comment, ForRange, WhileLoop
from .names import assigned_names, live_in
from .normalize import Normalized
from .parse import FunctionSource
from .resolve import Op, Resolver
from ..rules.registry import helper_functions
from .shifts import cancelled_shifts
from . import optimize, shapeinfo
from .emitter import Emitted, Emitter, _at, _line, _name, iterator_hint
from .simplify import simplify
from .templates import clone, index_value
from .fastast import walk

LOOPS = (ForRange, WhileLoop)


@dataclass(frozen=True)
class Tape:
    """Where the values one loop nest overwrites are kept (a list used as a stack)."""

    stack: str
    counters: frozenset  # loop counters (their increments are not saved)


class ReverseEmitter(AdjointFlow, Emitter):
    """Builds one gradient function; holds the naming context of that one build."""

    def __init__(self, src: FunctionSource, norm: Normalized, resolver: Resolver,
                 activity: Activity, shapes: dict | None = None):
        super().__init__(src, norm, resolver, activity)
        self.shapes = shapes or {}  # name -> shape class (srcad.compiler.shapeinfo)
        self.computed = {}      # pure forward expressions (ast.dump) -> their names
        self.computed_callees = set()  # what those call (_callee_key)
        self.tapes = {}         # id(outermost loop) -> its Tape
        self.needed = frozenset()  # primal names the backward sweep reads (vjp: what it gets)
        self.kept = set()       # (id(statement), name): old values loops save and restore
        self.emitted = set()    # id(statement) whose backward plan is written
        self._carried = None    # id(outermost loop) -> names it carries in (carried_into)
        self._targets = {}      # id(statement) -> (statement, what it binds)
        self._shape_helpers = None  # (size of helper_names, shape_helper_names())
        # per-row shifts the output provably does not depend on (srcad.compiler.shifts)
        self.cancelled = cancelled_shifts(norm.tree.body, resolver)

    # -- the whole function ---------------------------------------------------
    def build(self, wrt: list, name: str, mode: str = 'grad', aux: str | None = None,
              as_tuple: bool = False) -> Emitted:
        """The generated function(s): ``mode`` is ``grad``, ``value_and_grad`` or ``vjp``.

        ``vjp`` gives two functions, ``<name>_forward(*args) -> (value, saved)``
        and ``<name>_backward(saved, value_bar) -> adjoints``.
        """
        *body, ret = self.norm.tree.body
        if not isinstance(ret, ast.Return) or (isinstance(ret.value, ast.Constant)
                                               and ret.value.value is None) \
                or not _returns_a_value(self.src.tree):
            raise UnsupportedSyntaxError(f'{self.src.name} returns None: there is nothing to '
                                         f'differentiate', self.src.location(self.src.tree),
                                         'return the value (the loss) to differentiate')
        body = self.stable_tests(body)
        self.norm.tree.body[:-1] = body  # what later passes read as the function's body
        self.tapes = {id(loop): self.new_tape(loop) for loop in _outermost_loops(body)}
        self.computed = optimize.forward_values(body, self.pure, self.norm.params)
        # what those calls call (a call calling none of these is surely not among them)
        self.computed_callees = {_callee_key(stmt.value.func) for stmt in body
                                 if isinstance(stmt, ast.Assign)
                                 and isinstance(stmt.value, ast.Call)} if self.computed else set()
        # the backward sweep first (written once): what it reads decides what loops save
        adj = Adjoints()
        if mode == 'vjp':
            if isinstance(ret.value, ast.Name) and self.activity.active(ret.value.id):
                adj.set(ret.value.id, DEFINED)  # the seed is the backward function's argument
            backward = self.backward(body, adj, None, _line(ret))
        else:
            backward = self.seed(ret, adj, checked=mode != 'grad') + \
                self.backward(body, adj, None, _line(ret))
        result = self.gradients(wrt, adj, as_tuple and mode != 'vjp')
        backward = self.restores(backward, result)
        bound = set(self.norm.params)
        forward = self.forward(body, None, bound)
        if mode == 'vjp':
            forward = [Comment('forward sweep')] + forward
            self.needed = self.read_by(body, backward)
            return self.split_functions(name, wrt, ret, forward, backward, result, bound)
        # the backward sweep restores loop-overwritten primals: keep what it returns
        outs = ([ret.value.id] if mode == 'value_and_grad' and isinstance(ret.value, ast.Name)
                else []) + ([aux] if aux is not None else [])
        restored = {n for stmt in _walk(backward) if isinstance(stmt, ast.Assign)
                    for n in self.targets(stmt)} if outs else set()
        kept = {}
        for out in outs:
            if out in restored and out not in kept:
                kept[out] = self.namer.fresh(f'{out}_result')
                forward.append(self.assign(kept[out], _name(out)))
        aux_value = _name(kept.get(aux, aux)) if aux is not None else None
        if mode == 'value_and_grad':
            value = _name(kept[ret.value.id]) if isinstance(ret.value, ast.Name) and \
                ret.value.id in kept else ret.value
            value = value if aux is None else ast.Tuple([value, aux_value], ast.Load())
            result = ast.Tuple([value, result], ast.Load())
        elif aux is not None:
            result = ast.Tuple([result, aux_value], ast.Load())
        backward = self.tidy_backward(backward + [ast.Return(result)], forward)
        forward = optimize.drop_dead(forward, backward, self.removable)
        forward, backward = optimize.rematerialize(forward, backward, self.scalar_name,
                                                   self.recomputed_name)
        forward, backward = self.inlined(forward, backward)
        backward = optimize.walk_saved(forward, backward)
        stmts = [Comment('forward sweep')] + forward + [Comment('backward sweep')] + backward
        stmts = optimize.free_early(stmts, self.big, self.norm.params)
        return Emitted([self.function(name, self.norm.tree.args, stmts)], self.helpers)

    def stable_tests(self, stmts: list, inside_of: dict | None = None) -> list:
        """``if c:`` where a branch assigns ``c`` itself (``returned = True`` under
        ``if not returned``, in a loop) reads a copy taken before the ``if``: the
        backward sweep picks the branch by that copy, as the forward sweep did,
        not by the value the branch left behind."""
        if inside_of is None:
            inside_of = {}  # id(if) -> the names its branches assign
            if any(isinstance(s, ast.If) for s in _walk(stmts)):
                _assigned_in_ifs(stmts, inside_of)
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.If):
                inside = inside_of[id(stmt)]
                changed = sorted({n.id for n in walk(stmt.test)
                                  if isinstance(n, ast.Name) and n.id in inside})
                alias = {}
                for name in changed:
                    alias[name] = self.namer.temp()
                    out.append(_at(self.assign(alias[name], _name(name)), stmt))
                stmt = placed(ast.If(optimize.renamed(stmt.test, alias),
                                     self.stable_tests(stmt.body, inside_of),
                                     self.stable_tests(stmt.orelse, inside_of)), stmt)
            elif isinstance(stmt, (ast.For, ast.While, ForRange, WhileLoop)):
                stmt = copy.copy(stmt)
                stmt.body = self.stable_tests(stmt.body, inside_of)
            out.append(stmt)
        return out

    def tidy_backward(self, backward: list, forward: list) -> list:
        """Copies folded, and spread scalar seeds kept scalar where that is exact."""
        floats = self.activity.active
        backward = optimize.propagate_copies(backward, forward + backward, self.norm.params,
                                             floats)
        unreduce = self.helper_names.get(('unreduce', id(helper_functions()['unreduce'])))
        folded = optimize.fold_spreads(backward, unreduce, self.concrete_name, self.scalar_name)
        if folded is backward:
            return backward
        return optimize.propagate_copies(folded, forward + folded, self.norm.params, floats)

    def inlined(self, *parts) -> list:
        """Each part with its temporaries read once folded into their reader."""
        whole = [stmt for part in parts for stmt in part]
        known = {id(obj) for obj in helper_functions().values()}
        safe = {name for (helper, ident), name in self.helper_names.items()
                if helper not in _CHANGES_ARGUMENTS and ident in known}
        return [optimize.inline_temps(part, whole, self.norm.params, safe,
                                      self.namer.is_temporary) for part in parts]

    def recomputed_name(self, name: str) -> str:
        """The name of a value the backward loop computes again: a temporary's is a
        temporary (often folded away), a user's variable's is a version of it."""
        return self.namer.temp() if self.namer.is_temporary(name) else self.namer.fresh(name)

    def big(self, name: str) -> bool:
        """Whether a name (or the primal an adjoint belongs to) surely holds an array
        big enough that freeing it early is worth a ``del``."""
        shape = self.concrete_name(self.namer.derived_from.get(name, name))
        return shape is not None and math.prod(shape) >= _BIG

    def concrete_name(self, name: str):
        cls = self.shapes.get(name)
        return cls if isinstance(cls, tuple) else None

    def scalar_name(self, name: str) -> bool:
        return self.shapes.get(name) == shapeinfo.SCALAR

    def split_functions(self, name, wrt, ret, forward, backward, result, bound) -> Emitted:
        """``name_forward`` returns the value and what ``name_backward`` reads."""
        keep = sorted(self.needed | set(wrt))
        stacks = [tape.stack for tape in self.tapes.values()]
        unbound = [self.assign(n, ast.Constant(None)) for n in keep if n not in bound]
        unbound += [self.assign(s, ast.List([], ast.Load())) for s in stacks]  # loops may not run
        saved_name = self.namer.fresh('saved')
        pack = ast.Tuple([_name(n) for n in keep + stacks], ast.Load())
        forward = unbound + forward + [ast.Return(ast.Tuple([ret.value, pack], ast.Load()))]
        seed_name = self.namer.bar(ret.value.id) if isinstance(ret.value, ast.Name) else \
            self.namer.fresh('value_bar')
        names = keep + stacks
        unpack = [self.assign(names[0], ast.Subscript(_name(saved_name), ast.Constant(0),
                                                      ast.Load()))] if len(names) == 1 else \
            [ast.Assign([ast.Tuple([ast.Name(n, ast.Store()) for n in names], ast.Store())],
                        _name(saved_name))]
        copies = [self.assign(s, ast.Call(_name('list'), [_name(s)], [])) for s in stacks]
        back_args = ast.arguments([], [ast.arg(saved_name), ast.arg(seed_name)], None, [], [],
                                  None, [])
        back = ([Comment('restore what the forward sweep saved')] + unpack + copies +
                [Comment('backward sweep')] + backward + [ast.Return(result)])
        return Emitted([self.function(f'{name}_forward', self.norm.tree.args, forward),
                        self.function(f'{name}_backward', back_args, back)], self.helpers)

    def gradients(self, wrt, adj: Adjoints, as_tuple: bool = False) -> ast.expr:
        grads = [self.finished(w, adj) for w in wrt]
        return grads[0] if len(grads) == 1 and not as_tuple else ast.Tuple(grads, ast.Load())

    def restores(self, backward: list, result: ast.expr) -> list:
        """The backward sweep with the restores of loop-overwritten values whose value
        it reads (:func:`srcad.compiler.backflow.resolve`); sets what the forward sweep saves."""
        backward, self.kept = resolve(backward, {n.id for n in walk(result)
                                                 if isinstance(n, ast.Name)})
        return backward

    def read_by(self, body, backward: list) -> frozenset:
        """Primal names ``backward`` reads (what a separate backward function needs)."""
        primal = set(self.norm.params) | assigned_names(body) | {
            n for stmt in _walk(body) if isinstance(stmt, ast.Assign) for n in self.targets(stmt)}
        return frozenset({n.id for stmt in backward for n in walk(stmt)
                          if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} & primal)

    def seed(self, ret: ast.Return, adj: Adjoints, checked: bool = True) -> list:
        """``t_bar = seed(t)``; just ``1.0`` when ``t`` is provably a scalar and
        its value is not returned (a full reduction: nothing to check)."""
        value = ret.value
        if not (isinstance(value, ast.Name) and self.activity.active(value.id)):
            return []
        adj.set(value.id, DEFINED)
        scalar = not checked and self.shapes.get(value.id) == shapeinfo.SCALAR \
            and not _may_be_complex(self.norm.tree)  # seed() refuses a complex output
        start = ast.Constant(1.0) if scalar else self.call('seed', _name(value.id))
        return [_comment(ret, self.norm.origins.get(_line(ret), 'return')),
                self.assign(self.namer.bar(value.id), start)]

    def pure(self, value: ast.expr) -> bool:
        """A right-hand side with no effect but its value (a rule application)."""
        op = self.resolver.op(value)
        return op.kind in ('rule', 'copy', 'const', 'index', 'pack') and not (
            isinstance(value, ast.Call) and self.resolver.callee(value.func) is None
            and not isinstance(value.func, ast.Attribute))

    def removable(self, stmt) -> bool:
        """A forward statement that may go when nothing reads what it binds."""
        return isinstance(stmt, ast.Assign) and self.pure(stmt.value)

    def finished(self, param: str, adj: Adjoints) -> ast.expr:
        """The gradient of one input: its adjoint in the input's shape and dtype."""
        if adj.has_value(param):
            return self.call('like_input', _name(self.namer.bar(param)), _name(param))
        return self.call('zeros_like_input', _name(param))

    # -- the forward sweep ----------------------------------------------------
    def forward(self, stmts: list, tape: Tape | None, bound: set) -> list:
        """The primal statements, saving what later iterations overwrite.

        ``bound`` holds the names surely bound at this point (outside loops).
        """
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.Assign):
                out += [self.push(tape, n) for n in self.saved(stmt, tape)]
                out.append(self.forward_call(stmt) or stmt)
                bound.update(self.targets(stmt))
            elif isinstance(stmt, ast.If):
                left, right = set(bound), set(bound)
                body = self.forward(stmt.body, tape, left) or [ast.Pass()]
                out.append(placed(ast.If(stmt.test, body,
                                         self.forward(stmt.orelse, tape, right)), stmt))
                bound.update(left & right)
            elif isinstance(stmt, LOOPS):
                out += self.forward_loop(stmt, tape, bound)
            else:
                out.append(stmt)
        return out

    def forward_loop(self, loop, tape: Tape | None, bound: set) -> list:
        out = []
        if tape is None:
            tape = self.tapes[id(loop)]
            out.append(self.assign(tape.stack, ast.List([], ast.Load())))
            # a name the body reads before binding it keeps the value it had before the
            # loop, if it may have one; if nothing before the loop binds it, the body
            # binds it first on every run (``if i == 0: acc = ...``): None is never read
            carried = self.carried_into(loop)
            pushed = {n for s in _walk(loop.body) if isinstance(s, ast.Assign)
                      for n in self.saved(s, tape)}
            unbound = sorted(pushed - bound - carried)
            out += [self.assign(n, ast.Constant(None)) for n in unbound]
            bound.update(unbound)
        body = self.forward(loop.body, tape, set(bound))
        if isinstance(loop, ForRange):
            out.append(placed(ast.For(loop.target, loop.range_, body, [], None), loop))
        else:
            out.append(placed(ast.While(loop.test, body, []), loop))
        return out

    def carried_into(self, loop) -> set:
        """Names the body of ``loop`` (an outermost loop, so one run of the function
        enters it once) reads before binding them, that the parameters or statements
        before it may bind.  One walk of the function serves all its loops."""
        if self._carried is None:
            self._carried = {}
            names = set(self.norm.params)
            for stmt in _walk(self.norm.tree.body):
                if id(stmt) in self.tapes:
                    self._carried[id(stmt)] = live_in(stmt.body) & names
                if isinstance(stmt, ast.Assign):
                    names.update(self.targets(stmt))
                # an ``if`` around a loop binds nothing by its test; anything else before
                # it (an earlier loop with all its body) may bind what it stores
                part = stmt.test if isinstance(stmt, ast.If) else stmt
                names.update(n.id for n in walk(part) if isinstance(n, ast.Name)
                             and isinstance(n.ctx, (ast.Store, ast.Del)))
                if isinstance(stmt, LOOPS):
                    names.update(n.id for n in walk(stmt) if isinstance(n, ast.Name))
        if id(loop) not in self._carried:  # not found: assume every name may be bound
            return set(live_in(loop.body))
        return self._carried[id(loop)]

    def new_tape(self, loop) -> Tape:
        counters = {n.counter.id for n in _walk([loop]) if isinstance(n, LOOPS)
                    and n.counter is not None}
        return Tape(self.namer.fresh('stack'), frozenset(counters))

    def saved(self, stmt: ast.Assign, tape: Tape | None) -> list:
        """Targets of ``stmt`` whose old value the backward sweep reads back."""
        return [n for n in self.overwritten(stmt, tape) if (id(stmt), n) in self.kept]

    def overwritten(self, stmt: ast.Assign, tape: Tape | None) -> list:
        """Targets of ``stmt`` whose old value a later iteration would lose (the
        candidates for saving: loop counters' increments are replayed, not saved)."""
        if tape is None:
            return []
        names = self.targets(stmt)
        increment = isinstance(stmt.value, ast.BinOp) and names[0] in tape.counters
        return [] if increment else names

    def targets(self, stmt: ast.Assign) -> list:
        """The names a forward statement binds (a split call also binds what it saved)."""
        known = self._targets.get(id(stmt))
        if known is not None and known[0] is stmt:
            return known[1]
        target = stmt.targets[0]
        names = [target.id] if target.__class__ is ast.Name else \
            [n.id for n in walk(target) if isinstance(n, ast.Name)]
        if self.split_of(stmt) is not None or self.is_dynamic(stmt):
            names.append(self.namer.derive(names[0], 'saved'))
        self._targets[id(stmt)] = (stmt, names)
        return names

    def is_dynamic(self, stmt) -> bool:
        """A differentiated call of a callable known only at run time (a parameter,
        an object's method): it goes through :func:`srcad.runtime.dynamic_forward`."""
        if not isinstance(stmt.targets[0], ast.Name) or not isinstance(stmt.value, ast.Call):
            return False
        if not self.activity.active(stmt.targets[0].id):
            return False
        op = self.resolver.op(stmt.value)
        return op.kind == 'dynamic' and any(
            isinstance(a, ast.Name) and self.activity.active(a.id) for a in op.inputs.values())

    # -- calls of the user's own functions ------------------------------------
    def split_of(self, stmt):
        """The :class:`~srcad.calls.Split` a call statement runs, if it is one."""
        if not isinstance(stmt.targets[0], ast.Name) or not isinstance(stmt.value, ast.Call):
            return None
        if not self.activity.active(stmt.targets[0].id):
            return None
        op = self.resolver.op(stmt.value)
        if op.kind != 'call':
            return None
        wrt = [p for p, atom in op.inputs.items()
               if isinstance(atom, ast.Name) and self.activity.active(atom.id)]
        return split(op.callee, wrt, callee_facts(op, self.resolver)) if wrt else None

    def forward_call(self, stmt):
        """``t, t_saved = helper_vjp.forward(...)`` for a split call, else None."""
        if self.is_dynamic(stmt):
            store = ast.Tuple([ast.Name(n, ast.Store()) for n in self.targets(stmt)],
                              ast.Store())
            call = self.call('dynamic_forward', stmt.value.func, *stmt.value.args)
            call.keywords = stmt.value.keywords
            return _at(ast.Assign([store], call), stmt)
        halves = self.split_of(stmt)
        if halves is None:
            return None
        call = stmt.value
        receiver = self.resolver.receiver(call.func)
        args = ([receiver] if receiver is not None else []) + list(call.args)
        target = stmt.targets[0].id
        store = ast.Tuple([ast.Name(n, ast.Store()) for n in self.targets(stmt)], ast.Store())
        forward = ast.Attribute(_name(self.split_helper(halves)), 'forward', ast.Load())
        return _at(ast.Assign([store], ast.Call(forward, args, call.keywords)), stmt) \
            if target else None

    def split_helper(self, halves) -> str:
        return self.helper(f'{halves.fn.__name__}_vjp', halves)

    def dynamic_block(self, stmt, op, g) -> list:
        """The backward of a call known only at run time: adjoints of its arguments."""
        target = stmt.targets[0].id
        grads = self.namer.derive(target, 'grads')
        saved = _name(self.namer.derive(target, 'saved'))
        steps = [('code', self.assign(grads, self.call('dynamic_backward', saved, g)))]
        for i, atom in op.inputs.items():
            if isinstance(atom, ast.Name) and self.activity.active(atom.id):
                steps.append(('add', atom.id,
                              ast.Subscript(_name(grads), ast.Constant(i), ast.Load())))
        return steps

    def call_block(self, stmt, op, g) -> list:
        """Run the callee's backward half, then add what each argument receives."""
        halves = self.split_of(stmt)
        target = stmt.targets[0].id
        grads = self.namer.derive(target, 'grads')
        backward = ast.Attribute(_name(self.split_helper(halves)), 'backward', ast.Load())
        saved = _name(self.namer.derive(target, 'saved'))
        steps = [('code', self.assign(grads, ast.Call(backward, [saved, g], [])))]
        for i, param in enumerate(halves.wrt):
            part = _name(grads) if len(halves.wrt) == 1 else \
                ast.Subscript(_name(grads), ast.Constant(i), ast.Load())
            if not isinstance(self.shape_class(op.inputs[param]), tuple):
                # a tuple or dict comes back as one: made to add structurally
                part = self.call('as_adjoint', part)
            steps.append(('add', op.inputs[param].id, part))
        return steps

    def push(self, tape: Tape, name: str) -> ast.Expr:
        append = ast.Attribute(_name(tape.stack), 'append', ast.Load())
        return ast.Expr(ast.Call(append, [_name(name)], []))

    # -- the backward sweep (each statement's written once) ---------------------
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

    def adjoint_if(self, stmt: ast.If, adj: Adjoints, tape) -> list:
        # adjoints that one branch may make: bound to None before the ``if``
        made = Adjoints.join(self.flow(stmt.body, adj.copy()), self.flow(stmt.orelse, adj.copy()))
        inits = self.bind_none(adj, made)
        left, right = adj.copy(), adj.copy()
        body = self.backward(stmt.body, left, tape)
        orelse = self.backward(stmt.orelse, right, tape)
        joined = Adjoints.join(left, right)
        # an adjoint a branch consumed (DEAD there) may still hold its old value: where
        # the other branch leaves one, this branch must say None
        body += self.bind_none(left, joined)
        orelse += self.bind_none(right, joined)
        adj.replace(joined)
        mirrored = branch(stmt, body, orelse)
        return inits + ([mirrored] if mirrored is not None else [])

    def bind_none(self, adj: Adjoints, later: Adjoints) -> list:
        """``x_bar = None`` for adjoints DEAD now but MAYBE later, so every path binds them."""
        names = adj.unbound(later)
        for n in names:
            adj.set(n, NONE)
        return self.nones(names)

    def nones(self, names) -> list:
        return [self.assign(self.namer.bar(n), ast.Constant(None)) for n in names]

    def adjoint_loop(self, loop, adj: Adjoints, tape: Tape | None) -> list:
        inner = tape or self.tapes[id(loop)]
        # a number's adjoint starts at 0.0: no ``is None`` test in every iteration
        start, zeros = self.loop_entry(loop, adj)
        before = [self.assign(self.namer.bar(n), ast.Constant(0.0)) for n in zeros]
        before += self.bind_none(adj, start)
        end = start.copy()
        body = self.backward(loop.body, end, inner)
        body += self.bind_none(end, start)
        adj.replace(start)
        if not body:
            return before
        return before + [self.reversed_header(loop, body)]

    def reversed_header(self, loop, body) -> ast.stmt:
        """The backward loop: the same indices in reverse, or as many rounds as ran."""
        if isinstance(loop, WhileLoop):
            it = ast.Call(_name('range'), [loop.counter], [])
            target = ast.Name(self.namer.derive('', '_'), ast.Store())
        else:
            rng = loop.range_
            if loop.counter is not None:
                rng = ast.Subscript(rng, ast.Slice(None, loop.counter, None), ast.Load())
            it = ast.Call(_name('reversed'), [rng], [])
            target = loop.target
        return placed(ast.For(target, it, body, [], None), loop)

    # -- one assignment -----------------------------------------------------
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
            expr = self.rule_expr(op.rule.adjoints[role], op.rule, {**op.inputs, 'g': g, 'ans': ans})
            expr = self.tidy(expr, op, ans)
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

    def tidy(self, expr: ast.expr, op: Op, ans: ast.Name) -> ast.expr:
        """Drop shape helpers that provably do nothing, write out those whose work
        the shapes determine, and reuse forward values."""
        # (the three rewrite calls only: those of the shape helpers, and those the
        # forward sweep made; an expression calling none of them is left as it is)
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
                called = [n.func for n in walk(expr) if n.__class__ is ast.Call]
        if self.computed and any(_callee_key(f) in self.computed_callees for f in called):
            return optimize.reuse_forward(expr, self.computed)
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
        return self.shapes.get(atom.id) if isinstance(atom, ast.Name) else None

    # -- accumulating into adjoints -------------------------------------------
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



_SHAPE_HELPERS = ('unbroadcast', 'unreduce', 'reduced_size', 'matmul_dx', 'matmul_dy')
_BIG = 1 << 16  # elements: arrays from this size on are freed after their last use

#: runtime helpers that change an argument in place (or run user code)
_CHANGES_ARGUMENTS = frozenset({'add_at', 'setitem', 'list_append', 'list_pop', 'sequence',
                                'dynamic_forward', 'dynamic_backward', 'dynamic_jvp'})


def _may_be_complex(tree) -> bool:
    """Whether a function visibly makes complex values (a ``1j``, ``complex(...)``,
    ``np.fft``, a complex dtype): then its gradient's seed checks the output is real."""
    for node in walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, complex):
            return True
        word = node.id if isinstance(node, ast.Name) else \
            node.attr if isinstance(node, ast.Attribute) else None
        if word is not None and ('fft' in word or 'complex' in word
                                 or word in ('csingle', 'cdouble', 'clongdouble')):
            return True
    return False


def _returns_a_value(tree) -> bool:
    """Whether some ``return`` of the function (not of a nested one) gives a value."""
    if isinstance(tree, ast.Lambda):
        return True
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                             ast.ClassDef)):
            continue
        if isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def _callee_key(func) -> str | None:
    """``np.cos`` -> ``'np.cos'``; None for a callee that is not a dotted name (a key
    that stands for every such callee: a prefilter of :func:`optimize.reuse_forward`)."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        root = _callee_key(func.value)
        return None if root is None else f'{root}.{func.attr}'
    return None


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


def _outermost_loops(stmts):
    for stmt in stmts:
        if isinstance(stmt, LOOPS):
            yield stmt
        else:
            yield from _outermost_loops(getattr(stmt, 'body', []) + getattr(stmt, 'orelse', []))


def _assigned_in_ifs(stmts, found: dict) -> set:
    """The names ``stmts`` assign; ``found[id(if)]`` those of each ``if``'s branches."""
    names = set()
    for stmt in stmts:
        if isinstance(stmt, ast.If):
            found[id(stmt)] = _assigned_in_ifs(stmt.body, found) | \
                _assigned_in_ifs(stmt.orelse, found)
            names |= found[id(stmt)]
        elif isinstance(stmt, (ast.For, ast.While, ForRange, WhileLoop)):
            names |= _assigned_in_ifs(stmt.body, found) | assigned_names(
                [v for f, v in ast.iter_fields(stmt) if f != 'body' and isinstance(v, ast.AST)])
        elif isinstance(stmt, ast.Assign):  # (normalized: only its targets bind names)
            names |= assigned_names(stmt.targets)
        else:
            names |= assigned_names([stmt])
    return names


def _walk(stmts):
    for stmt in stmts:
        yield stmt
        yield from _walk(getattr(stmt, 'body', []) + getattr(stmt, 'orelse', []))
