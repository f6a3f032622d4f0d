"""Rematerialization: numbers a loop would save, computed again by the backward loop.

:func:`rematerialize` runs after dead forward code is dropped and before
temporaries are inlined.  A loop that overwrites ``t = y * y`` each iteration
pushes the old ``t`` onto its tape and the backward loop pops it back; when
``t`` is cheap arithmetic on numbers the backward loop has restored by the
time it first reads ``t``, the backward loop computes it again instead.

Assumes: ``is_scalar_name(name)`` is true only of names holding one number;
``fresh(name)`` returns a name bound nowhere else.  Guarantees: the recomputed
value equals the popped one (its operands hold the same values at that point,
checked statement by statement); a value read after the backward loop, or
whose operands are restored only after its first read, is still saved.  The
``t = None`` start that only the removed push needed goes too.  The statements
given are not mutated.
"""

from __future__ import annotations

import ast
import copy

from ..fastast import copy_tree, walk
from .common import (depth, is_arithmetic, loop_target, pop_of, push_of, read_names,
                     renamed, stored_names)


def rematerialize(forward: list, backward: list, is_scalar_name, fresh) -> tuple:
    """Numbers a loop saves that are cheaper to compute again than to save.

    A loop that overwrites ``t = y * y`` each iteration pushes the old ``t`` onto
    its stack, and the backward loop pops it back.  When ``t`` is arithmetic on
    numbers whose values the backward loop has restored by the time it first
    reads ``t`` (the operands are not changed in the forward iteration before
    ``t`` is computed, and every restore of them comes before that read), the
    backward loop computes ``t`` again there instead (as ``fresh(t)``, a new
    name, so each value has one definition): no push, no pop.
    """
    forward, backward = list(forward), list(backward)
    gone = []  # ``t = None`` starts no push needs any more, dropped at the end
    for i, loop in enumerate(forward):
        if not isinstance(loop, (ast.For, ast.While)):
            continue
        for name, stack, push, expr, changed in _saved_numbers(loop, is_scalar_name):
            j, back = _backward_loop(backward, name, stack)
            if back is None or (read_names(expr) & loop_target(loop)
                                and loop_target(back) != loop_target(loop)):
                continue
            if any(name in read_names(s) for s in backward[j + 1:]):
                continue  # read after the loop: the popped value matters there
            body = _remat_body(back.body, name, stack, expr, fresh, changed)
            if body is None:
                continue
            back = copy.copy(back)
            back.body = body
            backward[j] = back
            loop = copy.copy(loop)
            loop.body = [s for s in loop.body if s is not push]
            forward[i] = loop
            gone += _unbound_start(forward, i, name, backward)
    return [s for s in forward if not any(s is g for g in gone)], backward


def _unbound_start(forward, i, name, backward) -> list:
    """``[t = None]``: the start before the loop that only the removed push needed,
    or ``[]`` when ``t`` is read elsewhere (or has no such start)."""
    starts = [s for s in forward[:i] if isinstance(s, ast.Assign)
              and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name
              and isinstance(s.value, ast.Constant) and s.value.value is None]
    if len(starts) != 1:
        return []
    elsewhere = [s for k, s in enumerate(forward) if k != i] + backward
    if any(name in read_names(s) for s in elsewhere):
        return []
    return starts


def _saved_numbers(loop, is_scalar_name):
    """``(name, stack, push, expr)`` for ``stack.append(name)`` then ``name = expr`` at
    the top of the loop's body, ``expr`` arithmetic on numbers not yet changed."""
    target = loop_target(loop)
    body = loop.body
    if not any(push_of(stmt) is not None for stmt in body):
        return
    stored = [stored_names(s) for s in body]  # (each statement walked once, not once per push)
    stores = []  # per statement: name -> how many times it is a Store target
    for s in body:
        found = {}
        for n in walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                found[n.id] = found.get(n.id, 0) + 1
        stores.append(found)
    for k, stmt in enumerate(body):
        if push_of(stmt) is None:
            continue
        stack, name = push_of(stmt)
        defs = [(m, s) for m, s in enumerate(body) if name in stored[m]]
        if len(defs) != 1 or defs[0][0] <= k or not isinstance(defs[0][1], ast.Assign):
            continue
        m, define = defs[0]
        if sum(found.get(name, 0) for found in stores[k + 1:]) != 1:
            continue
        expr = define.value
        operands = read_names(expr)
        if not (is_arithmetic(expr) and operands and depth(expr) <= 3
                and all(is_scalar_name(o) or o in target for o in operands)):
            continue
        if any(operands & names for names in stored[:m]):
            continue  # an operand changed earlier in the iteration
        # operands the iteration changes later: the backward loop must restore them
        changed = {o for o in operands if any(o in names for names in stored[m + 1:])}
        yield name, stack, stmt, expr, changed


def _backward_loop(backward, name, stack):
    for j, stmt in enumerate(backward):
        if isinstance(stmt, ast.For) and any(_is_pop(s, name, stack) for s in stmt.body):
            return j, stmt
    return None, None


def _is_pop(stmt, name, stack) -> bool:
    return pop_of(stmt) == (stack, name)


def _remat_body(body, name, stack, expr, fresh, changed=frozenset()):
    """The backward loop body computing ``name`` again, or None if that is not safe.

    ``changed`` are operands the forward iteration overwrites after computing
    ``name``: the backward body must restore each of them before it reads ``name``
    (else it would compute ``name`` from their later values)."""
    pops = [s for s in body if _is_pop(s, name, stack)]
    if len(pops) != 1:
        return None
    rest = [s for s in body if s is not pops[0]]
    if any(name in stored_names(s) for s in rest):
        return None
    readers = [r for r, s in enumerate(rest) if name in read_names(s)]
    if not readers:
        return None
    first = readers[0]
    operands = read_names(expr)
    if any(operands & stored_names(s) for s in rest[first:]):
        return None  # an operand is restored only after the first read
    if not all(any(o in stored_names(s) for s in rest[:first]) for o in changed):
        return None  # an operand holds a later iteration's value, never restored
    new = fresh(name)
    again = ast.Assign([ast.Name(new, ast.Store())], copy_tree(expr))
    return rest[:first] + [again] + [renamed(s, {name: new}) for s in rest[first:]]
