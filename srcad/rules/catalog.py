"""What the built-in rule library covers: names, counts and the Markdown list.

``python -m srcad.rules`` prints the count, ``python -m srcad.rules --markdown``
the list kept in ``docs/functions.md``; a test keeps that file in sync.
Rules registered by users (or by tests) are not part of the catalog: only
callables that live in NumPy, SciPy, Python's builtins or srcad itself are.
"""

from __future__ import annotations

import ast
import builtins
import functools
import math
import sys
import types

import numpy as np

from . import registry

_NAMESPACES = [('np', np), ('np.linalg', np.linalg), ('np.fft', np.fft),
               ('np.random', np.random), ('', builtins),
               ('math', math),
               # (only what is not in np itself: np.broadcast_to keeps one name)
               ('np.lib.stride_tricks', types.SimpleNamespace(
                   sliding_window_view=np.lib.stride_tricks.sliding_window_view))]


def _scipy_namespaces() -> list:
    """SciPy's namespaces, once the program has imported SciPy (srcad does not import
    it first: it takes longer than importing srcad)."""
    if 'scipy' not in sys.modules:
        return []
    import importlib
    out = []
    for name in SCIPY_MODULES:
        try:
            out.append((name, importlib.import_module(name)))
        except ImportError:  # pragma: no cover
            pass
    return out


#: the SciPy modules whose functions rules may cover (listed in this order)
SCIPY_MODULES = ('scipy.special', 'scipy.linalg', 'scipy.signal', 'scipy.stats',
                 'scipy.integrate', 'scipy.ndimage', 'scipy.spatial.distance', 'scipy.fft',
                 'scipy.optimize')

_SECTIONS = {'np': 'NumPy', 'np.linalg': 'numpy.linalg', 'np.fft': 'numpy.fft',
             'np.random': 'numpy.random (reparameterised draws: see below)',
             **{m: f'{m} (when SciPy is installed)' for m in SCIPY_MODULES},
             '': 'Python builtins', 'math': 'Python math module'}


def _names_by_id() -> dict:
    """id(object) -> the public names it has in the namespaces srcad's rules cover."""
    return _index('scipy' in sys.modules)


@functools.lru_cache(maxsize=None)
def _index(with_scipy: bool) -> dict:
    index = {}
    for prefix, module in _NAMESPACES + (_scipy_namespaces() if with_scipy else []):
        for attr, obj in sorted(vars(module).items()):
            if not attr.startswith('_'):
                index.setdefault(id(obj), []).append(f'{prefix}.{attr}' if prefix else attr)
    return index


def public_names(fn) -> list[str]:
    """Every public name under which ``fn`` is reachable, its own name first
    (``np.absolute``, then ``np.abs``)."""
    owner = getattr(fn, '__self__', None)
    if isinstance(owner, np.ufunc):   # a ufunc's method: np.maximum.accumulate
        return [f'{name}.{fn.__name__}' for name in public_names(owner)]
    if owner is not None and str(type(owner).__module__).startswith('scipy.stats'):
        from .scipy.stats import public_name   # scipy.stats.norm.logpdf, a bound method
        return [public_name(fn)] if public_name(fn) else []
    own = getattr(fn, '__name__', None)
    if isinstance(getattr(fn, 'srcad_public_name', None), str):  # np.r_[...]: r_concat
        return [fn.srcad_public_name]
    names = _names_by_id().get(id(fn), [])
    return sorted(names, key=lambda n: n.rsplit('.', 1)[-1] != own)


def _is_builtin(key, rule) -> bool:
    if isinstance(key, type) and issubclass(key, ast.AST):
        return True
    module = str(getattr(rule.fn, '__module__', '') or '')
    return module.startswith('srcad.') or bool(public_names(rule.fn))


def builtin_rules() -> dict:
    """The rules srcad ships (operators included), keyed like :data:`registry.RULES`."""
    from .scipy import loader
    loader.load()  # (imports SciPy: the catalog lists everything)
    return {key: rule for key, rule in registry.RULES.items() if _is_builtin(key, rule)}


