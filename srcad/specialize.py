"""Code specialized for the shapes of a gradient's first call, and the checks that
choose it on every later call.

:func:`_shape_checks` records the shapes (and list kinds) of the first call's
arguments; :func:`_guarded` generates a straight-line check that runs the
specialized code while they hold and the general code otherwise;
:func:`_by_sequences` picks the code compiled for the arguments that are lists.
"""

from __future__ import annotations

import hashlib
import linecache

import numpy as np

from .compiler.containers import dict_sequences, sequence_facts, sequence_kind
from .compiler import staleness


def _shape_checks(args, nparams) -> list:
    """``(position, shape)`` of the float and ndarray arguments a gradient may rely on,
    and ``(position, kind)`` of the list and tuple arguments
    (:func:`srcad.compiler.containers.sequence_kind`)."""
    checks = []
    for i, a in enumerate(args[:nparams]):
        if type(a) is float:
            checks.append((i, ()))
        elif type(a) is np.ndarray:
            checks.append((i, a.shape))
        elif sequence_kind(a):
            checks.append((i, sequence_kind(a)))
        elif type(a) is dict and dict_sequences(a):  # lists in its entries
            checks.append((i, ('dict', dict_sequences(a))))
    return checks


def _facts(params, checks) -> tuple:
    """The facts for the compiler from :func:`_shape_checks`'s checks: ``(parameter,
    shape)``, ``(parameter, kind)`` of a list or tuple, ``("p['w']", kind)`` of one
    in a dict (:func:`srcad.compiler.containers.sequence_facts`)."""
    facts = []
    for i, shape in checks:
        if shape[:1] == ('dict',):
            facts += [(params[i] + ''.join(f'[{k!r}]' for k in keys), kind)
                      for keys, kind in shape[1]]
        else:
            facts.append((params[i], shape))
    return tuple(facts)


def _by_sequences(compiled_for, general, params):
    """A call of ``general``, or, when some arguments are lists or tuples, of the code
    specialized for them (:func:`srcad.compiler.containers.sequence_facts`), compiled once per
    combination.  The caller checks that the function has not changed since."""
    known = {}

    def call(*args, **kwargs):
        facts = sequence_facts(params, args, kwargs)
        if not facts:
            return general(*args, **kwargs)
        fn = known.get(facts)
        if fn is None:
            fn = known[facts] = compiled_for(facts).fn
        return fn(*args, **kwargs)
    return call


def _guarded(special, checks, general, deps, stale, kinds=((), {})):
    """Run ``special`` while the arguments have the shapes it was made for (and the
    ``kinds``: tests and the names they read, :func:`srcad.input_kinds.kind_tests`), and
    both only while ``deps`` (:class:`srcad.compiler.staleness.Dependencies`) hold.

    The check is generated as straight-line code for these positions (a loop
    over them would cost more than most small gradients).
    """
    n = max(i for i, _ in checks) + 1
    names = [f'a{i}' for i in range(n)]
    tests = []
    for i, shape in checks:
        tests.append(f'type(a{i}) is float' if shape == () else
                     f'sequence_kind(a{i}) == {shape!r}' if isinstance(shape, str) else
                     f'dict_sequences(a{i}) == {shape[1]!r}' if shape[:1] == ('dict',) else
                     f'type(a{i}) is ndarray and a{i}.shape == {shape!r}')
    tests += kinds[0]
    unpack = ', '.join(names) + ','
    text = (f'def call(*args, **kw):\n' +
            staleness.guard_source(deps, 'general(*args, **kw)', 'stale(*args, **kw)') +
            f'    if not kw and len(args) == {n}:\n'
            f'        {unpack} = args\n'
            f'        if {" and ".join(tests)}:\n'
            f'            return special(*args)\n'
            f'    return general(*args, **kw)\n')
    space = dict(deps.space, **kinds[1], special=special, general=general, stale=stale,
                 ndarray=np.ndarray, sequence_kind=sequence_kind,
                 dict_sequences=dict_sequences)
    filename = f'<srcad shape check {hashlib.sha1(text.encode()).hexdigest()[:10]}>'
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    exec(compile(text, filename, 'exec'), space)
    return space['call']


def _bind(generated, prefix, keywords):
    def call(*args, **kwargs):
        return generated(*prefix, *args, **{**keywords, **kwargs})
    return call
