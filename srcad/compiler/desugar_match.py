"""``match`` as an ``if``/``elif`` chain (a rewrite of :mod:`.desugar`).

Lowered: literal patterns (``case 'l2':``, ``case 3:``, ``case -1.5:``, dotted
constants ``case Mode.FAST:``), ``None``/``True``/``False`` (compared with
``is``), alternatives ``case 'a' | 'b':``, a capture ``case name:`` or the
wildcard ``case _:``, ``as`` names, and guards ``case x if x > 0:``.  The
subject is evaluated once, into a fresh name.  Sequence, mapping and class
patterns are left to the language check, which refuses the ``match`` with the
hint to write it as ``if``/``elif``.
"""

from __future__ import annotations

import ast

MATCH = (ast.Match,) if hasattr(ast, 'Match') else ()


def is_match(stmt) -> bool:
    return bool(MATCH) and isinstance(stmt, MATCH)


def lower(owner, stmt):
    """The ``if`` chain for ``stmt``, or None when a pattern is not one of the above."""
    out = []
    subject = stmt.subject
    if not isinstance(subject, ast.Name):
        name = owner.fresh('subject')
        out.append(ast.copy_location(ast.Assign([ast.Name(name, ast.Store())], subject),
                                     subject))
        subject = ast.copy_location(ast.Name(name, ast.Load()), subject)
    chain = []
    for case in stmt.cases:
        test_binds = _pattern(case.pattern, subject)
        if test_binds is None:
            return None
        test, binds = test_binds
        body = [ast.copy_location(ast.Assign([ast.Name(n, ast.Store())], _load(v)), case.pattern)
                for n, v in binds]
        if case.guard is not None:
            # (the names bind before the guard runs, as in Python)
            guard = ast.If(case.guard, case.body, [])
            chain.append((test, body, [ast.copy_location(guard, case.guard)], case))
        else:
            chain.append((test, body, case.body, case))
    if not chain:
        return None
    # built from the last case back: a guard that fails goes on to the next case
    rest = []
    for test, binds, body, case in reversed(chain):
        if case.guard is not None:
            # if test: binds; if guard: body; else: rest   (rest written twice would run
            # twice as code, never twice at run time)
            guarded = body[0]
            guarded.orelse = _copy_all(rest)
            node = ast.If(test if test is not None else ast.Constant(True),
                          binds + [guarded], _copy_all(rest))
        elif test is None:
            node = None
            rest = binds + body
            continue
        else:
            node = ast.If(test, binds + body, rest)
        ast.copy_location(node, case.pattern)
        rest = [node]
    return out + (rest or [ast.copy_location(ast.Pass(), stmt)])


def _pattern(pattern, subject):
    """(test expression or None for always, [(name, value)]) or None if not lowered."""
    if isinstance(pattern, ast.MatchValue):
        return _at(ast.Compare(_load(subject), [ast.Eq()], [pattern.value]), pattern), []
    if isinstance(pattern, ast.MatchSingleton):
        return _at(ast.Compare(_load(subject), [ast.Is()], [ast.Constant(pattern.value)]),
                   pattern), []
    if isinstance(pattern, ast.MatchAs):
        inner = (None, []) if pattern.pattern is None else _pattern(pattern.pattern, subject)
        if inner is None:
            return None
        binds = inner[1] + ([(pattern.name, subject)] if pattern.name else [])
        return inner[0], binds
    if isinstance(pattern, ast.MatchOr):
        tests = []
        for p in pattern.patterns:
            found = _pattern(p, subject)
            if found is None or found[1]:  # (names bound in an alternative: not lowered)
                return None
            if found[0] is None:
                return None, []
            tests.append(found[0])
        return _at(ast.BoolOp(ast.Or(), tests), pattern), []
    return None


def _load(node):
    return ast.copy_location(ast.Name(node.id, ast.Load()), node)


def _at(new, old):
    return ast.copy_location(new, old)


def _copy_all(stmts):
    from .fastast import copy_tree
    return [copy_tree(s) for s in stmts]
