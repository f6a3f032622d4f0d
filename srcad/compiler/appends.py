"""``obj.attr.append(v)`` and ``d[k].append(v)``: appending to a list held in an object
or a dict the function builds (``self.history.append(loss)`` in a method written out
where it is called, ``hist['loss'].append(loss)``).

For a list, ``xs.append(v)`` is ``xs += [v]``: Python extends the list in place and
stores the same list back.  srcad compiles the statement as exactly that augmented
assignment, whose lowering already models both halves: the new value stored
(``obj = set_attribute(obj, 'attr', join_add(t, [v], True))``,
:mod:`srcad.compiler.attributes`; ``d = setitem(d, k, ...)`` for a dict entry), and the
change of the list in place, which the mutation check refuses where another name for the
list is read afterwards (:mod:`srcad.compiler.element_writes`).  A check when the code
runs (:func:`srcad.runtime.indexing.list_only`) refuses any other receiver (a deque, an
array): there ``append`` and ``+=`` mean different things.

The object must be one whose attributes srcad may assign (built here:
:func:`srcad.compiler.attributes.construction_refusal`); a dict entry's container must be
a local of the function (not a parameter: the caller's list would change).
"""

from __future__ import annotations

import ast

from ..errors import UnsupportedSyntaxError
from ..rules.registry import nondifferentiable
from ..runtime.indexing import list_only
from .names import bindings

nondifferentiable(list_only, why='a check: no value, no derivative')


def lower_entry_append(flat, value, out) -> bool:
    """Emit ``obj.attr.append(v)`` / ``d[k].append(v)`` (the statement's ``value``) as
    ``obj.attr += [v]`` / ``d[k] += [v]`` after a check that the receiver is a list; False
    (nothing emitted) for any other statement."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and value.func.attr == 'append' and len(value.args) == 1 and not value.keywords
            and not isinstance(value.args[0], ast.Starred)):
        return False
    receiver = value.func.value
    if not (isinstance(receiver, (ast.Attribute, ast.Subscript))
            and isinstance(receiver.value, ast.Name) and receiver.value.id in flat.local):
        return False
    base = receiver.value.id
    params, others, made = _bindings(flat)
    if isinstance(receiver, ast.Attribute) and base in params:
        raise UnsupportedSyntaxError(
            f'.append(...) changes an attribute of {base!r}, an argument, in place; a gradient '
            f'call must leave its arguments as they were', flat.src.location(value),
            'build a new value and return it, or keep the state outside the '
            'differentiated function')
    if isinstance(receiver, ast.Attribute):
        from .attributes import _check_write  # (refused as obj.attr = ... would be)
        write = ast.copy_location(ast.Attribute(ast.Name(base, ast.Load()), receiver.attr,
                                                ast.Store()), receiver)
        _check_write(flat.src, write, params, others, made)
    elif base in params or not isinstance(receiver.slice, (ast.Constant, ast.Name)):
        return False  # (the caller's list; a key computed twice: left as a method call)
    text = ast.unparse(receiver)
    load = _loaded(receiver)
    entry = flat.expr(load, out)
    from .classes import _helper
    check = ast.Call(_helper(flat, list_only), [entry, ast.Constant(text),
                                               ast.Constant(value.lineno)], [])
    out.append(ast.copy_location(ast.Expr(check), value))
    extended = ast.List([value.args[0]], ast.Load())
    target = _stored(receiver)
    stmt = ast.copy_location(ast.AugAssign(target, ast.Add(), extended), value)
    ast.fix_missing_locations(stmt)
    flat.stmt_AugAssign(stmt, out)
    return True


def _bindings(flat):
    found = getattr(flat, '_append_bindings', None)
    if found is None:
        found = flat._append_bindings = bindings(flat.tree)
    return found


def _loaded(node):
    """A copy of ``node`` (``obj.attr`` / ``d[k]``) read."""
    if isinstance(node, ast.Attribute):
        return ast.copy_location(ast.Attribute(node.value, node.attr, ast.Load()), node)
    return ast.copy_location(ast.Subscript(node.value, node.slice, ast.Load()), node)


def _stored(node):
    """A copy of ``node`` (``obj.attr`` / ``d[k]``) as a target."""
    if isinstance(node, ast.Attribute):
        return ast.copy_location(ast.Attribute(node.value, node.attr, ast.Store()), node)
    return ast.copy_location(ast.Subscript(node.value, node.slice, ast.Store()), node)
