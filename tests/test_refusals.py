"""Every refusal, with its message pinned.

A refusal is a subclass of :class:`srcad.SrcadError` whose message reads::

    <what srcad does not do, and where>
      at <file>:<line>:<col>
        <the user's source line>
        <caret under the construct>
      hint: <what to do instead>

Each case below marks the refused line with ``# <- refused`` and names the
text the caret must sit under; the expected line and column are read from
this file, so moving a function does not break its test.  Cases srcad does
not meet yet are ``xfail(strict=True)`` with the reason: they fail visibly
once fixed.
"""

import ast
import contextlib
import fractions
import inspect
import pathlib

import numpy as np
import pytest

try:
    import scipy.special
except ImportError:  # pragma: no cover
    scipy = None

import srcad
from srcad import grad
from srcad.errors import (InputError, NoRuleError, NonScalarOutputError,
                          SourceUnavailableError, SrcadError, UnsupportedSyntaxError, WrtError)
from srcad.compiler import validate

HERE = str(pathlib.Path(__file__).resolve())
G = 1.0


# -- functions srcad refuses -----------------------------------------------------------
def uses_try(x):
    try:  # <- refused
        y = x * 2.0
    except ValueError:
        y = x
    return y


def uses_with(x):
    with contextlib.suppress(ValueError):  # <- refused
        x = x * 2.0
    return x


def uses_raise(x):
    if x > 10.0:
        raise ValueError('too big')  # <- refused
    return x * 2.0


def uses_global(x):
    global G  # <- refused
    G = x
    return x * 2.0


def uses_nonlocal(x):
    y = x

    def inner():
        nonlocal y  # <- refused
        y = y * 2.0
    inner()
    return y


def uses_del(x):
    y = x * 2.0
    del y  # <- refused
    return x


def uses_import(x):
    import math  # <- refused
    math = math.e  # (an import inside the function works unless its name is assigned too)
    return x * math


def uses_from_import(x):
    from math import sin  # <- refused
    sin = sin(x)
    return sin


def uses_class(x):
    class Box:  # <- refused
        pass
    return x


async def uses_async(x):  # <- refused
    return x


def uses_yield(x):
    while True:  # (a generator without while, try or with returns the list it yields)
        yield x * 2.0  # <- refused


def uses_yield_from(x):
    sent = yield from [x]  # <- refused


def uses_lambda(x):
    return np.vectorize(lambda t: t * 2.0)(x)  # <- refused


def uses_list_comprehension(x):
    print(f'{[t * t for t in x]}')  # <- refused
    return x


def uses_generator_expression(x):
    squares = (t * t for t in x)  # <- refused
    return sum(squares)


def uses_walrus(x):  # (:= in a branch of an if-expression)
    y = (z := x * 2.0) if x.ndim else x  # <- refused
    return y


def uses_starred(x):
    args = (x, x)
    return np.sum(np.add(*args))  # <- refused


def uses_double_star(x):
    options = {'axis': 0}
    return np.sum(x, **options)  # <- refused


def uses_set(x, set=frozenset):  # (set shadowed; else {1, 2} is set((1, 2)), which works)
    s = {1, 2}  # <- refused
    return x * 2.0 + len(s)


def uses_assert(x):
    assert x > 0  # <- refused
    return x * 2.0


def uses_match(x):
    match x.shape:  # <- refused
        case (3,):
            return x
    return x * 2.0


def uses_decorated_def(x):
    @staticmethod
    def inner(t):  # <- refused
        return t
    return inner(x)


def writes_attribute(x):
    x.shape = (3,)  # <- refused
    return np.sum(x)



def helper_with_try(x):
    try:  # <- refused
        return x * 2.0
    except ValueError:
        return x


def calls_helper_with_try(x):
    return np.sum(helper_with_try(x))


def nested_def_with_comprehension(x):
    def inner(t):
        return np.sum(u * u for u in t)  # <- refused
    return inner(x)


double = np.vectorize(lambda v: 2.0 * v)


def calls_without_rule(x):
    return np.sum(double(x))  # <- refused


def vector_output(x):
    return x * 2.0  # <- refused


def scaled_sum(x, n):  # <- refused
    return np.sum(x) * n


