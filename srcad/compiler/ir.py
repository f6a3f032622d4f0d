"""The few statement kinds srcad adds to Python's AST for its own passes.

They are ordinary AST nodes with explicit fields (no hidden annotations), so
every pass can walk, copy and rename them like any other statement.
"""

import ast


class Comment(ast.stmt):
    """A ``# comment`` line in generated code."""

    _fields = ('text',)


class ForRange(ast.stmt):
    """``for target in range_:`` where ``range_`` names a ``range`` object.

    Every ``for`` loop is lowered to this shape, so the backward sweep can
    replay the indices in reverse instead of storing them.  ``counter`` names
    the count of iterations started when the loop can be left early (break,
    return), else it is None and the whole range is replayed.
    """

    _fields = ('target', 'range_', 'counter', 'body')


class WhileLoop(ast.stmt):
    """``while test:`` whose iterations are counted in ``counter``."""

    _fields = ('test', 'counter', 'body')


class Exit(ast.stmt):
    """Leave the function here (a ``return`` after its value was stored)."""

    _fields = ()
