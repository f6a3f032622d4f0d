"""The fuzzer's library constructs of srcad's second wave (a mixin of
``tests.fuzz.Generator``): ``scipy.stats`` distributions (plain and frozen),
``scipy.linalg`` (``cho_factor``/``cho_solve``, ``solve(assume_a='pos')``,
``expm``), convolutions (``np.convolve`` modes, ``scipy.signal.convolve2d``),
ufunc methods (``np.add.accumulate``, ``np.multiply.outer``) and reductions
with ``where=``/``initial=``.

Arguments stay in each function's domain by construction (scales are
``exp(0.3 * tanh(..))``, covariance matrices ``B @ B.T + n I``, probabilities
``0.5 + 0.4 * tanh(..)``).  The SciPy constructs are drawn only when SciPy is
installed (``tests.fuzz`` leaves them out of its list otherwise).
"""

S, V, M = 's', 'v', 'm'   # as in tests.fuzz

#: Constructs of this module, in the order ``--constructs`` lists them.
SCIPY_CONSTRUCTS = ('stats', 'scipy_linalg', 'convolutions')
LIBRARY_CONSTRUCTS = SCIPY_CONSTRUCTS + ('ufunc_methods', 'reductions')

STATS_IMPORTS = ('import scipy.stats', 'import scipy.stats as st',
                 'from scipy.stats import expon, gamma, laplace, logistic, norm')
LINALG_IMPORTS = ('import scipy.linalg', 'from scipy.linalg import cho_factor, cho_solve, '
                  'expm, solve')
SIGNAL_IMPORTS = ('import scipy.signal', 'from scipy.signal import convolve2d')


