"""Objects the function builds, given to an operator or a NumPy function: refused.

``p = Vec(w)`` compiles attribute by attribute (:mod:`srcad.compiler.attributes`),
so srcad knows ``p`` is an instance of the user's plain class (or a dataclass, a
``SimpleNamespace`` built from its fields).  ``1.0 + p``,
``p * q``, ``np.sum(p)`` or ``float(p)`` then run the class's own ``__radd__``,
``__mul__``, ``__array__``, ``__float__``: Python code srcad does not
differentiate.  Their derivative is unknown, so both emitters refuse such a
statement when it is compiled, at the user's line (an adjoint that merely passed
through ``+`` was silently wrong for a nonlinear ``__radd__``).  What stays
allowed is what srcad does know for objects: reading and assigning attributes,
calling the user's functions and methods, and holding objects in containers
(srcad's own helpers).

Objects known only when the code runs (returned by another function) are
checked there instead (:mod:`srcad.runtime.objects`).
"""

from __future__ import annotations

import ast
import dataclasses
import types

import numpy as np

from ..errors import NoRuleError
from .ir import ForRange, WhileLoop

#: rules building a plain object, and the modules whose functions take one as is
_BUILDERS = ('set_attribute', 'new_object')
_ALLOWED_MODULES = ('srcad', 'copy')
_SYMBOLS = {'Add': '`+`', 'Sub': '`-`', 'Mult': '`*`', 'Div': '`/`', 'FloorDiv': '`//`',
            'Mod': '`%`', 'Pow': '`**`', 'MatMult': '`@`', 'USub': 'unary `-`',
            'UAdd': 'unary `+`'}


class Names(frozenset):
    """:func:`object_names`' answer; ``special`` are the names of ``np.matrix`` and
    masked arrays the function makes (``M = np.matrix(A)``)."""

    special = frozenset()


def _special_maker(callee) -> bool:
    """``np.matrix``, ``np.asmatrix``, ``np.bmat`` or a function of ``np.ma``: they make
    arrays whose operators are not NumPy's for plain ndarrays."""
    if callee is np.matrix or callee is np.ma.MaskedArray or \
            callee in (getattr(np, 'asmatrix', None), getattr(np, 'bmat', None)):
        return True
    return str(getattr(callee, '__module__', '') or '').startswith('numpy.ma')


def object_names(body: list, resolver) -> frozenset:
    """The names some assignment in ``body`` gives an object the function builds (or
    a copy of one); their :class:`Names` also has the matrices it makes."""
    found, copies, special = set(), [], set()
    stack = list(body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.If):
            stack += stmt.body + stmt.orelse
        elif isinstance(stmt, (ForRange, WhileLoop)):
            stack += stmt.body
        elif isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            name, value = stmt.targets[0].id, stmt.value
            if isinstance(value, ast.Name):
                copies.append((name, value.id))
            elif isinstance(value, ast.Call):
                op = resolver.op(value)
                if op.kind == 'rule' and getattr(op.rule.fn, '__name__', None) in _BUILDERS \
                        and _own(op.rule.fn) or op.kind == 'pack' and _record(op.callee):
                    found.add(name)
                elif _special_maker(op.rule.fn if op.kind == 'rule' else op.callee):
                    special.add(name)
    grew = True
    while grew:  # (copies in any order: a loop may copy before the build in program order)
        grew = False
        for name, source in copies:
            for names in (found, special):
                if source in names and name not in names:
                    names.add(name)
                    grew = True
    out = Names(found)
    out.special = frozenset(special)
    return out


def _record(cls) -> bool:
    """A dataclass or a SimpleNamespace built from its fields (not a namedtuple: a tuple)."""
    return isinstance(cls, type) and (cls is types.SimpleNamespace
                                      or dataclasses.is_dataclass(cls))


def _own(fn) -> bool:
    return str(getattr(fn, '__module__', '') or '').split('.')[0] in _ALLOWED_MODULES


def check(emitter, stmt, op, objects: frozenset) -> None:
    """Refuse ``stmt`` when a differentiated input of its rule (an operator, a NumPy or
    builtin function) is an object the function built."""
    if op.kind != 'rule' or not objects and not getattr(objects, 'special', None) \
            or _own(op.rule.fn):
        return
    for atom in op.differentiable_inputs.values():
        if isinstance(atom, ast.Name) and atom.id in getattr(objects, 'special', ()):
            what = _SYMBOLS.get(op.rule.name, op.rule.name)
            raise NoRuleError(
                f'{what} of {atom.id}, an np.matrix or a masked array made in '
                f'{emitter.src.name}, with a differentiated value: a matrix\'s * is a '
                f'matrix product, a masked array\'s operations skip its masked entries, '
                f"and srcad's rules are NumPy's for plain ndarrays",
                emitter.src.location(stmt),
                'make a plain array (np.array(...), np.asarray(...), m.filled(value)) and '
                'write the product with @, the mask with np.where')
        if isinstance(atom, ast.Name) and atom.id in objects \
                and atom.id in emitter.activity.varied:
            what = _SYMBOLS.get(op.rule.name, op.rule.name)
            raise NoRuleError(
                f'{what} of an object built in {emitter.src.name} (an instance of '
                f'your class): the derivative of its own operator or conversion '
                f'(__add__, __radd__, __mul__, __array__, __float__...) is unknown to srcad',
                emitter.src.location(stmt),
                'call a plain method of the class (its source is differentiated), or '
                'compute with the arrays it holds (its attributes)')
