"""SciPy's iterative solvers, declared without a derivative (loaded with SciPy's other
rules): ``scipy.optimize``'s minimizers, root finders and fits, and
``scipy.integrate``'s adaptive quadratures (``quad``, ``dblquad``...).

Their result depends on the differentiated values only through an iteration SciPy
runs in compiled code (or through the implicit function theorem at convergence),
which srcad does not follow.  Declaring them here makes a call that receives a
differentiated value (the starting point, ``args=``, a bound, a limit of integration,
a function holding one) refused at its own line, naming the function and the
parameter -- instead of srcad reading SciPy's source and stopping somewhere inside it.
A call that receives no differentiated value is a constant, as before.
(``scipy.optimize.rosen`` and its derivatives have rules: :mod:`.rosen`.)
"""

from __future__ import annotations

#: module -> the functions declared there without a derivative
SOLVERS = {
    'scipy.optimize': (
        'minimize', 'minimize_scalar', 'root', 'root_scalar', 'brentq', 'brenth', 'bisect',
        'ridder', 'toms748', 'newton', 'fsolve', 'least_squares', 'leastsq', 'curve_fit',
        'fmin', 'fmin_bfgs', 'fmin_cg', 'fmin_l_bfgs_b', 'fmin_powell', 'fmin_tnc',
        'fminbound', 'brent', 'golden', 'linprog', 'milp', 'nnls', 'lsq_linear',
        'differential_evolution', 'basinhopping', 'dual_annealing', 'shgo', 'direct',
        'fixed_point', 'anderson', 'broyden1', 'broyden2', 'newton_krylov'),
    'scipy.integrate': ('quad', 'dblquad', 'tplquad', 'nquad', 'quad_vec', 'fixed_quad',
                        'solve_bvp'),
}

#: parameters of these functions that carry no derivative (tolerances, counts, flags)
OPTIONS = ('full_output', 'epsabs', 'epsrel', 'limit', 'maxp1', 'limlst', 'complex_func',
           'method', 'tol', 'xtol', 'ftol', 'gtol', 'rtol', 'maxiter', 'maxfev', 'maxfun',
           'disp', 'retall', 'options', 'callback', 'workers', 'seed', 'rng', 'norm',
           'check_finite', 'nan_policy', 'verbose', 'return_all', 'polish', 'popsize',
           'mutation', 'recombination', 'strategy', 'init', 'updating', 'atol', 'n',
           'max_nodes', 'tolerance', 'iter', 'line_search', 'jac_options', 'f_tol',
           'f_rtol', 'x_tol', 'x_rtol', 'maxsteps', 'show')


def _signature(fn) -> str:
    """``fn``'s parameters as a rule signature, a default that is not a literal written
    as ``None`` (only which parameter an argument binds to matters here)."""
    import ast
    import inspect
    parts, star = [], False
    for p in inspect.signature(fn).parameters.values():
        if p.kind is p.VAR_POSITIONAL:
            parts.append(f'*{p.name}')
            star = True
            continue
        if p.kind is p.VAR_KEYWORD:
            continue
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append('*')
            star = True
        if p.default is p.empty:
            parts.append(p.name)
            continue
        try:
            ast.literal_eval(repr(p.default))
            parts.append(f'{p.name}={p.default!r}')
        except (ValueError, SyntaxError):
            parts.append(f'{p.name}=None')
    return ', '.join(parts)


def declare(module_name: str) -> None:
    """Declare the solvers of ``module_name`` (a key of :data:`SOLVERS`)."""
    import importlib
    from ..registry import RULES, adjoint
    module = importlib.import_module(module_name)
    for name in SOLVERS[module_name]:
        fn = getattr(module, name, None)
        if fn is None or fn in RULES:
            continue
        try:
            signature = _signature(fn)
        except (TypeError, ValueError):   # (no readable signature)
            continue
        params = [p.lstrip('*').split('=')[0] for p in signature.split(', ')]
        adjoint(fn, signature, display_name=f'{module_name}.{name}',
                constants={p: 'an option of the solver' for p in OPTIONS if p in params})