def differentiable_functions() -> dict:
    """Public name -> rule for every differentiable library function (aliases merged).

    Functions with only a forward rule (``np.polyder``, which srcad needs to
    differentiate the gradient of ``np.polyval`` again) are not listed: the
    list is of what ``grad`` differentiates.
    """
    out = {}
    for key, rule in builtin_rules().items():
        names = public_names(rule.fn)
        if rule.adjoints and names:
            out[names[0]] = rule
    return dict(sorted(out.items(), key=lambda kv: kv[0].lower()))


def differentiable_methods() -> list[str]:
    """Names of ndarray methods (``x.sum()``...) whose function has a derivative rule."""
    return sorted(name for name, fn in registry.METHODS.items()
                  if (rule := registry.lookup(fn)) is not None and rule.differentiable)


def counts() -> dict:
    """How many differentiable callables there are, by kind."""
    functions = differentiable_functions()
    python = [n for n in functions if _section(n) in ('', 'math')]
    return {'numpy_scipy_functions': len(functions) - len(python),
            'ndarray_methods': len(differentiable_methods()),
            'python_builtins': len(python),
            'operators': sum(1 for k, r in builtin_rules().items()
                             if isinstance(k, type) and r.adjoints and issubclass(k, ast.AST))}


def summary() -> str:
    """One line: the number of differentiable NumPy/SciPy callables, and the rest."""
    c = counts()
    total = c['numpy_scipy_functions'] + c['ndarray_methods']
    return (f"{total} differentiable NumPy/SciPy callables "
            f"({c['numpy_scipy_functions']} functions + {c['ndarray_methods']} ndarray methods), "
            f"plus {c['python_builtins']} Python builtins and math functions "
            f"and {c['operators']} operators")


def _section(name: str) -> str:
    """The heading ``name`` is listed under: its module path, as long as one is known
    (``np.maximum.accumulate`` and ``np.r_[...]`` are NumPy's, ``scipy.stats.norm.logpdf``
    is scipy.stats'); an unknown module is a heading of its own."""
    section = name.split('[', 1)[0].rsplit('.', 1)[0] if '.' in name else ''
    parent = section
    while parent and parent not in _SECTIONS:
        parent = parent.rsplit('.', 1)[0] if '.' in parent else ''
    return parent or section


def _refused_note(rule) -> str:
    """The parameters of ``rule`` that are refused when a differentiated value reaches
    them (in one mode or both), as a note for the list."""
    reverse = [p for p in rule.signature.names if rule.classify(p)[0] == 'refused']
    forward = [p for p in rule.signature.names if rule.classify(p, forward=True)[0] == 'refused']
    both = [p for p in reverse if p in forward]
    parts = [', '.join(both)] if both else []
    parts += [f'{p} (reverse mode)' for p in reverse if p not in both]
    parts += [f'{p} (forward mode)' for p in forward if p not in both]
    return f"; refused: {', '.join(parts)}" if parts else ''


def markdown() -> str:
    """The Markdown list of every differentiable callable, generated from the registry."""
    functions = differentiable_functions()
    lines = ['# Differentiable functions', '',
             '<!-- Generated by `python -m srcad.rules --markdown`; do not edit by hand. -->', '',
             summary() + '.', '',
             'Each entry lists the parameters that receive an adjoint; other parameters '
             '(axes, shapes, indices, flags, options) carry no derivative, except those '
             'after "refused": srcad refuses the call, with its location, when a '
             'differentiated value reaches one of them. Aliases are in parentheses. '
             'Some values of an option are refused when the call runs (the error says '
             'which). See `srcad/rules/` for the rules themselves.', '']
    sections = {_section(n) for n in functions}
    known = [p for p in _SECTIONS if p in sections]
    for prefix in known + sorted(sections - set(known)):
        names = [n for n in functions if _section(n) == prefix]
        lines += [f'## {_SECTIONS.get(prefix, prefix)}', '']
        for name in names:
            rule = functions[name]
            aliases = [a for a in public_names(rule.fn) if a != name]
            alias = f" ({', '.join(f'`{a}`' for a in aliases)})" if aliases else ''
            lines.append(f"- `{name}`{alias}: {', '.join(rule.adjoints)}{_refused_note(rule)}")
        lines.append('')
    lines += _objects_and_solvers()
    lines += ['## ndarray methods', '',
              'Each `x.name(...)` means the function it maps to, called with `x` first.', '']
    for name in differentiable_methods():
        fn = registry.METHODS[name]
        target = (public_names(fn) or [getattr(fn, '__name__', repr(fn))])[0]
        lines.append(f'- `x.{name}()` → `{target}`')
    return '\n'.join(lines) + '\n'


