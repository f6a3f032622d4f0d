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
import dataclasses
import math

from .adjoints import DEFINED, Adjoints
from .analysis import Activity
from .backflow import AdjointFlow, resolve
from .complex_sources import REAL_PARAMETERS, may_make_complex
from ..errors import UnsupportedSyntaxError
from .ir import Comment
from .names import NameFacts, assigned_names
from .normalize import Normalized
from .parse import FunctionSource
from .resolve import Resolver
from ..rules.registry import helper_functions
from .shifts import cancelled_shifts
from .zero_guards import guard_backward
from . import optimize, shapeinfo
from .emitter import CHANGES_ARGUMENTS, Emitted, Emitter, _line, _name
from .fastast import walk
from .joins import vararg_of
from .reverse_branches import BranchAdjoints
from .reverse_calls import CallAdjoints
from .reverse_loops import LoopSweeps, Tape, _outermost_loops, _walk
from .reverse_statements import StatementAdjoints, _callee_key, _comment

__all__ = ['ReverseEmitter', 'Tape']


class ReverseEmitter(StatementAdjoints, BranchAdjoints, LoopSweeps, CallAdjoints, AdjointFlow,
                     Emitter):
    """Builds one gradient function; holds the naming context of that one build.

    Its parts: the backward code of statements (:mod:`.reverse_statements`), of
    branches (:mod:`.reverse_branches`), loops and their tapes (:mod:`.reverse_loops`),
    calls (:mod:`.reverse_calls`); the adjoint states before emission
    (:mod:`.backflow`); naming and rule templates (:mod:`.emitter`).
    """

    def __init__(self, src: FunctionSource, norm: Normalized, resolver: Resolver,
                 activity: Activity, shapes: dict | None = None):
        super().__init__(src, norm, resolver, activity)
        self.shapes = shapes or {}  # name -> shape class (srcad.compiler.shapeinfo)
        self.computed = {}      # pure forward expressions (reuse.expr_key) -> their names
        self.computed_callees = set()  # what those call (_callee_key)
        self.tapes = {}         # id(outermost loop) -> its Tape
        self.needed = frozenset()  # primal names the backward sweep reads (vjp: what it gets)
        self.kept = set()       # (id(statement), name): old values loops save and restore
        self.emitted = set()    # id(statement) whose backward plan is written
        self._carried = None    # id(outermost loop) -> names it carries in (carried_into)
        self._targets = {}      # id(statement) -> (statement, what it binds)
        self._shape_helpers = None  # (size of helper_names, shape_helper_names())
        self._contributions = {}  # rule_contribution's expressions, by what they depend on
        self._callees = {}  # id(one of those) -> (it, what its calls call: _fixed_callees)
        self._slot_shapes = {}  # placeholder -> the shape class of the name it stands for
        # per-row shifts the output provably does not depend on (srcad.compiler.shifts)
        self.cancelled = cancelled_shifts(norm.tree.body, resolver)

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
        # the record this build reads from now on (its loops' tapes...); the input record
        # is left as it was
        self.norm = _with_body(self.norm, body + [ret])
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
        self.vararg = vararg_of(self.src.tree, mode)  # (srcad.compiler.joins)
        result = self.gradients(wrt, adj, as_tuple and mode != 'vjp')
        backward = guard_backward(body, backward, self.namer.derived)  # (keep_zero: sound ones)
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
        walks = {}  # each statement's nodes, kept from pass to pass (fastast.walk_kept)
        backward = self.tidy_backward(backward + [ast.Return(result)], forward, walks)
        forward = optimize.drop_dead(forward, backward, self.removable, walks)
        forward, backward = optimize.rematerialize(forward, backward, self.scalar_name,
                                                   self.recomputed_name)
        forward, backward = self.inlined(forward, backward, walks=walks)
        backward = optimize.walk_saved(forward, backward)
        stmts = [Comment('forward sweep')] + forward + [Comment('backward sweep')] + backward
        stmts = optimize.free_early(stmts, self.big, self.norm.params, walks)
        return Emitted([self.function(name, self.norm.tree.args, stmts)], self.helpers)

    def tidy_backward(self, backward: list, forward: list, memo=None) -> list:
        """Copies folded, and spread scalar seeds kept scalar where that is exact."""
        floats = self.activity.active
        memo = {} if memo is None else memo  # each statement's nodes, for both rounds
        backward = optimize.propagate_copies(backward, forward + backward, self.norm.params,
                                             floats, memo)
        unreduce = self.helper_names.get(('unreduce', id(helper_functions()['unreduce'])))
        folded = optimize.fold_spreads(backward, unreduce, self.concrete_name, self.scalar_name,
                                       memo)
        if folded is backward:
            return backward
        return optimize.propagate_copies(folded, forward + folded, self.norm.params, floats,
                                         memo)

    def inlined(self, *parts, walks=None) -> list:
        """Each part with its temporaries read once folded into their reader."""
        whole = [stmt for part in parts for stmt in part]
        known = {id(obj) for obj in helper_functions().values()}
        safe = {name for (helper, ident), name in self.helper_names.items()
                if helper not in _CHANGES_ARGUMENTS and ident in known}
        return optimize.inline_parts(parts, whole, self.norm.params, safe,
                                     self.names().is_temporary, walks)

    def recomputed_name(self, name: str) -> str:
        """The name of a value the backward loop computes again: a temporary's is a
        temporary (often folded away), a user's variable's is a version of it."""
        return self.namer.temp() if self.names().is_temporary(name) else self.namer.fresh(name)

    def names(self) -> NameFacts:
        """The record's name facts, with the names this build has derived so far."""
        cached = getattr(self, '_names', None)
        if cached is None or cached[1] != len(self.namer.derived):
            self._names = cached = NameFacts.of(self.norm, self.namer), len(self.namer.derived)
        return cached[0]

    def big(self, name: str) -> bool:
        """Whether a name (or the primal an adjoint belongs to) surely holds an array
        big enough that freeing it early is worth a ``del``."""
        shape = self.concrete_name(self.names().derived_from.get(name, name))
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
        # seed() refuses a complex output: 1.0 only when no complex value can reach it
        scalar = not checked and self.shapes.get(value.id) == shapeinfo.SCALAR \
            and REAL_PARAMETERS.get() and not may_make_complex(
                self.norm.tree, self.src, self.norm.helpers, self.shapes)
        start = ast.Constant(1.0) if scalar else self.call('seed', _name(value.id))
        return [_comment(ret, self.norm.origins.get(_line(ret), 'return')),
                self.assign(self.namer.bar(value.id), start)]

    def pure(self, value: ast.expr) -> bool:
        """A right-hand side with no effect but its value (a rule application)."""
        op = self.resolver.op(value)
        if isinstance(value, ast.Call) and getattr(value.func, 'id', None) in _CHANGES_ARGUMENTS:
            return False   # (with_enter: entering the manager is its effect)
        return op.kind in ('rule', 'copy', 'const', 'index', 'pack') and not (
            isinstance(value, ast.Call) and self.resolver.callee(value.func) is None
            and not isinstance(value.func, ast.Attribute))

    def removable(self, stmt) -> bool:
        """A forward statement that may go when nothing reads what it binds."""
        return isinstance(stmt, ast.Assign) and self.pure(stmt.value)

    def finished(self, param: str, adj: Adjoints) -> ast.expr:
        """The gradient of one input: its adjoint in the input's shape and dtype."""
        if adj.has_value(param):
            finish = 'vararg_gradients' if param == getattr(self, 'vararg', None) else 'like_input'
            return self.call(finish, _name(self.namer.bar(param)), _name(param))
        return self.call('zeros_like_input', _name(param))


_BIG = 1 << 16  # elements: arrays from this size on are freed after their last use

_CHANGES_ARGUMENTS = CHANGES_ARGUMENTS


def _with_body(norm: Normalized, body: list) -> Normalized:
    """``norm`` with another function body (a new record and tree; ``norm`` unchanged)."""
    tree = copy.copy(norm.tree)
    tree.body = body
    return dataclasses.replace(norm, tree=tree)


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
