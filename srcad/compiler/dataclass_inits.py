"""Dataclasses built in the differentiated function with defaults or ``__post_init__``.

``L = Layer(W)`` of ``@dataclass class Layer: W; b = field(default_factory=...);
act: str = 'tanh'; def __post_init__(self): self.n_out = self.W.shape[1]``: srcad
compiles the call in place as the generated ``__init__`` runs it -- the arguments, then
``L = new_object(Layer)``, one attribute write per field in field order (the argument,
the constant default, or the default factory called), then ``__post_init__``'s
statements with ``self`` read as ``L`` (under the rules of
:func:`srcad.compiler.classes.init_plan`).  Each write is an attribute write of an
object built here (:mod:`srcad.compiler.attributes`), so derivatives flow by attribute
name, as for plain classes.

A dataclass built from every field, without ``__post_init__``, stays a record built from
its fields (:mod:`srcad.compiler.resolve_calls`).  Reads of an attribute that is no field
``__init__`` takes (``L.n_out``) become :func:`own_attribute`, keyed by name like the
attributes written here (the field rule refuses them: on a dataclass passed in, such an
attribute is computed from the fields, and its derivative would not reach them).
"""

from __future__ import annotations

import ast
import copy
import dataclasses
import inspect
import types

from ..errors import RuntimeCheckError
from ..rules.registry import adjoint, linear, register_helpers
from ..rules.python import attribute_writes as aw
from ..runtime import AdjointDict, _zeros_like
from .names import assigned_names

_CONSTANTS = (int, float, complex, str, bool, bytes, type(None))
_LITERAL_FACTORIES = {list: ast.List([], ast.Load()), dict: ast.Dict([], []),
                      tuple: ast.Tuple([], ast.Load())}


def in_place_dataclass(cls) -> bool:
    """A user's dataclass srcad may build attribute by attribute (its generated
    ``__init__``, not frozen, no slots, no ``InitVar``, attributes assigned plainly)."""
    if not aw.plain_dataclass(cls) or str(cls.__module__ or '').split('.')[0] in aw._LIBRARIES:
        return False
    params = cls.__dataclass_params__
    init = vars(cls).get('__init__')
    return (params.init and not params.frozen and isinstance(init, types.FunctionType)
            and init.__code__.co_filename == '<string>'  # (the one dataclass generated)
            and len(cls.__dataclass_fields__) == len(dataclasses.fields(cls)))


def needs_in_place(cls, call: ast.Call) -> bool:
    """Whether ``cls(...)`` is built in place here: a ``__post_init__``, or a field left
    to its default."""
    if hasattr(cls, '__post_init__'):
        return True
    given = len(call.args) + len(call.keywords)
    return given < len([f for f in dataclasses.fields(cls) if f.init])


def lower(flat, name: str, cls, call: ast.Call, out, tools) -> bool:
    """``name = cls(...)`` written out (see the module docstring); False (nothing emitted)
    when the call is not one srcad writes out so.  ``tools``: :mod:`.classes`'s
    ``init_plan``, ``_Renamer``, ``_located``, ``_helper`` and :mod:`.attributes`'s
    ``lower_store``, passed in by the caller (this module imports neither back)."""
    init_plan, renamer, located, helper, lower_store = tools
    if any(isinstance(a, ast.Starred) for a in call.args) or any(
            kw.arg is None for kw in call.keywords):
        return False
    try:
        bound = inspect.signature(cls).bind(*call.args, **{kw.arg: kw.value
                                                           for kw in call.keywords})
    except TypeError:
        return False  # (Python's TypeError when it runs: left as a call)
    fields = dataclasses.fields(cls)
    values = {}
    for f in fields:
        if f.name in bound.arguments:
            values[f.name] = bound.arguments[f.name]
            continue
        if not f.init and f.default is dataclasses.MISSING \
                and f.default_factory is dataclasses.MISSING:
            continue  # (never set by __init__)
        default = _default(f, lambda fn: _factory_call(flat, fn))
        if default is None:
            return False
        values[f.name] = default
    post = _post_init(flat, cls, call, init_plan)
    if isinstance(post, str):
        return False
    temps = {}
    for f in fields:  # the arguments, evaluated at the call (defaults: at __init__)
        if f.name in values and f.name in bound.arguments:
            temps[f.name] = flat.namer.fresh(f'{cls.__name__.lower()}_{f.name}')
            flat.into(temps[f.name], values[f.name], out)
    flat.local.update(temps.values())
    out.append(ast.copy_location(ast.Assign(
        [ast.Name(name, ast.Store())], ast.Call(helper(flat, aw.new_object), [call.func], [])),
        call))
    for f in fields:
        if f.name not in values:
            continue
        value = ast.Name(temps[f.name], ast.Load()) if f.name in temps else values[f.name]
        target = ast.copy_location(ast.Attribute(ast.Name(name, ast.Load()), f.name,
                                                 ast.Store()), call)
        lower_store(flat, target, flat.expr(value, out), out)  # name = set_attribute(...)
    if post is not None:
        _write_post_init(flat, name, cls, post, call, out, renamer, located)
    return True


