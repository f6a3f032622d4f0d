"""The forward-mode emitter: every varied value carries its tangent alongside.

For ``t = op(a, b)`` the generated code computes the primal and then
``t_dot`` from the rules' forward templates::

    t = np.tanh(a)
    t_dot = a_dot * (1 - t * t)

Control flow needs no memory at all: the tangent code sits inside the same
branches and loops as the primal.  Because srcad's own gradients are plain
Python, this emitter also runs over them: that is how ``hvp``, ``hessian``
and ``jacfwd`` of a gradient are built (forward over reverse).
"""

from __future__ import annotations

import ast
import types

from .backflow import placed
from ..calls import jvp_of
from .containers import callee_facts
from .emitter import CHANGES_ARGUMENTS, Emitted, Emitter, _at, _name
from .fastast import copy_tree
from .forward_tidy import (broadcast_inner, constant_linear_inputs, mirrored_call,
                           shaped_like_output, trimmed_call)
from .shapeinfo import shape_classes
from ..errors import NoRuleError, UnsupportedSyntaxError
from .ir import Comment, ForRange, WhileLoop
from .resolve import Op
from .templates import index_value
from .value_kinds import _is_array as is_array, value_kinds
from ..rules.registry import JOINT, helper_functions
from .names import NameFacts
from .optimize.inline import inline_parts
from .zero_guards import guard_forward
from ..runtime import list_append, list_pop


