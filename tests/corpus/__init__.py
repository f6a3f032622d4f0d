"""A corpus of everyday NumPy programs, each checked against finite differences.

Programs live in ``tests/corpus/programs/*.py``, written the way people write
NumPy (not the way srcad's docs do).  Each is registered with :func:`case`,
which records the arguments to call it with, the parameter to differentiate,
and what srcad must do: ``'ok'`` (every mode matches finite differences and no
argument is changed) or ``'refused'`` (srcad raises its own located error,
never a wrong number).  ``python -m tests.corpus`` prints a summary.
"""