SYNTAX = [
    (uses_global, "srcad does not support writing the global variable 'G' in uses_global "
     "(the write would be lost from the derivative)", 'global',
     'return the new value and assign it outside the differentiated function'),
    (uses_import, "srcad does not support 'Import' syntax in uses_import", 'import',
     validate.HINTS[ast.Import]),
    (uses_from_import, "srcad does not support 'ImportFrom' syntax in uses_from_import",
     'from', validate.HINTS[ast.ImportFrom]),
    (uses_class, "srcad does not support 'ClassDef' syntax in uses_class", 'class',
     'define the class at module level'),
    (uses_async, 'async function uses_async cannot be differentiated', 'async',
     'use a plain def'),
    (uses_yield, "srcad does not support 'Yield' syntax in uses_yield", 'yield',
     validate.HINTS[ast.Yield]),
    (uses_yield_from, "srcad does not support 'YieldFrom' syntax in uses_yield_from",
     'yield', validate.HINTS[ast.YieldFrom]),
    (uses_lambda,
     'srcad inlines a lambda where it is called, and cannot pass it on as a value',
     "lambda", srcad.compiler.comprehensions.LAMBDA_HINT),
    (uses_list_comprehension,
     'srcad does not support a comprehension or a lambda inside an f-string',
     "f'", 'compute the value in a statement of its own'),
    (uses_generator_expression, 'srcad supports a generator expression (or map/filter) only where it is consumed at once: '
     'by sum, max, min, any, all, sorted, list, tuple, dict, set, zip, enumerate, math.fsum, '
     'functools.reduce or a for loop',
     '(t * t', 'write a list comprehension [...] instead (NumPy functions need a list)'),
    (uses_walrus, 'srcad does not support an assignment expression (:=) in uses_walrus',
     'z :=', validate.HINTS[ast.NamedExpr]),
    (uses_set, "srcad does not support 'Set' syntax in uses_set", '{1',
     'use a list or tuple'),
    (uses_match, "srcad does not support 'Match' syntax in uses_match", 'match',
     validate.HINTS[ast.Match]),
    (uses_decorated_def,
     'srcad does not support a decorated nested def in uses_decorated_def', 'def inner',
     'define it at module level'),
    (writes_attribute,
     "srcad does not support assigning x.shape: 'x' is a parameter, and Python would change "
     "the caller's object (a gradient call never changes its arguments)", 'x.shape',
     'build the object inside the function (SimpleNamespace(...), a dataclass, a plain class) '
     'and assign its attributes there, or compute the new value and return it'),
    (nested_def_with_comprehension, 'srcad supports a generator expression (or map/filter) only where it is consumed at once: '
     'by sum, max, min, any, all, sorted, list, tuple, dict, set, zip, enumerate, math.fsum, '
     'functools.reduce or a for loop',
     '(u * u', 'write a list comprehension [...] instead (NumPy functions need a list)'),
]


# -- the checks -------------------------------------------------------------------------
def marked_line(fn):
    """The (line number, text) of the line marked ``# <- refused`` in ``fn``'s source."""
    lines, first = inspect.getsourcelines(fn)
    marked = [(first + k, line.rstrip('\n')) for k, line in enumerate(lines)
              if line.rstrip().endswith('# <- refused')]
    assert len(marked) == 1, f'{fn.__name__}: mark exactly one line'
    return marked[0]


def assert_pinned(error, cls, fn, message, at, hint, filename=HERE):
    """``error`` is a ``cls`` whose message is exactly the pinned one."""
    assert isinstance(error, cls) and isinstance(error, SrcadError)
    lineno, line = marked_line(fn)
    col = line.index(at)
    assert str(error).splitlines() == [
        message,
        f'  at {filename}:{lineno}:{col + 1}',
        f'    {line}',
        f'    {" " * col}^',
        f'  hint: {hint}',
    ]


def refusal(call):
    with pytest.raises(SrcadError) as info:
        call()
    return info.value


@pytest.mark.parametrize('fn, message, at, hint', SYNTAX, ids=[c[0].__name__ for c in SYNTAX])
def test_unsupported_syntax(fn, message, at, hint):
    filename = str(pathlib.Path(inspect.getsourcefile(fn)).resolve())
    error = refusal(lambda: grad(fn)(np.ones(3)))
    marked = helper_with_try if fn is calls_helper_with_try else fn  # refused in the helper
    assert_pinned(error, UnsupportedSyntaxError, marked, message, at, hint, filename)


def test_refusal_comes_before_any_call_runs():
    """Reading ``.source`` is enough to be refused: nothing of the user's runs."""
    with pytest.raises(UnsupportedSyntaxError):
        grad(uses_match).source