class LibraryConstructs:
    """``c_stats``, ``c_scipy_linalg``, ``c_convolutions``, ``c_ufunc_methods``,
    ``c_reductions``."""

    def positive(self, scope):
        """A positive scalar (a scale), active now and then."""
        s = self.operand(S, scope).text
        return self.pick([f'np.exp(0.3 * np.tanh({s}))', f'({s} ** 2 + 0.5)', '1.5',
                          f'(1.0 + 0.5 * np.tanh({s}))'])

    def spd(self, scope):
        """A symmetric positive definite matrix, well conditioned."""
        n = self.n
        a = self.operand(M, scope).text
        return self.pick([f'({a}) @ ({a}).T + {n}.0 * np.eye({n})',
                          f'({a}).T @ ({a}) + np.eye({n})',
                          f'np.diag(np.exp(np.tanh({self.operand(V, scope).text}))) + 0.5 * '
                          f'np.ones(({n}, {n}))'])

    # -- scipy.stats ------------------------------------------------------------------
    def c_stats(self, scope, returns):
        """``norm.logpdf(x, loc, scale)`` and friends, frozen ``norm(mu, s).logpdf``."""
        self.need(*STATS_IMPORTS)
        n, form = self.n, self.between(0, 7)
        x = self.operand(self.pick([V, V, S]), scope).text
        mu, sigma = self.operand(S, scope).text, self.positive(scope)
        prefix = self.pick(['', 'st.', 'scipy.stats.'])
        if form <= 1:   # norm.<method>(x, loc, scale), positional or by keyword
            method = self.pick(['logpdf', 'logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf'])
            args = self.pick([f'{x}, {mu}, {sigma}', f'{x}, loc={mu}, scale={sigma}',
                              f'{x}, {mu}', f'{x}, scale={sigma}', x,
                              f'{x}, loc={self.operand(V, scope).text}',
                              f'{x}, {mu}, np.exp(0.3 * np.tanh({self.operand(V, scope).text}))'])
            return self.finish(scope, [], f'np.sum({prefix}norm.{method}({args}))')
        if form == 2:   # the quantile function
            q = f'0.5 + 0.4 * np.tanh({x})'
            dist = self.pick(['norm', 'logistic', 'laplace'])
            return self.finish(scope, [], f'np.sum({prefix}{dist}.ppf({q}, {mu}, {sigma}))')
        if form == 3:   # a frozen distribution
            d = self.fresh('dist')
            make = self.pick([f'{prefix}norm({mu}, {sigma})',
                              f'{prefix}norm(loc={mu}, scale={sigma})',
                              f'st.logistic({mu}, {sigma})',
                              f'norm({self.operand(V, scope).text}, {sigma})'])
            method = self.pick(['logpdf', 'pdf', 'cdf', 'logcdf', 'sf'])
            lines = [f'{d} = {make}']
            if self.chance(25) and mu in scope.names(S, assignable=True):   # frozen: old mu
                lines.append(f'{mu} = {mu} * 2.0 + 0.5')
            text = self.pick([f'np.sum({d}.{method}({x}))',
                              f'np.sum({d}.logpdf({x})) + np.sum({d}.mean() * {d}.std())',
                              f'sum(np.sum(norm(m, {sigma}).logpdf({x})) for m in '
                              f'{self.operand(V, scope).text})'])
            return self.finish(scope, lines, text)
        if form == 4:   # other location-scale families, Student's t with an active df
            df = f'3.0 + {self.operand(S, scope).text} ** 2'
            return self.finish(scope, [], self.pick([
                f'np.sum(st.t.logpdf({x}, {df}, {mu}, {sigma}))',
                f'np.sum(st.t.logpdf({x}, df=4.0, loc={mu}, scale={sigma}))',
                f'np.sum(logistic.logpdf({x}, {mu}, {sigma}))',
                f'np.sum(scipy.stats.cauchy.logpdf({x}, {mu}, {sigma}))',
                f'np.sum(laplace.logpdf({x}, {mu}, {sigma}))',
                f'np.sum(logistic.cdf({x}, loc={mu}))']))
        if form == 5:   # positive supports: gamma, expon, beta
            pos = f'({x}) ** 2 + 0.5'
            shape = f'1.5 + 0.5 * np.tanh({self.operand(S, scope).text})'
            unit = f'0.5 + 0.4 * np.tanh({x})'
            return self.finish(scope, [], self.pick([
                f'np.sum(gamma.logpdf({pos}, {shape}, scale={sigma}))',
                f'np.sum(gamma.logpdf({pos}, 2.0))',
                f'np.sum(expon.logpdf({pos}, scale={sigma}))',
                f'np.sum(st.beta.logpdf({unit}, {shape}, 2.0))',
                f'np.sum(expon.cdf({pos}, scale={sigma}))']))
        if form == 6:   # a multivariate normal
            u = self.operand(V, scope).text
            return self.finish(scope, [], self.pick([
                f'st.multivariate_normal.logpdf({self.operand(V, scope).text}, mean={u}, '
                f'cov={self.spd(scope)})',
                f'scipy.stats.multivariate_normal.logpdf({self.operand(V, scope).text}, {u}, '
                f'np.eye({n}) * {sigma})']))
        rate = f'np.exp(0.5 * np.tanh({x}))'   # counts: a Poisson likelihood
        return self.finish(scope, [], self.pick([
            f'np.sum(st.poisson.logpmf(np.arange({n}), {rate}))',
            f'np.sum(scipy.stats.poisson.logpmf(2, mu={rate}))']))

    # -- scipy.linalg -------------------------------------------------------------------
    def c_scipy_linalg(self, scope, returns):
        """``cho_factor``/``cho_solve``, ``solve(assume_a='pos')``, ``expm``, more."""
        self.need(*LINALG_IMPORTS)
        form = self.between(0, 5)
        k, v = self.fresh('K'), self.operand(V, scope).text
        a = self.operand(M, scope).text
        lines = [f'{k} = {self.spd(scope)}']
        if form == 0:   # the usual Gaussian-process pattern
            c, low, alpha = self.fresh('c'), self.fresh('low'), self.fresh('alpha')
            lower = self.pick([low, low, 'False'])
            lines += [f'{c}, {low} = cho_factor({k})',
                      f'{alpha} = cho_solve(({c}, {lower}), {v})']
            return self.finish(scope, lines, self.pick([
                f'np.dot({v}, {alpha}) + 2.0 * np.sum(np.log(np.diag({c})))',
                f'np.sum({alpha} ** 2)', f'np.sum({c})']))
        if form == 1:   # the factor kept as a pair
            cf = self.fresh('cf')
            lines.append(f'{cf} = cho_factor({k}, lower={self.pick(["True", "False"])})')
            return self.finish(scope, lines, *self.pick([
                (f'cho_solve({cf}, {v})', V), (f'scipy.linalg.cho_solve({cf}, {a})', M),
                (f'np.sum(np.log(np.diag({cf}[0])))', S)]))
        if form == 2:   # solve with a structure hint
            hint = self.pick(["'pos'", "'pos'", "'sym'", "'gen'"])
            return self.finish(scope, lines, *self.pick([
                (f'solve({k}, {v}, assume_a={hint})', V),
                (f'scipy.linalg.solve({k}, {a}, assume_a={hint})', M),
                (f'solve({k}, {v}, assume_a={hint}, lower=True)', V)]))
        if form == 3:   # the matrix exponential
            return self.finish(scope, lines, *self.pick([
                (f'expm(0.3 * ({a}))', M), (f'scipy.linalg.expm(({a}) - ({a}).T)', M),
                (f'np.trace(expm(0.2 * {k}))', S), (f'expm(0.3 * ({a})) @ {v}', V)]))
        if form == 4:   # a triangular factor and solves with it
            low = self.fresh('L')
            lines.append(f'{low} = scipy.linalg.cholesky({k}, lower=True)')
            return self.finish(scope, lines, *self.pick([
                (f'scipy.linalg.solve_triangular({low}, {v}, lower=True)', V),
                (f'np.sum(np.log(np.diag({low})))', S)]))
        return self.finish(scope, lines, *self.pick([
            (f'scipy.linalg.inv({k})', M), (f'np.log(scipy.linalg.det({k}))', S),
            (f'scipy.linalg.lu_solve(scipy.linalg.lu_factor({k}), {v})', V)]))

    # -- convolutions -------------------------------------------------------------------
    def c_convolutions(self, scope, returns):
        """``np.convolve``/``np.correlate`` in every mode, ``scipy.signal``'s 1-d and
        2-d convolutions."""
        self.need(*SIGNAL_IMPORTS)
        n, form = self.n, self.between(0, 3)
        v = self.operand(V, scope).text
        kernel = self.pick([self.operand(V, scope).text, 'np.array([0.25, 0.5, 0.25])',
                            'np.array([1.0, -1.0])', f'({v})[:2] * 0.5'])
        mode = self.pick(['', ", 'full'", ", mode='same'", ", 'valid'", ", mode='full'"])
        lines = []
        if mode and self.chance(20):   # the mode in a variable
            name = self.fresh('mode')
            lines, mode = [f'{name} = {mode.split("=")[-1].lstrip(", ")}'], f', {name}'
        if form == 0:
            fn = self.pick(['np.convolve', 'np.convolve', 'np.correlate'])
            first, second = self.pick([(v, kernel), (kernel, v)])
            if fn == 'np.correlate' and not mode:
                mode = ", 'valid'"
            text = f'{fn}({first}, {second}{mode})'
            return self.finish(scope, lines, self.reduce(text, 'any'))
        if form == 1:
            fn = self.pick(['scipy.signal.convolve', 'scipy.signal.fftconvolve',
                            'scipy.signal.correlate'])
            text = f'{fn}({v}, {kernel}{mode.replace(", ", ", mode=") if lines else mode})'
            return self.finish(scope, lines, self.reduce(text, 'any'))
        a = self.operand(M, scope).text
        k2 = self.pick(['np.array([[0.25, 0.5], [0.5, -0.25]])', self.operand(M, scope).text,
                        f'np.outer({self.operand(V, scope).text}, OFFSET)[:2, :2]',
                        'np.ones((2, 2)) / 4.0'])
        mode2 = self.pick(['', ", mode='same'", ", mode='valid'", ", 'full'"])
        boundary = self.pick(['', '', ", boundary='wrap'", ", boundary='symm'",
                              ", boundary='fill', fillvalue=0.5"])
        if "'valid'" in mode2:
            boundary = ''
        fn = self.pick(['convolve2d', 'scipy.signal.convolve2d', 'scipy.signal.correlate2d'])
        text = f'{fn}({a}, {k2}{mode2}{boundary})'
        if form == 3 and "'same'" in mode2:
            return self.finish(scope, [], text, M)
        return self.finish(scope, [], self.reduce(text, 'any'))

    # -- ufunc methods ----------------------------------------------------------------
    def c_ufunc_methods(self, scope, returns):
        """``np.add.accumulate``, ``np.multiply.outer``, ``ufunc.reduce``, ``reduceat``."""
        form = self.between(0, 3)
        v, u = self.operand(V, scope).text, self.operand(V, scope).text
        a = self.operand(M, scope).text
        if form == 0:   # accumulate
            return self.finish(scope, [], *self.pick([
                (f'np.add.accumulate({v})', V),
                (f'np.multiply.accumulate(1.0 + 0.5 * np.tanh({v}))', V),
                (f'np.maximum.accumulate({v})', V), (f'np.minimum.accumulate({v})', V),
                (f'np.logaddexp.accumulate({v})', V),
                (f'np.add.accumulate({a}, axis=1)', M),
                (f'np.multiply.accumulate(np.cos({a}), axis=0)', M)]))
        if form == 1:   # outer
            return self.finish(scope, [], *self.pick([
                (f'np.multiply.outer({v}, {u})', M), (f'np.add.outer({v}, {u})', M),
                (f'np.multiply.outer({v}, {v})', M), (f'np.subtract.outer({v}, {v}) + 1.0', M),
                (f'np.subtract.outer({v}, {u})', M),
                (f'np.divide.outer({v}, ({u}) ** 2 + 1.0)', M),
                (f'np.maximum.outer({v}, {u})', M)]))
        if form == 2:   # reduce
            return self.finish(scope, [], *self.pick([
                (f'np.add.reduce({v})', S), (f'np.multiply.reduce(1.0 + 0.5 * np.sin({v}))', S),
                (f'np.add.reduce({a}, axis=1)', V), (f'np.maximum.reduce({v})', S),
                (f'np.logaddexp.reduce({v})', S), (f'np.add.reduce({a}, axis=None)', S)]))
        return self.finish(scope, [], self.reduce(self.pick([
            f'np.add.reduceat({v}, [0, 1])', f'np.add.outer({v}, {u}).sum(axis=0)',
            f'np.multiply.outer({v}, {a})']), 'any'))

    # -- reductions with where= and initial= -----------------------------------------------
    def c_reductions(self, scope, returns):
        """``np.sum(.., where=mask)``, ``np.max(.., initial=c)``, means over masks."""
        n, form = self.n, self.between(0, 4)
        if form == 4 and self.chance(60):   # a differentiated initial= is refused (documented)
            form = 0
        v = self.operand(V, scope).text
        const_mask = self.pick([f'np.arange({n}) % 2 == 0',
                                f'np.array({[True, False, True, True][:n]})'])
        mask = self.pick([const_mask, f'({v}) > {self.constant()}'])
        c = self.constant()
        if form == 0:   # sum / prod with where= and initial=
            return self.finish(scope, [], self.pick([
                f'np.sum({v}, where={mask})', f'np.sum(({v}) ** 2, initial={c})',
                f'np.sum({v}, initial={c}, where={mask})', f'({v}).sum(where={mask})',
                f'np.prod(1.0 + 0.5 * np.tanh({v}), where={mask})',
                f'np.prod(np.cos({v}), initial={c})', f'np.nansum({v}, where={mask})',
                f'np.add.reduce({v}, where={mask})']))
        if form == 1:   # max / min with initial= (and where=)
            return self.finish(scope, [], self.pick([
                f'np.max({v}, initial={c})', f'np.min({v}, where={mask}, initial=10.0)',
                f'np.max({v}, where={mask}, initial=-10.0)', f'np.amax({v}, initial=-1.0)',
                f'({v}).max(initial={c})']))
        if form == 2:   # means and spreads over a mask that holds a True
            return self.finish(scope, [], self.pick([
                f'np.mean({v}, where={const_mask})', f'np.var({v}, where={const_mask})',
                f'np.std({v}, where={const_mask})', f'({v}).mean(where={const_mask})']))
        a = self.operand(M, scope).text
        if form == 3:   # along an axis
            return self.finish(scope, [], *self.pick([
                (f'np.sum({a}, axis=1, where={const_mask})', V),
                (f'np.sum({a}, axis=0, initial={c})', V),
                (f'np.max({a}, axis=1, initial=-10.0)', V),
                (f'({a}) - np.sum({a}, axis=1, keepdims=True, where={const_mask})', M),
                (f'np.mean({a}, axis=0, where=({const_mask})[:, None])', V),
                (f'np.sum({a}, where=({a}) > 0.0)', S)]))
        s = self.operand(S, scope).text   # an active initial value
        return self.finish(scope, [], self.pick([
            f'np.sum({v}, initial={s})', f'np.max({v}, initial={s})',
            f'np.prod(np.cos({v}), initial={s})']))
