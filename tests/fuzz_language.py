"""The fuzzer's language constructs of srcad's second wave (a mixin of
``tests.fuzz.Generator``): comprehensions, lambdas with ``map``/``filter``/
``functools.reduce``, star-arguments and the statements ``assert``, ``with``,
``try``/``except`` and ``for``/``while ... else``.

Each ``c_<name>`` method returns the lines of a short group of statements that
ends by binding a fresh name to what it computed (``self.finish``), which then
flows into ``f``'s value.  NumPy's own execution is the specification; values
stay in each function's domain by construction.  No import of hypothesis here
(the drawing primitives come from the generator).
"""

S, V, M = 's', 'v', 'm'   # as in tests.fuzz

#: Constructs of this module, in the order ``--constructs`` lists them.
LANGUAGE_CONSTRUCTS = ('comprehensions', 'lambdas', 'starargs', 'statements')


def _indent(lines):
    return ['    ' + line for line in lines]


class LanguageConstructs:
    """``c_comprehensions``, ``c_lambdas``, ``c_starargs``, ``c_statements``."""

    def need(self, *lines):
        """Import lines the module needs (added to its header)."""
        self.imports.update(lines)

    def scalar_of(self, e):
        """A smooth scalar function of the scalar ``e``."""
        return self.pick([f'{e} * {e}', f'np.sin({e})', f'np.tanh({e}) * 1.5', f'{e} ** 3',
                          f'np.exp(-{e} * {e})', f'{e} * np.cos({e})'])

    def vector_name(self, scope):
        """A vector to iterate over: a name (usually) or an expression."""
        return self.operand(V, scope).text

    # -- comprehensions ---------------------------------------------------------
    def c_comprehensions(self, scope, returns):
        """List, dict and generator comprehensions (with ``if``, nested) read by
        ``sum``/``max``/``min``/``math.fsum``, ``np.array``, ``np.stack``."""
        n, form = self.n, self.between(0, 9)
        e, g, k = self.fresh('e'), self.fresh('g'), self.fresh('k')
        v = self.vector_name(scope)
        s = self.operand(S, scope).text
        if form == 9:   # traps: shadowing, conditional elements, next(), zip(*rows)
            a = self.operand(M, scope).text
            if self.chance(40):   # a comprehension's variable never leaks out
                lines = [f'{e} = {s} * 2.0', f'{g} = [{e} * {e} for {e} in {v}]']
                return self.finish(scope, lines, f'{e} + sum({g})')
            return self.finish(scope, [], *self.pick([
                (f'np.array([{e} if {e} > 0.0 else 0.1 * {e} for {e} in {v}])', V),
                (f'next(({e} * 2.0 for {e} in {v} if {e} > {self.constant()}), {s})', S),
                (f'np.array([sum({g}) for {g} in zip(*{a})])', V),
                (f'np.array([({a})[:, {k}] @ {v} for {k} in range({n})])', V),
                (f'sum(({e} * {g} for {e}, {g} in zip({v}, ({v})[1:])), {s})', S)]))
        if form == 0:   # a generator consumed by a reduction
            fn = self.pick(['sum', 'max', 'min', 'math.fsum', 'sum'])
            cond = (f' if {e} > {self.constant()}' if fn in ('sum', 'math.fsum')
                    and self.chance(40) else '')
            return self.finish(scope, [], f'{fn}({self.scalar_of(e)} for {e} in {v}{cond})')
        if form == 1:   # a filtered list comprehension, read back
            name = self.fresh('L')
            lines = [f'{name} = [np.tanh({e}) * {s} for {e} in {v} if {e} > {self.constant()}]']
            return self.finish(scope, lines, self.pick([
                f'sum({name}) + 0.1 * len({name})', f'np.sum(np.array({name}) ** 2)',
                f'sum({name}, {s})', f'math.fsum({name})']))
        if form == 2:   # the rows of a matrix
            a, u = self.operand(M, scope).text, self.operand(V, scope).text
            return self.finish(scope, [], *self.pick([
                (f'np.array([np.dot({e}, {u}) for {e} in {a}])', V),
                (f'np.stack([{e} * {s} for {e} in {a}])', M),
                (f'np.stack([np.tanh({e}) for {e} in {a}], axis=1)', M),
                (f'np.sum(np.array([np.sum({e} ** 2) for {e} in {a} if np.sum({e}) > 0.0]'
                 f' + [0.5]) ** 2)', S)]))
        if form == 3:   # range, enumerate, zip
            u = self.operand(V, scope).text
            return self.finish(scope, [], *self.pick([
                (f'np.array([({v})[{k}] * ({k} + 1) for {k} in range({n})])', V),
                (f'sum(({k} + 1) * {self.scalar_of(e)} for {k}, {e} in enumerate({v}))', S),
                (f'sum({e} * {g} for {e}, {g} in zip({v}, {u}))', S),
                (f'np.array([{e} - np.sin({g}) for {e}, {g} in zip({v}, {u})])', V),
                (f'sum(({v})[{k}] * ({v})[{k} - 1] for {k} in range(1, {n}))', S)]))
        if form == 4:   # nested comprehensions
            u = self.operand(V, scope).text
            return self.finish(scope, [], *self.pick([
                (f'sum({e} * {g} for {e} in {v} for {g} in {u})', S),
                (f'np.array([[{e} * {g} for {g} in {u}] for {e} in {v}])', M),
                (f'sum({e} * {g} for {e} in {v} for {g} in {u} if {e} > {g})', S),
                (f'np.sum(np.array([{g} * {e} for {e} in {v} for {g} in (0.5, -1.0)]) ** 2)', S),
                (f'np.array([sum({e} * {g} for {g} in {u}) for {e} in {v}])', V)]))
        if form == 5:   # dict comprehensions
            d = self.fresh('d')
            if scope.dicts and self.chance(40):
                src = self.pick(list(scope.dicts))
                lines = [f'{d} = {{{k}: {g} * 2.0 for {k}, {g} in {src}.items()}}']
                text = f'sum(np.sum({g} ** 2) for {g} in {d}.values())'
            elif self.chance(50):
                lines = [f'{d} = {{{k}: {self.scalar_of(e)} for {k}, {e} in enumerate({v})}}']
                text = self.pick([f'sum({d}.values())', f'{d}[0] * {d}[len({d}) - 1]',
                                  f'sum({d}[{k}] * ({k} + 1) for {k} in {d})'])
            else:
                u = self.operand(V, scope).text
                lines = [f"{d} = {{{k}: {g} * {s} for {k}, {g} in zip(('a', 'b'), ({v}, {u}))"
                         f" if {k} != 'c'}}"]
                text = self.pick([f"np.sum({d}['a'] * {d}['b'])",
                                  f'np.sum(np.stack(list({d}.values())) ** 2)'])
            return self.finish(scope, lines, text)
        if form == 6:   # over a list of vectors
            seqs = [name for name, (kind, _) in scope.seqs.items() if kind == V]
            src = self.pick(seqs) if seqs else f'[{v}, {self.operand(V, scope).text}]'
            return self.finish(scope, [], *self.pick([
                (f'sum(np.sum({e} ** 2) for {e} in {src})', S),
                (f'np.stack([np.tanh({e}) for {e} in {src}]).sum(axis=0)', V),
                (f'np.array([np.dot({e}, OFFSET) for {e} in {src}])', 'any'),
                (f'max(np.sum(np.sin({e})) for {e} in {src})', S)]))
        if form == 7:   # handed to np.stack / np.concatenate / np.vstack
            return self.finish(scope, [], self.pick([
                f'np.sum(np.stack([({v}) * {k} for {k} in range(1, 3)]) ** 2)',
                f'np.sum(np.concatenate([({v})[{k}:] for {k} in range(2)]) ** 2)',
                f'np.sum(np.vstack([np.sin(({v}) * {g}) for {g} in (0.5, 2.0)]))',
                f'np.sum(np.hstack([({v})[:1] * {g} for {g} in [1.0, {s}]]))']))
        if self.chance(30):   # a generator consumed lazily; its elements pop a list
            q, f = self.fresh('q'), self.fresh('f')
            lines = [f'{q} = list(range({n})) * 2']
            pick = f'({v})[{q}.pop()]'
            if self.chance(50):
                lines.append(f'{f} = {self.pick(["any", "all"])}('
                             f'{pick} > {self.constant()} for _ in range({n}))')
                return self.finish(scope, lines, f'{pick} * {s} * (2.0 if {f} else 1.0)')
            lines += [f'for {e} in ({pick} * 1.5 for _ in range({n})):',
                      f'    if {e} > {self.constant()}:', '        break']
            return self.finish(scope, lines, f'{e} * {s} + {pick}')
        # a comprehension in a condition or in sorted()
        return self.finish(scope, [], self.pick([
            f'({s} if any({e} > 2.0 for {e} in {v}) else -{s})',
            f'sorted([np.sin({e}) for {e} in {v}])[-1]',
            f'max([np.sum({e} * {e}) for {e} in ({v}, 2.0 * ({v}))])',
            f'({s} * 2.0 if all({e} < 3.0 for {e} in {v}) else {s})']))

    # -- lambdas, map, filter, reduce --------------------------------------------
    def c_lambdas(self, scope, returns):
        """Lambdas in names, lists and dicts; ``map``, ``filter``, ``functools.reduce``,
        ``sorted``/``max`` with a key."""
        form = self.between(0, 9)
        e, fn, acc = self.fresh('e'), self.fresh('fn'), self.fresh('acc')
        v = self.vector_name(scope)
        s = self.operand(S, scope).text
        if form == 9:   # traps: late binding, rebinding after the definition, tuples
            c, k = self.fresh('c'), self.fresh('k')
            lines, text = self.pick([
                ([f'{fn} = [lambda z: z * {k} for {k} in range(1, 4)]'],   # all use k = 3
                 f'sum(np.sum(h({v})) for h in {fn})'),
                ([f'{fn} = [lambda z, {k}={k}: z * {k} for {k} in range(1, 4)]'],
                 f'sum(np.sum(h({v})) for h in {fn})'),
                ([f'{c} = {s}', f'{fn} = lambda z: z * {c}', f'{c} = {c} * 2.0 + 1.0'],
                 f'np.sum({fn}({v}))'),   # reads the new c
                ([f'{fn} = lambda z: (np.sum(z), np.sum(z * z))', f'{c}, {k} = {fn}({v})'],
                 f'{c} * {k}'),
                ([f'def {fn}(z):', '    return np.tanh(z) * 2.0'],
                 f'sum(map({fn}, {v})) + np.sum(np.array(list(map({fn}, [{s}, 1.0]))))'),
                ([], f'sum(filter(None, [{s}, 0.0, np.sum({v})]))')])
            return self.finish(scope, lines, text)
        if form == 0:   # a named lambda closing over a local
            lines = [f'{fn} = lambda z: np.tanh(z) * {s} + z ** 2']
            return self.finish(scope, lines, self.pick([
                f'np.sum({fn}({v}))', f'{fn}({s}) + np.sum({fn}({v}) ** 2)',
                f'{fn}({fn}({s}))']))
        if form == 1:   # two parameters, a default
            lines = [f'{fn} = lambda a, b=0.5: a * b + np.sin(a)']
            return self.finish(scope, lines, self.pick([
                f'np.sum({fn}({v}, {s}))', f'np.sum({fn}({v}))', f'{fn}({s}, b={s})']))
        if form == 2:   # a dict of lambdas and NumPy functions
            name = self.fresh('acts')
            lines = [f"{name} = {{'tanh': np.tanh, 'soft': lambda z: np.log1p(np.exp(-np.abs(z)))"
                     f" + np.maximum(z, 0.0), 'sq': lambda z: z * z}}"]
            key = self.pick(["'tanh'", "'soft'", "'sq'"])
            if self.chance(40):
                k = self.fresh('k')
                lines += [f'{acc} = 0.0', f'for {k} in {name}:',
                          f'    {acc} = {acc} + np.sum({name}[{k}]({v}))']
                return self.finish(scope, lines, acc)
            return self.finish(scope, lines, self.pick([
                f'np.sum({name}[{key}]({v}))',
                f"sum(np.sum({name}[k]({v})) for k in ('sq', {key}))"]))
        if form == 3:   # a list of functions
            name = self.fresh('fs')
            lines = [f'{name} = [np.sin, lambda z: z ** 2, np.tanh, lambda z: {s} * z]']
            if self.chance(50):
                lines += [f'{acc} = 0.0', f'for {fn} in {name}:',
                          f'    {acc} = {acc} + np.sum({fn}({v}))']
                return self.finish(scope, lines, acc)
            return self.finish(scope, lines, self.pick([
                f'sum(np.sum({fn}({v})) for {fn} in {name})', f'np.sum({name}[1]({v}))',
                f'{name}[3]({name}[0]({s}))']))
        if form == 4:   # map
            u = self.operand(V, scope).text
            return self.finish(scope, [], *self.pick([
                (f'sum(map(lambda {e}: {e} * {e}, {v}))', S),
                (f'sum(map(lambda a, b: a * b, {v}, {u}))', S),
                (f'np.array(list(map(lambda {e}: np.sin({e}) * {s}, {v})))', V),
                (f'np.sum(np.stack(list(map(np.tanh, [{v}, {u}]))))', S),
                (f'sum(map(np.sin, {v}))', S)]))
        if form == 5:   # filter
            c = self.constant()
            return self.finish(scope, [], self.pick([
                f'sum(filter(lambda {e}: {e} > {c}, {v}))',
                f'sum(filter(lambda {e}: {e} > {c}, {v}), {s})',
                f'sum(map(np.tanh, filter(lambda {e}: {e} < {c}, {v})))',
                f'len(list(filter(lambda {e}: {e} > {c}, {v}))) * {s}']))
        if form == 6:   # functools.reduce
            self.need('import functools', 'import operator', 'from functools import reduce')
            u = self.operand(V, scope).text
            a = self.operand(M, scope).text
            return self.finish(scope, [], *self.pick([
                (f'functools.reduce(lambda a, b: a * 0.5 + np.sin(b), {v}, 0.0)', S),
                (f'functools.reduce(lambda h, W: np.tanh(W @ h), [{a}, ({a}).T], {v})', V),
                (f'functools.reduce(np.add, [{v}, {u}, {v} * {u}])', V),
                (f'functools.reduce(operator.mul, [{s}, 1.5, np.tanh({s})])', S),
                (f'reduce(lambda a, b: a + b * b, {v})', S),
                (f'functools.reduce(operator.add, map(np.cos, {v}))', S)]))
        if form == 7:   # a key function
            return self.finish(scope, [], *self.pick([
                (f'max({v}, key=lambda {e}: {e} ** 2)', S),
                (f'sorted({v}, key=lambda {e}: -{e})[0]', S),
                (f'min([{v}, np.sin({v})], key=np.sum)', V),
                (f'max(list({v}), key=abs) * {s}', S)]))
        return self.finish(scope, [], self.pick([   # called in place
            f'(lambda z: z * z + 1.0)({s})', f'np.sum((lambda w, c=2.0: w * c)({v}))']))

    # -- star-arguments -----------------------------------------------------------
    def star_helper(self):
        """A module-level ``def h(w, *args, scale=1.0, **kwargs)``; returns its name."""
        name = self.fresh('star')
        body = [f'total = scale * np.sum(w ** 2)']
        body += self.pick([
            ['for a in args:', '    total = total + np.sum(np.sin(a) * w)'],
            ['total = total + sum(np.sum(a * w) for a in args)'],
            ['if args:', '    total = total + np.sum(args[0]) * len(args)'],
            ['for i, a in enumerate(args):', '    total = total + (i + 1) * np.sum(np.tanh(a))']])
        body += self.pick([
            ["total = total + kwargs.get('bias', 0.0)"],
            ['for key, val in kwargs.items():', '    total = total + np.sum(val) * 0.5'],
            ["total = total + (kwargs['bias'] if 'bias' in kwargs else 0.0)"]])
        self.module_chunks.append([f'def {name}(w, *args, scale=1.0, **kwargs):']
                                  + _indent(body + ['return total']))
        return name

    def c_starargs(self, scope, returns):
        """``h(*xs)``, ``h(**kw)``, helpers with ``*args``/``**kwargs``, starred
        targets (``first, *rest = xs``, ``for a, *b in rows``), ``zip(*pairs)``."""
        n, form = self.n, self.between(0, 6)
        v, u = self.vector_name(scope), self.operand(V, scope).text
        s = self.operand(S, scope).text
        if form == 6:   # keyword arguments built by a comprehension, then spread
            h, k = self.star_helper(), self.fresh('k')
            kw = f"{{{k}: {s} * 0.5 for {k} in ('bias', 'extra')}}"
            return self.finish(scope, [], self.pick([f'{h}({u}, **{kw})',
                                                     f'{h}({u}, {v}, **{kw}, scale={s})']))
        if form == 0:   # a module helper with *args and **kwargs
            h = self.star_helper()
            parts = self.fresh('parts')
            calls = [f'{h}({v})', f'{h}({v}, {u}, {s})', f'{h}({v}, *{parts})',
                     f'{h}(*[{v}, {u}], scale=0.5)', f'{h}({v}, bias={s})',
                     f"{h}({v}, **{{'bias': {s}, 'scale': 0.3}})",
                     f'{h}({v}, {u}, scale={s}, bias=1.5)']
            call = self.pick(calls)
            lines = [f'{parts} = ({u}, {s})'] if parts in call else []
            if self.chance(30):
                kw = self.fresh('kw')
                lines, call = [f"{kw} = {{'w': {v}, 'scale': 0.5}}"], f'{h}(**{kw})'
            return self.finish(scope, lines, call)
        if form == 1:   # a nested def with *args
            inner = self.fresh('inner')
            lines = [f'def {inner}(*xs, k=2.0):',
                     f'    return sum(np.sum(a ** 2) for a in xs) * k']
            seqs = [name for name, (kind, _) in scope.seqs.items() if kind == V]
            more = f' + {inner}(*{self.pick(seqs)}, k=0.5)' if seqs else ''
            return self.finish(scope, lines, f'{inner}({v}, {u}){more}')
        if form == 2:   # starred assignment targets
            a, rest = self.fresh('u'), self.fresh('rest')
            lines, text = self.pick([
                ([f'{a}, *{rest} = {v}'], f'{a} * sum({rest})'),
                ([f'{a}, *{rest} = {v}'], f'{a} + np.sum(np.array({rest}) ** 2)'),
                ([f'*{rest}, {a} = {v}'], f'{a} * len({rest}) + sum({rest})'),
                ([f'{a}, *{rest}, {a}b = {v}'], f'{a} * {a}b + sum({rest}, 0.0)'),
                ([f'{a}, *{rest} = [{v}, {u}, {s}]'], f'np.sum({a} * {rest}[0]) + {rest}[-1]')])
            return self.finish(scope, lines, text)
        if form == 3 and n >= 2:   # a starred loop target over matrix rows
            a, b, acc = self.fresh('u'), self.fresh('rest'), self.fresh('acc')
            m = self.operand(M, scope).text
            lines = [f'{acc} = 0.0', f'for {a}, *{b} in {m}:',
                     f'    {acc} = {acc} + {a} * sum({b})']
            return self.finish(scope, lines, acc)
        if form == 4:   # zip(*pairs)
            pairs, xs, cs = self.fresh('P'), self.fresh('xs'), self.fresh('cs')
            lines = [f'{pairs} = [(({v})[0], 1.0), ({s}, 2.0), (({u})[-1], -0.5)]',
                     f'{xs}, {cs} = zip(*{pairs})']
            return self.finish(scope, lines, self.pick([
                f'np.dot({xs}, {cs})', f'sum({xs}) * {cs}[1]',
                f'sum(a * b for a, b in zip(*[{v}, {u}]))']))
        # a star into one of the module's helpers
        fns = [c for c in scope.callables if len(c.returns) == 1
               and not c.name.startswith('recurse')]
        if not fns:
            return self.finish(scope, [], f'sum(a * b for a, b in zip(*[{v}, {u}]))')
        fn, tup = self.pick(fns), self.fresh('args')
        parts = [self.operand(k, scope).text for k in fn.params]
        lines = [f'{tup} = ({", ".join(parts)},)']
        return self.finish(scope, lines, f'{fn.name}(*{tup})', fn.returns[0])

    # -- statements -------------------------------------------------------------------
    def c_statements(self, scope, returns):
        """``assert``, ``with np.errstate(...)``, ``try``/``except``/``else``/``finally``
        around a computation, ``for ... else`` and ``while ... else``, ``del``."""
        n, form = self.n, self.between(0, 5)
        v, s = self.vector_name(scope), self.operand(S, scope).text
        name = self.fresh('t')
        if form == 0:   # assert, then a computation
            test = self.pick([f'np.all(np.isfinite({v}))', f'np.shape({v}) == ({n},)',
                              f'len({v}) == {n}', f'{s} == {s}', f'np.ndim({v}) == 1'])
            message = self.pick(['', ", 'bad input'", f', f"got {{{s}}}"'])
            return self.finish(scope, [f'assert {test}{message}'], self.reduce(v, V))
        if form == 1:   # with a context manager
            head = self.pick(["with np.errstate(divide='ignore', invalid='ignore'):",
                              "with np.errstate(all='ignore'):",
                              "with np.errstate(over='raise'):",
                              'with np.printoptions(precision=3):',
                              'with warnings.catch_warnings():',
                              "with np.errstate(invalid='ignore') as state:"])
            if 'warnings' in head:
                self.need('import warnings')
            body = [f'{name} = np.log(({v}) ** 2 + 1.0) * {s}']
            if self.chance(40):
                body += self.block(scope.child(), self.between(1, 2), returns)
            lines = [head] + _indent(body)
            return self.finish(scope, lines, self.reduce(name, V))
        if form == 2:   # try/except around a computation; sometimes the handler runs
            a = self.operand(M, scope).text
            lines = self.pick([
                ['try:', f'    {name} = np.linalg.cholesky(({a}) @ ({a}).T + np.eye({n}))',
                 'except np.linalg.LinAlgError:', f'    {name} = np.eye({n})'],
                ['try:', f'    {name} = np.linalg.cholesky(({a}) - 10.0 * np.eye({n}))',
                 'except np.linalg.LinAlgError:', f'    {name} = ({a}) * {s}'],
                ['try:', f'    {name} = np.eye({n}) * ({v})[{n + 1}]',
                 'except IndexError:', f'    {name} = np.outer({v}, {v})'],
                ['try:', f'    {name} = np.outer({v}, {v}) * {s}', 'except ValueError:',
                 f'    {name} = np.eye({n})', 'else:', f'    {name} = {name} + 1.0',
                 'finally:', '    pass'],
                ['try:', f'    if {s} > {self.constant()}:', "        raise ValueError('big')",
                 f'    {name} = np.outer({v}, {v}) * 2.0', 'except ValueError:',
                 f'    {name} = np.eye({n}) * {s} ** 2'],
                ['try:', f"    {name} = {{'a': np.outer({v}, {v})}}['b']",
                 'except (KeyError, IndexError) as exc:', f'    {name} = ({a}) * {s}']])
            return self.finish(scope, lines, self.reduce(name, M))
        if form == 3:   # for ... else
            e, acc = self.fresh('e'), self.fresh('acc')
            jump = self.pick(['break', 'break', 'continue'])
            lines = [f'{acc} = {s}', f'for {e} in {v}:',
                     f'    if {e} > {self.pick(["1.0", "2.0", "0.0", "5.0"])}:', f'        {jump}',
                     f'    {acc} = 0.5 * {acc} + np.sin({e})',
                     'else:', f'    {acc} = {acc} + {self.operand(S, scope).text}']
            return self.finish(scope, lines, acc)
        if form == 4:   # while ... else
            k, acc = self.fresh('k'), self.fresh('acc')
            lines = [f'{k} = 0', f'{acc} = {s}', f'while {k} < {self.between(1, 4)}:',
                     f'    {k} = {k} + 1', f'    {acc} = np.tanh({acc}) + ({v})[{k} % {n}]',
                     f'    if {acc} > {self.pick(["0.5", "1.5", "3.0"])}:', '        break',
                     'else:', f'    {acc} = {acc} * 2.0']
            return self.finish(scope, lines, acc)
        if form == 5:   # two one-sided ifs, exactly one of which binds
            c = self.pick(['0.0', '0.5', '-0.5'])
            lines = [f'if {s} > {c}:', f'    {name} = np.sin({v}) * {s}',
                     f'if not ({s} > {c}):', f'    {name} = ({v}) ** 2']
            return self.finish(scope, lines, self.reduce(name, V))
        if form == 6:   # a search loop: bound where it breaks, else in the else clause
            e, hit = self.fresh('e'), self.fresh('hit')
            bound = self.pick(['0.0', '0.3', '1.0'])
            lines = [f'for {e} in {v}:', f'    if {e} > {bound}:',
                     f'        {hit} = {e} * {s}', '        break',
                     'else:', f'    {hit} = np.sum({v}) * 0.5']
            return self.finish(scope, lines, hit)
        if form == 7:   # y[order.pop()] op= ...: the index has an effect
            e, y, order = self.fresh('e'), self.fresh('y'), self.fresh('order')
            op = self.pick(['+=', '-=', '*='])
            start = 'np.ones' if op == '*=' else 'np.zeros'
            picks = [self.between(0, n - 1) for _ in range(2 * n)]
            lines = [f'{y} = {start}({n})', f'{order} = {picks}', f'for {e} in {v}:',
                     f'    {y}[{order}.pop()] {op} np.tanh({e}) * {s}']
            return self.finish(scope, lines, self.reduce(y, V))
        tmp = self.fresh('tmp')   # del, and a raise on a branch not taken
        lines = [f'{tmp} = ({v}) * 2.0', f'{name} = np.sum({tmp} ** 2)', f'del {tmp}',
                 f'if not np.all(np.isfinite({v})):', "    raise ValueError('not finite')"]
        return self.finish(scope, lines, name)