@pytest.mark.xfail(strict=True, reason='the caret sits under the statement (return), '
                                       'not under the call that has no rule')
def test_call_without_rule():
    error = refusal(lambda: grad(calls_without_rule)(np.ones(3)))
    assert_pinned(
        error, NoRuleError, calls_without_rule,
        'no derivative rule for double (a numpy.vectorize), called on a differentiated '
        'value in calls_without_rule', 'double(x)',
        'register one with srcad.adjoint(double, "x", x="...") or mark it '
        'srcad.nondifferentiable(double) if its output is a constant')


def test_call_without_rule_as_it_is_today():
    """The message and hint, pinned (the caret is at the statement for now)."""
    text = str(refusal(lambda: grad(calls_without_rule)(np.ones(3))))
    lineno, line = marked_line(calls_without_rule)
    assert text.splitlines()[0] == ('no derivative rule for double (a numpy.vectorize), '
                                    'called on a differentiated value in calls_without_rule')
    assert f'{HERE}:{lineno}:' in text and line in text
    assert text.splitlines()[-1] == (
        '  hint: register one with srcad.adjoint(double, "x", x="...") or mark it '
        'srcad.nondifferentiable(double) if its output is a constant')


def test_call_without_rule_in_forward_mode():
    error = refusal(lambda: srcad.jvp(calls_without_rule, (np.ones(3),), (np.ones(3),)))
    assert isinstance(error, NoRuleError)
    assert 'hint: register one with srcad' in str(error)


def calls_library_function_without_rule(x):
    import_free = scipy.special.zeta(x, 2.0)  # <- refused
    return np.sum(import_free)


def calls_exec_helper(x):
    return np.sum(exec_helper(x))  # <- refused


_namespace = {}
exec('def exec_helper(x):\n    return x * x\n', _namespace)
exec_helper = _namespace['exec_helper']


def test_library_call_without_rule_points_at_the_users_line():
    # (srcad used to differentiate scipy's own source and report a line inside scipy;
    # zeta's first argument is now refused at the user's call)
    pytest.importorskip('scipy.special')
    text = str(refusal(lambda: grad(calls_library_function_without_rule)(np.ones(3) * 2)))
    lineno, _ = marked_line(calls_library_function_without_rule)
    assert f'{HERE}:{lineno}:' in text


@pytest.mark.xfail(strict=True, reason="an unreadable helper is reported at <string>:1, "
                                       "not at the user's call")
def test_unreadable_helper_points_at_the_users_call():
    error = refusal(lambda: grad(calls_exec_helper)(np.ones(3)))
    lineno, _ = marked_line(calls_exec_helper)
    assert isinstance(error, SourceUnavailableError)
    assert f'{HERE}:{lineno}:' in str(error)


def test_unreadable_helper_as_it_is_today():
    error = refusal(lambda: grad(calls_exec_helper)(np.ones(3)))
    assert isinstance(error, SourceUnavailableError)
    assert str(error).splitlines() == [
        'cannot read the source of exec_helper (could not get source code)',
        '  at <string>:1:1',
        '  hint: define the function in a file (not in an interactive prompt, exec or eval), '
        'or register a rule for it with srcad.adjoint']


# -- outputs and inputs -------------------------------------------------------------------
def test_non_scalar_output():
    error = refusal(lambda: grad(vector_output)(np.ones(3)))
    assert_pinned(error, NonScalarOutputError, vector_output,
                  'grad needs a scalar output, but the function returned an array of shape '
                  '(3,) (from vector_output)', 'return',
                  'reduce it (np.sum, np.mean) or use srcad.vjp for vector outputs')


def test_non_scalar_output_from_value_and_grad():
    error = refusal(lambda: srcad.value_and_grad(vector_output)(np.ones(3)))
    assert isinstance(error, NonScalarOutputError)
    assert str(error).splitlines()[0].startswith('grad needs a scalar output')


INPUTS = [
    ('an integer array', 0, (np.arange(3), 2.0), 'x', 'int64'),
    ('a Python int', 1, (np.ones(3), 2), 'n', 'int'),
    ('a bool', 1, (np.ones(3), True), 'n', 'bool'),
    ('an object array', 0, (np.array([1.0, 2.0], dtype=object), 2.0), 'x', 'object'),
    ('a Fraction', 1, (np.ones(3), fractions.Fraction(1, 2)), 'n', 'Fraction'),
    ('a string array', 0, (np.array(['a']), 2.0), 'x', 'str32'),
]


