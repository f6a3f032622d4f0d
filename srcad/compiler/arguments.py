"""Nothing the user passed in may change: the containers a function changes in place
are copied when it starts, and changes srcad cannot copy are refused.

``xs.append(v)`` becomes :func:`srcad.runtime.list_append`, which builds a new
list; ``xs.pop()`` becomes ``list_pop``, which changes its list in place, as do
``xs.insert``, ``d.update``...  When a function does that to anything, its list, tuple and dict
arguments are first replaced by copies of their nesting
(:func:`srcad.runtime.copy_containers`, whose derivative is the identity), so a
gradient, a jvp or a Hessian never lengthens or reorders the caller's lists.
An object's state (``self.history.append(x)``) cannot be copied: that is refused.
"""

from __future__ import annotations

import ast

from .. import runtime
from ..errors import UnsupportedSyntaxError
from .fastast import walk

#: methods of lists and dicts that change them in place
CONTAINER_METHODS = {'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'sort', 'reverse',
                     'update', 'setdefault', 'popitem', '__setitem__', '__delitem__'}
_IN_PLACE_HELPERS = (runtime.list_pop,)


def protect(norm, src) -> list:
    """The normalized body, starting with copies of the container arguments when some
    statement changes a container in place; refuses changes to an argument's attributes."""
    body = norm.tree.body
    in_place = {name for name, fn in norm.helpers.items() if fn in _IN_PLACE_HELPERS}
    # names holding (part of) an argument: whether reached through an attribute
    parts = {p: (p, False) for p in norm.params}

    def reached(node):
        """(the argument, through an attribute?) that ``node`` is part of, or None."""
        through = False
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            through = through or isinstance(node, ast.Attribute)
            node = node.value
        if isinstance(node, ast.Name) and node.id in parts:
            param, before = parts[node.id]
            return param, through or before
        return None
    changes = False
    for node in _walk(body):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                and isinstance(node.targets[0], ast.Name) \
                and isinstance(node.value, (ast.Attribute, ast.Subscript, ast.Name)):
            found = reached(node.value)
            if found is not None:
                parts[node.targets[0].id] = found
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in in_place:
            changes = True
        elif isinstance(func, ast.Attribute) and func.attr in CONTAINER_METHODS:
            changes = True
            found = reached(func.value)
            if found is not None and found[1]:
                raise UnsupportedSyntaxError(
                    f'.{func.attr}(...) changes an attribute of {found[0]!r}, an argument, in '
                    f'place; a gradient call must leave its arguments as they were',
                    src.location(node),
                    'build a new value and return it, or keep the state outside the '
                    'differentiated function')
    if not changes or not norm.params:
        return body
    name = norm.namer.derive('', 'copy_containers')
    norm.helpers[name] = runtime.copy_containers
    first = body[0] if body else norm.tree
    copies = [ast.fix_missing_locations(ast.copy_location(ast.Assign(
        [ast.Name(p, ast.Store())], ast.Call(ast.Name(name, ast.Load()),
                                             [ast.Name(p, ast.Load())], [])), first))
        for p in norm.params]
    return copies + body


def _walk(stmts):
    for stmt in stmts:
        yield from walk(stmt)  # (contexts and operators left out)
