"""Attribute assignment on objects the differentiated function builds itself.

``state = SimpleNamespace(h=h0)`` then ``state.h = np.tanh(state.h)``: srcad compiles
the write as ``state = set_attribute(state, 'h', t)`` (:mod:`srcad.rules.python.attribute_writes`),
a new value for the name ``state``, as it compiles ``x[i] = v``; reads ``state.h`` are
the field reads of records.  That is Python's meaning exactly when no other name sees
the object: :mod:`srcad.compiler.mutation` refuses the write when another name for it (``s2 =
state``, a list holding it) is read afterwards.

:func:`check` (run by :mod:`srcad.compiler.validate`, before anything is compiled) accepts a
write ``obj.attr = v`` / ``obj.attr += v`` only when every binding of ``obj`` in the
function is ``obj = C(...)`` with ``C`` one of

- ``types.SimpleNamespace`` with keyword arguments,
- a dataclass that srcad builds from its fields (not frozen, no ``__post_init__``),
- a plain class (:func:`srcad.rules.python.attribute_writes.plain_class`) of the function's own
  module whose ``__init__`` only computes values and stores them in ``self``: srcad
  compiles such a call in place (:func:`lower_construction`), as ``obj =
  new_object(C)`` followed by ``__init__``'s statements on ``obj``.

A parameter (the caller's object would change), a global, a namedtuple (its fields
cannot be assigned), and anything else are refused with the reason.  ``obj.attr +=
v`` is ``obj.attr = obj.attr + v`` for a number; on an array (changed in place) it is
refused where another name for the array is read afterwards (:func:`lower_augmented`).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import types

from ..errors import UnsupportedSyntaxError
from .names import assigned_names
from . import classes, dataclass_inits
from .classes import (HINT, _Why, _helper, _why, bindings, global_object, construction_expr,
                      init_plan, method_call)
from ..rules.python import attribute_writes as aw

NESTED_HINT = ('build the inner object with its new values and assign it whole '
               '(s.inner = SimpleNamespace(h=...)), or compute the new value and return it')


def writable_targets(tree) -> set:
    """The ids of the ``name.attr`` targets of assignments (``=``, ``+=``, ``x: T = v``)."""
    found = set()

    def targets(t):
        if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name):
            found.add(id(t))
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                targets(e)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                targets(t)
        elif isinstance(node, ast.AugAssign) or isinstance(node, ast.AnnAssign) and node.value:
            targets(node.target)
    return found


def check(src) -> None:
    """Refuse the attribute writes of ``src`` that :func:`lower_store` cannot compile as
    Python means them (see the module docstring)."""
    tree = src.tree
    writes = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)
              and isinstance(n.ctx, ast.Store)]
    if not writes:
        return
    params, others, made = bindings(tree)
    for write in writes:
        _check_write(src, write, params, others, made)


def _check_write(src, write, params, others, made):
    name, attr = write.value.id, write.attr
    where = src.location(write)
    what = f'assigning {name}.{attr}'
    if name in params:
        raise UnsupportedSyntaxError(
            f'srcad does not support {what}: {name!r} is a parameter, and Python would '
            f'change the caller\'s object (a gradient call never changes its arguments)',
            where, HINT)
    if name in others:
        raise UnsupportedSyntaxError(
            f'srcad does not support {what}: {name!r} is bound here by something other '
            f'than a call that builds a new object (line {getattr(others[name], "lineno", "?")}), so another '
            f'name may share the object', where, HINT)
    if name not in made:
        raise UnsupportedSyntaxError(
            f'srcad does not support {what}: {name!r} is not built in {src.name} (a global '
            f'or a variable of an enclosing function)', where, HINT)
    for call in made[name]:
        why = construction_refusal(src, call, name, attr)
        if why is not None:
            raise UnsupportedSyntaxError(f'srcad does not support {what}: {why}', where,
                                         why.hint if isinstance(why, _Why) else HINT)


def construction_refusal(src, call: ast.Call, name='obj', attr='field'):
    """Why ``obj = call`` does not build an object whose attributes srcad may assign
    (None when it does)."""
    local = {a.arg for a in ast.walk(src.tree) if isinstance(a, ast.arg)} \
        | assigned_names(src.tree.body)
    cls = global_object(src, call.func, local)
    shown = ast.unparse(call.func)
    if cls is types.SimpleNamespace:
        if call.args or any(kw.arg is None for kw in call.keywords):
            return _why(f'{shown}(...) with positional or ** arguments',
                        'give each attribute by keyword: SimpleNamespace(h=..., c=...)')
        return None
    if isinstance(cls, type) and issubclass(cls, tuple) and hasattr(cls, '_fields'):
        return _why(f'{shown} is a namedtuple, whose fields cannot be assigned (Python '
                    f'raises AttributeError)', f'write {name} = {name}._replace({attr}=...)')
    if isinstance(cls, type) and hasattr(inspect.getattr_static(cls, attr, None), '__set__'):
        return _why(f'{shown}.{attr} is a property (or another descriptor) of the class, whose '
                    f'setter would run', 'store the value in a plain attribute')
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        if cls.__dataclass_params__.frozen:
            return _why(f'{shown} is a frozen dataclass (Python raises FrozenInstanceError)',
                        f'build a new one with every field: {name} = {shown}(...)')
        if dataclass_inits.in_place_dataclass(cls):
            return None  # (built in place when it must be: srcad/compiler/dataclass_inits.py)
        if hasattr(cls, '__post_init__') or not cls.__dataclass_params__.init \
                or '__slots__' in vars(cls):  # (as srcad.compiler.resolve builds records)
            return _why(f'srcad builds a dataclass from its fields only when it has no '
                        f'__post_init__, no own __init__ and no __slots__, and {shown} has',
                        'use a dataclass without __post_init__, or a SimpleNamespace')
        return None
    if aw.plain_class(cls):
        plan = init_plan(src, cls, call)
        return plan if isinstance(plan, str) else None
    return _why(f'srcad can assign the attributes of an object built here by '
                f'SimpleNamespace(...), a dataclass, or a plain class whose __init__ only '
                f'stores values in self, not of what {shown}(...) returns')


def lower_construction(flat, name: str, call, out) -> bool:
    """``obj = C(args)`` compiled in place: a plain class
    (:func:`srcad.compiler.classes.lower_construction`), or a dataclass with defaults left
    or a ``__post_init__`` (:mod:`srcad.compiler.dataclass_inits`).  False (nothing done)
    for any other call."""
    if isinstance(call, ast.Call):
        cls = global_object(flat.src, call.func, flat.local)
        if dataclass_inits.in_place_dataclass(cls) and dataclass_inits.needs_in_place(cls, call):
            tools = (init_plan, classes._Renamer, classes._located, _helper, lower_store)
            return dataclass_inits.lower(flat, name, cls, call, out, tools)
    return classes.lower_construction(flat, name, call, out)


def lower_store(flat, target: ast.Attribute, value, out) -> None:
    """``obj.attr = value`` becomes ``obj = set_attribute(obj, 'attr', value)``."""
    obj = target.value
    if not isinstance(obj, ast.Name):  # (validate refuses these first)
        raise UnsupportedSyntaxError('srcad does not support assigning an attribute of '
                                     f'{ast.unparse(obj)}', flat.src.location(target), HINT)
    call = ast.Call(_helper(flat, aw.set_attribute),
                    [ast.Name(obj.id, ast.Load()), ast.Constant(target.attr), value], [])
    flat.into(obj.id, ast.copy_location(call, target), out)


def lower_augmented(flat, stmt: ast.AugAssign, out) -> None:
    """``obj.attr += v`` becomes ``t = obj.attr; obj = set_attribute(obj, 'attr', t + v)``.

    That is Python's meaning for a number; on an array (or a list) Python changes the
    value ``obj.attr`` holds in place, seen through every other name for it (``y`` in
    ``o = Box(y)``).  The read ``t = obj.attr`` is noted as such a write, as the read
    ``t = xs[i]`` of ``xs[i] += v`` is (:mod:`srcad.compiler.element_writes`): the
    mutation check refuses it when another name for the value is read afterwards (or
    checks the value's type when the code runs), and accepts it when nothing else
    refers to the value (``state.h = np.zeros(3); state.h += dh``)."""
    target = stmt.target
    read = ast.copy_location(ast.Attribute(target.value, target.attr, ast.Load()), target)
    element = flat.expr(read, out)
    for done in reversed(out):
        if isinstance(done, ast.Assign) and isinstance(element, ast.Name) \
                and isinstance(done.targets[0], ast.Name) and done.targets[0].id == element.id:
            flat.in_place_marks.append((done, None, (type(stmt.op), ast.unparse(target))))
            break
    value = ast.copy_location(ast.BinOp(element, stmt.op, stmt.value), stmt)
    if isinstance(element, ast.Name):  # an array keeps its dtype and shape, as NumPy's +=
        symbol = ast.unparse(ast.BinOp(element, stmt.op, element)).split()[1]  # ('+')
        value = ast.copy_location(ast.Call(flat.runtime('inplace_result'), [
            value, element, ast.Constant(symbol)], []), stmt)  # (srcad/runtime/dtypes.py)
    lower_store(flat, target, value, out)


__all__ = ['check', 'writable_targets', 'lower_store', 'lower_augmented',
           'lower_construction', 'method_call', 'HINT']