@pytest.mark.parametrize('what, wrt, args, name, kind', INPUTS, ids=[i[0] for i in INPUTS])
def test_input_that_is_not_floating_point(what, wrt, args, name, kind):
    error = refusal(lambda: grad(scaled_sum, wrt=wrt)(*args))
    assert_pinned(error, InputError, scaled_sum,
                  f'cannot differentiate scaled_sum with respect to {name!r}: it is {kind}, '
                  f'not floating point', 'def',
                  f'pass {name} as floats, e.g. np.asarray({name}, dtype=float), '
                  f'or leave it out of wrt')


def test_integer_input_to_jvp():
    # (jvp used to return a zero tangent here, 0.0 instead of 6.0)
    error = refusal(lambda: srcad.jvp(scaled_sum, (np.arange(3), 2.0), (np.ones(3), 0.0)))
    assert_pinned(error, InputError, scaled_sum,
                  "cannot differentiate scaled_sum with respect to 'x': it is int64, "
                  "not floating point", 'def',
                  'pass x as floats, e.g. np.asarray(x, dtype=float), or leave it out of wrt')


def test_integer_input_to_vjp():
    error = refusal(lambda: srcad.vjp(scaled_sum, np.arange(3), 2.0)[1](1.0))
    assert_pinned(error, InputError, scaled_sum,
                  "cannot differentiate scaled_sum with respect to 'x': it is int64, "
                  "not floating point", 'def',
                  'pass x as floats, e.g. np.asarray(x, dtype=float), or leave it out of wrt')


# -- wrt ---------------------------------------------------------------------------------
WRT = [
    ('z', "wrt='z' is not a parameter of scaled_sum; its parameters are ['x', 'n']"),
    (5, "wrt=5 but scaled_sum has 2 positional parameter(s): ['x', 'n']"),
    ((0, 0), "wrt names 'x' twice"),
    (True, 'wrt entries are parameter positions or names, not True'),
    (1.5, 'wrt entries are parameter positions or names, not 1.5'),
    ((), 'wrt is empty: name at least one parameter to differentiate'),
]


@pytest.mark.parametrize('wrt, message', WRT, ids=[repr(w[0]) for w in WRT])
def test_wrt_that_is_not_a_parameter(wrt, message):
    error = refusal(lambda: grad(scaled_sum, wrt=wrt))
    assert isinstance(error, WrtError)
    assert str(error).splitlines()[0] == message


@pytest.mark.xfail(strict=True, reason='WrtError has neither a location nor a hint')
@pytest.mark.parametrize('wrt', ['z', 5], ids=repr)
def test_wrt_refusal_shows_the_def_and_a_hint(wrt):
    text = str(refusal(lambda: grad(scaled_sum, wrt=wrt)))
    lineno, _ = marked_line(scaled_sum)
    assert f'{HERE}:{lineno}:' in text and 'hint:' in text


# -- source that cannot be read ------------------------------------------------------------
class CallableObject:
    def __call__(self, x):
        return np.sum(x)


def test_source_that_cannot_be_read():
    namespace = {}
    exec('def f(x):\n    return x * x\n', namespace)
    error = refusal(lambda: grad(namespace['f'])(1.0))
    assert isinstance(error, SourceUnavailableError)
    assert str(error).splitlines() == [
        'cannot read the source of f (could not get source code)',
        '  at <string>:1:1',
        '  hint: define the function in a file (not in an interactive prompt, exec or eval), '
        'or register a rule for it with srcad.adjoint']


@pytest.mark.parametrize('fn, what', [(np.sin, "ufunc <ufunc 'sin'>"),
                                      (CallableObject(), 'CallableObject <')],
                         ids=['ufunc', 'callable object'])
def test_not_a_python_function(fn, what):
    error = refusal(lambda: grad(fn)(np.ones(3)))
    assert isinstance(error, SourceUnavailableError)
    lines = str(error).splitlines()
    assert lines[0].startswith(f'srcad can only differentiate Python functions, not {what}')
    assert lines[1:] == ['  hint: wrap it in a def, or register a derivative rule with '
                         'srcad.adjoint']


def test_every_refusal_class_is_a_srcad_error():
    for cls in (InputError, NoRuleError, NonScalarOutputError, SourceUnavailableError,
                UnsupportedSyntaxError, WrtError):
        assert issubclass(cls, SrcadError) and cls.__module__ == 'srcad.errors'
        assert getattr(srcad, cls.__name__) is cls
