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

import numpy as np

from . import registry

_NAMESPACES = [('np', np), ('np.linalg', np.linalg), ('np.fft', np.fft), ('', builtins),
               ('math', math)]


def _scipy_namespaces() -> list:
    """SciPy's namespaces, once the program has imported SciPy (srcad does not import
    it first: it takes longer than importing srcad)."""
    if 'scipy' not in sys.modules:
        return []
    try:
        import scipy.linalg
        import scipy.special
    except ImportError:  # pragma: no cover
        return []
    return [('scipy.special', scipy.special), ('scipy.linalg', scipy.linalg)]

_SECTIONS = {'np': 'NumPy', 'np.linalg': 'numpy.linalg', 'np.fft': 'numpy.fft',
             'scipy.special': 'scipy.special (when SciPy is installed)',
             'scipy.linalg': 'scipy.linalg (when SciPy is installed)', '': 'Python builtins',
             'math': 'Python math module'}


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
    own = getattr(fn, '__name__', None)
    names = _names_by_id().get(id(fn), [])
    return sorted(names, key=lambda n: n.rsplit('.', 1)[-1] != own)


def _is_builtin(key, rule) -> bool:
    if isinstance(key, type) and issubclass(key, ast.AST):
        return True
    module = getattr(rule.fn, '__module__', '') or ''
    return module.startswith('srcad.') or bool(public_names(rule.fn))


def builtin_rules() -> dict:
    """The rules srcad ships (operators included), keyed like :data:`registry.RULES`."""
    from . import scipy_rules
    scipy_rules.load()  # (imports SciPy: the catalog lists everything)
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
    section = name.rsplit('.', 1)[0] if '.' in name else ''
    if section and section not in _SECTIONS:   # np.maximum.accumulate: a NumPy function
        return _section(section)
    return section


def markdown() -> str:
    """The Markdown list of every differentiable callable, generated from the registry."""
    functions = differentiable_functions()
    lines = ['# Differentiable functions', '',
             '<!-- Generated by `python -m srcad.rules --markdown`; do not edit by hand. -->', '',
             summary() + '.', '',
             'Each entry lists the parameters that receive an adjoint; other parameters '
             '(axes, shapes, indices, flags) are treated as constants. Aliases are in '
             'parentheses. See `srcad/rules/` for the rules themselves.', '']
    for prefix, title in _SECTIONS.items():
        names = [n for n in functions if _section(n) == prefix]
        if not names:
            continue
        lines += [f'## {title}', '']
        for name in names:
            rule = functions[name]
            aliases = [a for a in public_names(rule.fn) if a != name]
            alias = f" ({', '.join(f'`{a}`' for a in aliases)})" if aliases else ''
            lines.append(f"- `{name}`{alias}: {', '.join(rule.adjoints)}")
        lines.append('')
    lines += ['## ndarray methods', '',
              'Each `x.name(...)` means the function it maps to, called with `x` first.', '']
    for name in differentiable_methods():
        fn = registry.METHODS[name]
        target = (public_names(fn) or [getattr(fn, '__name__', repr(fn))])[0]
        lines.append(f'- `x.{name}()` → `{target}`')
    return '\n'.join(lines) + '\n'


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
            if reverse == forward == 'refused' and not name.startswith('srcad.rules.helpers')]


def parameter_report() -> str:
    """The audit as text: one line per parameter that has no derivative rule."""
    lines = []
    for name, param, reverse, forward, why in parameters():
        if reverse == forward == 'derivative':
            continue
        kinds = reverse if reverse == forward else f'reverse: {reverse}, forward: {forward}'
        lines.append(f'{name}({param}): {kinds}' + (f' ({why})' if why else ''))
    return '\n'.join(lines)

