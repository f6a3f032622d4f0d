"""Passes on the finished function that save memory: tapes walked, arrays freed.

* :func:`walk_saved`: a backward loop that pops the one value per iteration its
  forward loop saved walks the saved list instead (``for y in reversed(stack):``);
* :func:`free_early`: ``del`` of big arrays right after their last use, so a
  function's peak memory stays near what the computation needs.

Both run last, on the whole function (forward then backward sweep).  Assumes:
``big(name)`` says a name holds a big array (any answer is safe).  Guarantees:
a loop is rewritten only when its stack gets exactly one push per iteration at
the top level of the forward loop body and the backward loop uses its index
for nothing but counting; only names bound at the top level (so surely bound
when deleted), read nowhere later, and not parameters are deleted, never just
before a ``return``.  The statements given are not mutated.
"""

from __future__ import annotations

import ast
import copy

from ..fastast import walk
from ..ir import Comment
from .common import each_statement, names_kept, pop_of, read_names, stack_call, stored_names


def walk_saved(forward: list, backward: list) -> list:
    """``for i in reversed(t1): y = stack.pop()`` as ``for y in reversed(stack):``.

    When a loop saves exactly one value per iteration on a stack of its own and
    the backward loop's only use of the index is to count, the backward loop
    can walk the saved values instead of popping them one by one.
    """
    backward = list(backward)
    pushes = None  # (counted when a backward loop pops first: straight-line code has none)
    for j, loop in enumerate(backward):
        if not (isinstance(loop, ast.For) and loop.body and not loop.orelse):
            continue
        lead = 0
        while lead < len(loop.body) and isinstance(loop.body[lead], Comment):
            lead += 1
        popped = pop_of(loop.body[lead]) if lead < len(loop.body) else None
        if popped is None:
            continue
        stack, value = popped
        if pushes is None:
            pushes = _pushes_per_stack(forward)
        if pushes.get(stack) != 1:
            continue  # one value per iteration, pushed at the top of the loop body
        rest = loop.body[:lead] + loop.body[lead + 1:]
        index = {n.id for n in walk(loop.target) if isinstance(n, ast.Name)}
        if any(stack in read_names(s) for s in rest) or any(
                index & (read_names(s) | stored_names(s)) for s in rest) or any(
                stack in read_names(s) for k, s in enumerate(backward) if k != j):
            continue
        new = copy.copy(loop)
        new.target = ast.Name(value, ast.Store())
        new.iter = ast.Call(ast.Name('reversed', ast.Load()), [ast.Name(stack, ast.Load())], [])
        new.body = rest if any(not isinstance(s, Comment) for s in rest) else \
            rest + [ast.Pass()]
        backward[j] = new
    return backward


def _pushes_per_stack(forward) -> dict:
    """stack -> how many values each iteration pushes, for stacks pushed only at the
    top level of loop bodies (so every iteration that runs pushes them)."""
    every, top = {}, {}
    for stmt in forward:
        for node in walk(stmt):
            stack = stack_call(node, 'append')
            if stack is not None:
                every[stack] = every.get(stack, 0) + 1
    for stmt in each_statement(forward):
        if isinstance(stmt, (ast.For, ast.While)):
            for s in stmt.body:
                stack = stack_call(getattr(s, 'value', None), 'append') \
                    if isinstance(s, ast.Expr) else None
                if stack is not None:
                    top[stack] = top.get(stack, 0) + 1
    return {name: n for name, n in top.items() if every.get(name) == n}


def free_early(stmts: list, big, params=(), memo: dict | None = None) -> list:
    """``del a, b`` after the statement that last reads big arrays.

    A function keeps every local alive until it returns; on big arrays that
    holds the peak memory well above what the computation needs.  Only names
    bound at the top level (surely bound when deleted), read nowhere later,
    and that ``big(name)`` says hold big arrays are freed; parameters stay.
    ``memo``: the statements' nodes (:func:`~srcad.compiler.fastast.walk_kept`).
    """
    top_bound, nested, reads = set(), set(), []
    for stmt in stmts:  # (one walk of each: what it binds or deletes, what it reads)
        read, stored = names_kept(stmt, memo)
        (top_bound if isinstance(stmt, ast.Assign) else nested).update(stored)
        reads.append(set(read))
    candidates = {n for n in top_bound - nested - set(params) if big(n)}
    last = {}
    for k, read in enumerate(reads):
        for name in read & candidates:
            last[name] = k
    dying = {}  # statement -> the names it reads last
    for name, at in last.items():
        dying.setdefault(at, []).append(name)
    out = []
    for k, stmt in enumerate(stmts):
        out.append(stmt)
        if isinstance(stmt, (ast.Return, Comment)):
            continue
        dead = sorted(dying.get(k, ()))
        if dead and k + 1 < len(stmts) and not isinstance(stmts[k + 1], ast.Return):
            out.append(ast.Delete([ast.Name(n, ast.Del()) for n in dead]))
    return out