def refusal(src, cls, call, init_plan):
    """Why ``cls(...)`` of a dataclass srcad would build in place is not (a string with
    a ``hint``), or None."""
    for f in dataclasses.fields(cls):
        if (f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING) \
                and _default(f, lambda fn: _factory_call(_Reader(src), fn)) is None and not any(
                    kw.arg == f.name for kw in call.keywords):
            return (f'srcad cannot differentiate {cls.__name__}(...): the default of its field '
                    f'{f.name!r} is neither a constant nor made by a function of the user\'s '
                    f'without closure', f'pass {f.name}= explicitly')
    method = getattr(cls, '__post_init__', None)
    if method is not None:
        plan = init_plan(src, cls, ast.copy_location(ast.Call(call.func, [], []), call),
                         init=method)
        if isinstance(plan, str):
            why = plan.replace(f'{cls.__name__}.__init__', f'{cls.__name__}.__post_init__')
            return f'srcad cannot differentiate {cls.__name__}(...): {why}', plan.hint
    return None


class _Reader:
    """What :func:`_factory_call` reads of the flattener, for :func:`refusal`."""

    def __init__(self, src):
        self.src, self.local = src, frozenset()


def _factory_call(flat, fn):
    """The expression of ``fn()`` for a default factory of the function's own module: a
    lambda's body (``np.zeros(2)``), or a call of the module's global of that name; None
    for another."""
    if fn.__globals__ is not flat.src.globals or fn.__code__.co_argcount:
        return None
    if fn.__name__ != '<lambda>':
        if flat.src.globals.get(fn.__name__) is not fn or fn.__name__ in flat.local:
            return None
        return ast.Call(ast.Name(fn.__name__, ast.Load()), [], [])
    from .parse import read_function
    try:
        tree = read_function(fn).tree
    except Exception:  # noqa: BLE001  (no source: not written out)
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Return) or any(
            isinstance(n, ast.Name) and n.id in flat.local for n in ast.walk(tree)):
        return None  # (its globals shadowed by the function's own names)
    return copy.deepcopy(tree.body[0].value)


def _default(f, helper):
    """The expression of field ``f``'s default (a constant, or its factory called), or
    None when it is neither srcad can write."""
    if f.default is not dataclasses.MISSING:
        value = f.default
        if isinstance(value, _CONSTANTS) or isinstance(value, tuple) and all(
                isinstance(v, _CONSTANTS) for v in value):
            return ast.Constant(value)
        return None
    factory = f.default_factory
    if factory in _LITERAL_FACTORIES:
        return _LITERAL_FACTORIES[factory]
    if isinstance(factory, types.FunctionType) and not factory.__code__.co_freevars:
        return helper(factory)
    return None


