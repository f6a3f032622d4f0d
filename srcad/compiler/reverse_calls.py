"""Calls in reverse mode: the user's own functions (split into a forward and a
backward half, :mod:`srcad.calls`) and callables known only at run time
(:func:`srcad.runtime.dynamic_forward`).  Mixed into
:class:`srcad.compiler.reverse.ReverseEmitter`.
"""

from __future__ import annotations

import ast

from ..calls import split
from .containers import callee_facts
from .emitter import _at, _name


class CallAdjoints:
    """The forward and backward code of differentiated calls."""

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