class ForwardEmitter(Emitter):
    """Builds one ``jvp`` function: ``f_jvp(tangents, *args) -> (value, tangent)``."""

    _shapes = None  # (shapes(): found once, when first asked)
    _kinds = None  # (known_array(): what values surely are, found once, when first asked)

    def build(self, wrt: list, name: str):
        *body, ret = self.norm.tree.body
        tangents = self.namer.fresh('tangents')
        if len(wrt) == 1:  # (not "x_dot, = tangents", which Python 3.10 prints differently)
            unpack = self.assign(self.namer.dot(wrt[0]),
                                 ast.Subscript(_name(tangents), ast.Constant(0), ast.Load()))
        else:
            unpack = ast.Assign([ast.Tuple([ast.Name(self.namer.dot(w), ast.Store())
                                            for w in wrt], ast.Store())], _name(tangents))
        stmts = [Comment('tangents of the inputs'), unpack]
        # a parameter held fixed that a loop later overwrites with a varied value
        # (``h = np.tanh(h @ W)``) starts with a zero tangent
        stmts += [self.assign(self.namer.dot(p), self.call('zero_tangent', _name(p)))
                  for p in self.norm.params if p not in wrt and self.activity.active(p)]
        stmts.append(Comment('primal and tangent'))
        stmts += self.block(body)
        stmts = guard_forward(stmts, self.activity.active, self.namer.derived)  # (keep_zero)
        value = ret.value
        dot = self.tangent_of(value)
        ret = ast.Return(ast.Tuple([value, dot], ast.Load()))
        if not self.src.filename.startswith('<srcad '):  # (hvp's code: see tidy)
            stmts = self.tidy(stmts, stmts + [ret], tangents)
        stmts.append(ret)
        user = self.norm.tree.args
        args = ast.arguments([ast.arg(tangents)] + user.posonlyargs, user.args, user.vararg,
                             user.kwonlyargs, user.kw_defaults, user.kwarg, user.defaults)
        return Emitted([self.function(name, args, stmts)], self.helpers)

    def tidy(self, stmts: list, whole: list, tangents: str) -> list:
        """Temporaries read once folded into their reader, as in reverse mode
        (:func:`srcad.compiler.optimize.inline.inline_parts`): ``t2 = t * 0.9;
        t = t2 + x`` reads ``t = t * 0.9 + x``, and its tangent likewise.  (``whole``
        ends with the ``return``, which stays two names or plain expressions: the
        value and the tangent read apart.)  Not run over srcad's own gradients (``hvp``,
        ``hessian``): their forward mode is about four times the user's code, and
        folding it cost a third more compile time on the first call."""
        known = {id(obj) for obj in helper_functions().values()}
        safe = {name for (helper, ident), name in self.helper_names.items()
                if helper not in CHANGES_ARGUMENTS and ident in known}
        names = NameFacts.of(self.norm, self.namer)
        return inline_parts([stmts], whole, list(self.norm.params) + [tangents], safe,
                            names.is_temporary)[0]

    @staticmethod
    def function(name, args, stmts) -> ast.FunctionDef:
        """The ``def``, its statements placed: the code is compiled from its text, which
        reads a statement's line (for located errors) but no expression's."""
        tree = ast.FunctionDef(name, args, _located(stmts, 1), [], None, None)
        if hasattr(tree, 'type_params'):
            tree.type_params = []
        tree.lineno, tree.col_offset = 1, 0
        return tree

    def tangent_of(self, atom) -> ast.expr:
        """The tangent of an atom: its ``_dot`` if active, else a zero like it."""
        if isinstance(atom, ast.Name) and self.activity.active(atom.id):
            return _name(self.namer.dot(atom.id))
        return self.call('zero_tangent', atom)

    # -- statements ------------------------------------------------------------
    def block(self, stmts: list) -> list:
        out = []
        for stmt in stmts:
            out += self.statement(stmt)
        return out

    def statement(self, stmt) -> list:
        if isinstance(stmt, ast.Assign):
            return self.assignment(stmt)
        # (a block is placed already: ``placed`` does not walk it again, so nesting
        # costs nothing; the function's nodes are all placed when it is built)
        if isinstance(stmt, ast.If):
            return [placed(ast.If(stmt.test, self.block(stmt.body) or [ast.Pass()],
                                  self.block(stmt.orelse)), stmt)]
        if isinstance(stmt, ForRange):
            return [placed(ast.For(stmt.target, stmt.range_, self.block(stmt.body), [], None),
                           stmt)]
        if isinstance(stmt, WhileLoop):
            return [placed(ast.While(stmt.test, self.block(stmt.body), []), stmt)]
        if isinstance(stmt, ast.Return):
            raise UnsupportedSyntaxError('srcad lowers every return to one exit',
                                         self.src.location(stmt))
        if isinstance(stmt, ast.Expr):
            self.check_effect(stmt)  # as reverse mode: a call that may change a varied value
        return [stmt]

    def assignment(self, stmt: ast.Assign) -> list:
        target = stmt.targets[0]
        if isinstance(target, ast.Tuple):
            return self.unpack(stmt)
        name = target.id
        op = self.resolver.op(stmt.value)
        self.check_inert_inputs(stmt, op)
        if not (self.activity.active(name) or self.pops_active_list(op)):
            return [stmt]  # constant, or no part of the output
        if op.kind == 'call' and self.varied_inputs(op):
            return self.call_jvp(stmt, op)
        if op.kind == 'dynamic' and self.varied_inputs(op):
            return self.dynamic_jvp(stmt, op)
        # (placed at the statement; what it holds is placed when the function is built)
        tangent = ast.copy_location(self.assign(self.namer.dot(name), self.tangent(stmt, op)),
                                    stmt)
        if op.kind == 'rule' and op.rule.fn in (list_append, list_pop):
            # append and pop change the list: its tangent (zeros shaped like the list, for
            # a list that does not vary) is read before, as the primal is
            return [tangent, stmt]
        return [stmt, tangent]

    def pops_active_list(self, op: Op) -> bool:
        """``x = xs.pop()`` changes ``xs``: its tangent list must lose an entry too."""
        xs = op.inputs.get('xs') if op.kind == 'rule' else None
        return (op.rule is not None and op.rule.fn is list_pop and isinstance(xs, ast.Name)
                and self.activity.active(xs.id))

    def unpack(self, stmt) -> list:
        names = [e.id for e in stmt.targets[0].elts]
        if not any(self.activity.active(n) for n in names):
            return [stmt]
        dots = ast.Tuple([ast.Name(self.namer.dot(n), ast.Store()) for n in names], ast.Store())
        value = self.call('tangent_parts', self.tangent_of(stmt.value), stmt.value)
        return [stmt, _at(ast.Assign([dots], value), stmt)]

    def varied_inputs(self, op: Op) -> dict:
        varied = {}
        for role, atom in op.differentiable_inputs.items():
            if isinstance(atom, ast.Name) and self.activity.active(atom.id):
                varied[role] = atom
            elif isinstance(atom, ast.Tuple) and any(
                    isinstance(e, ast.Name) and self.activity.active(e.id) for e in atom.elts):
                raise NoRuleError(f'srcad has no forward mode through the *{role} '
                                  f'arguments of {getattr(op.rule, "name", "a call")} yet',
                                  hint='pass the values as a list instead')
        return varied

    # -- tangent expressions ---------------------------------------------------
    def tangent(self, stmt, op: Op) -> ast.expr:
        """The output's tangent: the sum of what each varied input contributes."""
        if op.kind == 'pack':
            return self.pack_tangent(stmt.value, op)
        if op.kind == 'rule' and JOINT in op.rule.tangents:
            return self.joint_tangent(stmt, op)
        parts = [self.contribution(stmt, op, role, atom)
                 for role, atom in self.varied_inputs(op).items()]
        if not parts:  # a varied name given a constant value (an accumulator's start)
            return self.call('zero_tangent', _name(stmt.targets[0].id))
        total = parts[0]
        for part in parts[1:]:
            total = ast.BinOp(total, ast.Add(), part)
        return total

    def contribution(self, stmt, op: Op, role, atom) -> ast.expr:
        dot = _name(self.namer.dot(atom.id))
        if op.kind == 'copy':
            return dot
        if op.kind == 'index':  # (a user's own __getitem__ refused when it runs)
            if isinstance(stmt.value, ast.Subscript) and self.known_array(atom.id):
                # index_tangent's own answer for an ndarray: its tangent indexed alike
                return ast.Subscript(dot, copy_tree(stmt.value.slice), ast.Load())
            return self.call('index_tangent', dot, atom, index_value(op.inputs['index']))
        if op.kind == 'rule':
            template = op.rule.tangents.get(role)
            if template is None:
                raise NoRuleError(
                    f'no forward-mode rule for {op.rule.name} (parameter {role!r})',
                    self.src.location(stmt),
                    f'declare one with srcad.rules.registry.tangent({op.rule.name}, '
                    f'{role}="...")')
            ans = stmt.targets[0].id
            inner = broadcast_inner(template)
            if inner is not None and shaped_like_output(inner, op, role, ans, self.shapes()):
                template = inner  # (``broadcast_like(e, ans)`` of an ``e`` shaped like ans)
            if _srcad_helper(op.rule.fn, 'field'):  # x.name: x's tangent (not p's in 1 + p)
                dot = self.call('tangent_for', dot, atom)
            mapping = {**op.inputs, 'dot': dot, 'ans': _name(ans)}
            return self.rule_expr(template, op.rule, mapping)
        raise self.no_rule(op, stmt)

    def known_array(self, name: str) -> bool:
        """Whether ``name`` surely holds a plain ndarray, never a list, a dict or an
        object with its own ``__getitem__`` (:mod:`.value_kinds`: made by ``np.zeros``
        and the like, written with ``setitem``, arithmetic on such arrays)."""
        if self._kinds is None:
            self._kinds = value_kinds(self.norm.tree.body, self.resolver, self.norm.params)
        return is_array(self._kinds.get(name))

    def shapes(self) -> dict:
        """Name -> shape class (:mod:`.shapeinfo`), found when a tangent first asks."""
        if self._shapes is None:
            self._shapes = shape_classes(self.norm.tree.body, self.norm.params, self.resolver)
        return self._shapes

    def joint_tangent(self, stmt, op: Op) -> ast.expr:
        """A jointly linear function applied to its arguments' tangents."""
        if _srcad_helper(op.rule.fn, 'set_attribute'):  # a plain object: operators refuse
            return self.call('object_tangent', self.joint_template(stmt, op),
                             _name(stmt.targets[0].id))
        if constant_linear_inputs(op):  # (``unreduce(1.0, t)``)
            return self.call('zero_tangent', _name(stmt.targets[0].id))
        mirrored = mirrored_call(stmt, op, self.tangent_of, self.resolver)
        return mirrored if mirrored is not None else self.joint_template(stmt, op)

    def joint_template(self, stmt, op: Op) -> ast.expr:
        """The rule's joint template, less the default arguments the call left out."""
        mapping = {**op.inputs, 'ans': _name(stmt.targets[0].id)}
        mapping.update({f'{p}__dot': self.tangent_of(op.inputs[p]) for p in op.rule.linear_params})
        return trimmed_call(op, self.rule_expr(op.rule.tangents[JOINT], op.rule, mapping))

    def pack_tangent(self, value, op: Op) -> ast.expr:
        if isinstance(value, ast.Call):  # Point(a, b): the same record of the tangents
            return ast.Call(value.func, [self.tangent_of(a) for a in value.args],
                            [ast.keyword(kw.arg, self.tangent_of(kw.value))
                             for kw in value.keywords])
        if isinstance(value, ast.Dict):
            return ast.Dict(list(value.keys), [self.tangent_of(v) for v in value.values])
        return type(value)([self.tangent_of(e) for e in value.elts], ast.Load())

    def dynamic_jvp(self, stmt, op: Op) -> list:
        """``t, t_dot = dynamic_jvp(f, tangents, ...)`` for a callable known only at run time."""
        call = stmt.value
        dots = ast.Tuple([_name(self.namer.dot(a.id)) if isinstance(a, ast.Name)
                          and self.activity.active(a.id) else ast.Constant(None)
                          for a in call.args], ast.Load())
        value = self.call('dynamic_jvp', call.func, dots, *call.args)
        value.keywords = call.keywords
        target = stmt.targets[0].id
        store = ast.Tuple([ast.Name(target, ast.Store()),
                           ast.Name(self.namer.dot(target), ast.Store())], ast.Store())
        return [_at(ast.Assign([store], value), stmt)]

    def call_jvp(self, stmt, op: Op) -> list:
        """``t, t_dot = helper_jvp(tangents, ...)`` for a call of the user's function."""
        wrt = list(self.varied_inputs(op))
        halves = jvp_of(op.callee, wrt, callee_facts(op, self.resolver))
        call = stmt.value
        helper = ast.Attribute(_name(self.helper(f'{op.callee.__name__}_jvp', halves)),
                               'forward', ast.Load())
        tangents = ast.Tuple([_name(self.namer.dot(op.inputs[p].id)) for p in wrt], ast.Load())
        receiver = self.resolver.receiver(call.func)
        args = [tangents] + ([receiver] if receiver is not None else []) + list(call.args)
        target = stmt.targets[0].id
        store = ast.Tuple([ast.Name(target, ast.Store()),
                           ast.Name(self.namer.dot(target), ast.Store())], ast.Store())
        return [_at(ast.Assign([store], ast.Call(helper, args, call.keywords)), stmt)]


def _located(stmts: list, line: int) -> list:
    """``stmts`` (and the blocks in them), each without a line given ``line``, the
    line of the nearest statement around it that has one."""
    for stmt in stmts:
        if getattr(stmt, 'lineno', None) is None:
            stmt.lineno, stmt.col_offset = line, 0
        for field in ('body', 'orelse'):
            inner = getattr(stmt, field, None)
            if inner:
                _located(inner, stmt.lineno)
    return stmts


def _srcad_helper(fn, name: str) -> bool:
    """Whether ``fn`` is srcad's own helper ``name`` (srcad/runtime/objects.py's callers)."""
    return getattr(fn, '__name__', None) == name and \
        str(getattr(fn, '__module__', '') or '').startswith('srcad.')