def _objects_and_solvers() -> list:
    """The sections on calls of objects (random generators, interpolants) and on SciPy's
    solvers, generated from the tables of their rules."""
    from .everyday import draws
    from .scipy import solvers
    reparameterised = ', '.join(
        f"`{name}` ({', '.join(draws.method_rule(name).adjoints)})"
        for name in draws.REPARAMETERISED)
    refused = ', '.join(f'`{name}`' for name in draws.NOT_REPARAMETERISED)
    lines = ['## Random draws (methods of a Generator or RandomState, and `np.random.<name>`)', '',
             'Differentiated in their parameters as reparameterised samples (the sample is '
             '`loc + scale * z` for a standard draw `z` fixed by the seed, read back off the '
             'sample; a zero scale is refused when it runs): ' + reparameterised +
             ', `multivariate_normal` (mean). Refused in their distribution parameters: '
             + refused + ' (and `multivariate_normal` in cov). Finite differences agree only '
             'when every evaluation draws the same bits (a generator seeded inside the function).',
             '']
    lines += ['## Objects of scipy.interpolate, called at differentiated points', '',
              '`CubicSpline`, `PchipInterpolator`, `Akima1DInterpolator`, `PPoly`, `BPoly`, '
              '`BSpline` (`make_interp_spline`), `UnivariateSpline` and `interp1d`: `obj(t)` '
              '(and `obj(t, nu)`) in `t`, by the interpolant\'s own derivative. An object '
              'built from differentiated data (`CubicSpline(x, y)` of a differentiated `y` '
              'or `x`) is refused where it is called.', '']
    lines += ['## Refused when a differentiated value reaches them (when SciPy is installed)', '',
              'Iterative solvers, refused at the call\'s line (naming the parameter); called '
              'on constants, their result is a constant.', '']
    import importlib
    for module, names in solvers.SOLVERS.items():
        have = [n for n in names if hasattr(importlib.import_module(module), n)]
        lines.append(f"- {module}: {', '.join(f'`{n}`' for n in have)}")
    return lines + ['']


def parameters() -> list:
    """``(rule name, parameter, reverse kind, forward kind, why)`` for every parameter of
    every built-in rule that is not declared :func:`~.registry.nondifferentiable`: the
    audit of :meth:`.registry.Rule.classify` (``derivative``, ``constant`` with the
    reason, or ``refused``: the compiler refuses a differentiated value there)."""
    rows = []
    for key, rule in builtin_rules().items():
        if rule.constant_output:
            continue
        name = (public_names(rule.fn) or [rule.name])[0]
        for param in rule.signature.names:
            reverse, why = rule.classify(param)
            forward, why_forward = rule.classify(param, forward=True)
            rows.append((name, param, reverse, forward, why or why_forward))
    return sorted(rows, key=lambda r: (r[0].lower(), r[1]))


def refused_parameters() -> list:
    """``(rule name, parameter)`` of every parameter refused when differentiated in
    both modes (srcad's own gradient helpers left out: their refused arguments are
    never differentiated in code srcad generated from a program it accepted)."""
    return [(name, param) for name, param, reverse, forward, _ in parameters()
            if reverse == forward == 'refused' and not _helper_module(name)]


def _helper_module(name: str) -> bool:
    """Whether ``name`` (a rule's name) is a function of one of srcad's helper modules
    (``srcad.rules.<family>.helpers``, ``...tangents``, ``...second_order``...)."""
    parts = name.split('.')
    if parts[:2] != ['srcad', 'rules'] or len(parts) < 4:
        return False
    module = parts[-2]
    return module in ('helpers', 'tangents', 'second_order', 'complex') \
        or module.endswith(('_helpers', '_tangents'))


def parameter_report() -> str:
    """The audit as text: one line per parameter that has no derivative rule."""
    lines = []
    for name, param, reverse, forward, why in parameters():
        if reverse == forward == 'derivative':
            continue
        kinds = reverse if reverse == forward else f'reverse: {reverse}, forward: {forward}'
        lines.append(f'{name}({param}): {kinds}' + (f' ({why})' if why else ''))
    return '\n'.join(lines)