def _post_init(flat, cls, call, init_plan):
    """``(body, self name)`` of ``cls.__post_init__`` to write out, None without one, or
    why not (a string)."""
    method = getattr(cls, '__post_init__', None)
    if method is None:
        return None
    plan = init_plan(flat.src, cls, ast.copy_location(ast.Call(call.func, [], []), call),
                     init=method)
    if isinstance(plan, str):
        return plan
    body, self_name, params, _, _ = plan
    if params:
        return 'its __post_init__ takes InitVar parameters'
    return body, self_name


def _write_post_init(flat, name, cls, post, call, out, renamer, located) -> None:
    body, self_name = post
    rename = {self_name: name}
    for local in sorted(assigned_names(body) - {self_name}):
        rename[local] = flat.namer.fresh(f'{cls.__name__.lower()}_{local}')
    flat.local.update(rename.values())
    for stmt in body:
        out.extend(flat.statement(renamer(rename).visit(located(stmt, call))))


def own_attributes(cls) -> set:
    """The attributes of ``cls``'s objects that are no field ``__init__`` takes: its
    ``init=False`` fields and what its ``__post_init__`` assigns on ``self``."""
    out = {f.name for f in dataclasses.fields(cls) if not f.init}
    post = getattr(cls, '__post_init__', None)
    code = getattr(post, '__code__', None)
    if code is not None and code.co_varnames:
        from .class_inits import _tree
        tree = _tree(post)
        self_name = code.co_varnames[0]
        out |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                and isinstance(n.ctx, ast.Store) and isinstance(n.value, ast.Name)
                and n.value.id == self_name} if tree is not None else set()
    return out - {f.name for f in dataclasses.fields(cls) if f.init}


def own_read(node: ast.Attribute, found, helper):
    """``L.n_out`` of a dataclass ``L`` built here (``found``: what
    :func:`srcad.compiler.classes._class_of` says of ``L``), ``n_out`` no field ``__init__``
    takes: the call ``own_attribute(L, 'n_out')`` (``helper`` names the function); None for
    any other read."""
    if found is None or not in_place_dataclass(found[0]):
        return None
    cls = found[0]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    if node.attr in fields and fields[node.attr].init or node.attr not in fields \
            and inspect.getattr_static(cls, node.attr, None) is not None:
        return None  # (a field, a method, a property, a class attribute: as before)
    return ast.copy_location(ast.Call(helper(own_attribute),
                                      [node.value, ast.Constant(node.attr)], []), node)


# -- the rule of own_attribute ----------------------------------------------------------
def own_attribute(x, name):
    """``x.name``, an attribute an object built in the function holds in its ``__dict__``."""
    if name not in getattr(x, '__dict__', {}):
        raise RuntimeCheckError(f'srcad reads .{name} of a {type(x).__name__} built in the '
                                f'function as its own attribute, which it does not hold',
                                hint='assign the attribute in __post_init__ or after building')
    return x.__dict__[name]


def unown(g, x, name):
    """The adjoint of ``x`` in ``own_attribute(x, name)``: ``g`` at ``name``."""
    out = AdjointDict({name: g})
    out.of = x
    return out


def own_tangent(dot, x, name):
    """The tangent of ``own_attribute(x, name)``: the same attribute of ``x``'s tangent."""
    if dot is None or type(dot) in (int, float) and dot == 0:
        return _zeros_like(x.__dict__[name])
    if isinstance(dot, dict):
        return dot[name] if name in dot else _zeros_like(x.__dict__[name])
    if type(dot) is type(x):
        return dot.__dict__[name]
    raise RuntimeCheckError(f'srcad received a tangent of type {type(dot).__name__} for a '
                            f'{type(x).__name__}', hint='report this as a bug in srcad')


register_helpers({f.__name__: f for f in (own_attribute, unown, own_tangent)})
adjoint(own_attribute, 'x, name', x='unown(g, x, name)',
        tangent=dict(x='own_tangent(dot, x, name)'),
        constants=dict(name='the name of an attribute'))
linear(unown, 'g', signature='g, x, name',
       constants=dict(x='the object, read only for its identity', name='the name of an '
                      'attribute'))
