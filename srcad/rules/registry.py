"""How a derivative rule is declared and looked up.

A rule says, for ``ans = f(x, y, ...)`` and the adjoint ``g`` of ``ans``, what
each differentiable argument receives, as one line of NumPy::

    adjoint(np.tanh, "x", x="g * (1 - ans * ans)")

The line is parsed once into an expression template.  The compiler inlines it
into generated code with the call's own arguments substituted, and the test
suite *evaluates* the same line to check it against finite differences.  The
compiler never mentions ``np.tanh``: it only asks this registry.

The built-in rules use exactly the public API users have
(:func:`adjoint`, :func:`nondifferentiable`, :func:`method`).
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

from .. import runtime

_MISSING = object()


@dataclass(frozen=True)
class Signature:
    """The parameters a rule binds a call's arguments to."""

    params: tuple[str, ...]
    defaults: dict
    varargs: str | None = None
    npositional: int | None = None  # how many of params may be passed by position

    @classmethod
    def parse(cls, text: str) -> 'Signature':
        args = ast.parse(f'def _({text}): pass').body[0].args
        names = tuple(a.arg for a in args.posonlyargs + args.args + args.kwonlyargs)
        positional = args.posonlyargs + args.args
        defaults = {a.arg: ast.literal_eval(d) for a, d in
                    zip(positional[len(positional) - len(args.defaults):], args.defaults)}
        defaults.update({a.arg: ast.literal_eval(d) for a, d in
                         zip(args.kwonlyargs, args.kw_defaults) if d is not None})
        varargs = args.vararg.arg if args.vararg else None
        return cls(names, defaults, varargs, len(positional))

    @property
    def names(self) -> tuple[str, ...]:
        return self.params + ((self.varargs,) if self.varargs else ())


@dataclass(frozen=True)
class Rule:
    """The derivative rule of one callable (or operator)."""

    fn: object
    name: str
    signature: Signature
    adjoints: dict = field(default_factory=dict)   # param -> template ast.expr
    texts: dict = field(default_factory=dict)      # param -> template source
    namespace: dict = field(default_factory=dict)  # free name -> object
    tangents: dict = field(default_factory=dict)   # param -> forward template (in ``dot``)
    linear_params: tuple = ()  # parameters the JOINT tangent template takes tangents of
    elementwise: bool = False  # output shaped like the broadcast inputs, Jacobian diagonal
    constants: dict = field(default_factory=dict)  # param -> why it carries no derivative
    helper: bool = False  # a helper generated gradients call (forward rules only)

    @property
    def impl(self):
        """What to call to run the primal (operators map to :mod:`operator`)."""
        return OPERATOR_FUNCTIONS.get(self.fn, self.fn)

    @property
    def differentiable(self) -> bool:
        return bool(self.adjoints or self.tangents)

    def forward_params(self) -> set:
        """Parameters a tangent can flow in through."""
        return (set(self.tangents) - {JOINT}) | set(self.linear_params)

    @property
    def constant_output(self) -> bool:
        """Declared with :func:`nondifferentiable`: no argument reaches the output's derivative."""
        return not self.differentiable and not self.signature.params

    def classify(self, param: str, forward: bool = False) -> tuple:
        """What a differentiated value passed as ``param`` gets, in one mode:

        * ``('derivative', '')``: the rule has an adjoint (reverse) or a tangent
          (``forward``) for it;
        * ``('constant', why)``: it cannot carry a derivative (an axis, a shape, a
          dtype, an index, a flag, a mode string, a condition...), and ``why`` says so;
        * ``('refused', '')``: anything else.  The compiler refuses the call, with
          its location, when a differentiated value reaches such a parameter
          (:mod:`srcad.compiler.parameters`): it is never silently a constant.
        """
        covered = self.forward_params() if forward else set(self.adjoints)
        if param in covered:
            return 'derivative', ''
        if param in self.constants:
            why = self.constants[param]
        elif self.helper:
            why = HELPER_ARGUMENT
        else:
            why = CONSTANT_NAMES.get(param) if _library(self.fn) \
                else ANY_RULE_CONSTANT_NAMES.get(param)
        return ('constant', why) if why else ('refused', '')

    def evaluate(self, param: str, g, ans, *args, **kwargs):
        """Run the rule for ``param`` as plain NumPy (used by the tests)."""
        env = {'np': __import__('numpy'), **self.namespace}
        env.update(self.bind_values(args, kwargs))
        env.update(g=g, ans=ans)
        code = _compiled(self.adjoints[param], f'<rule {self.name}>')
        return eval(code, env)

    def evaluate_tangent(self, param: str, dot, ans, *args, **kwargs):
        """Run the forward rule for ``param`` as plain NumPy (used by the tests)."""
        env = {'np': __import__('numpy'), **self.namespace}  # (a rule's text may name np: np.dot's)
        env.update(self.bind_values(args, kwargs))
        env.update(dot=dot, ans=ans)
        code = _compiled(self.tangents[param], f'<tangent {self.name}>')
        return eval(code, env)

    def bind_values(self, args, kwargs) -> dict:
        """Map concrete argument values to parameter names, defaults filled."""
        sig = self.signature
        bound = dict(sig.defaults)
        npos = len(sig.params) if sig.npositional is None else sig.npositional
        bound.update(zip(sig.params[:npos], args))
        if sig.varargs:
            bound[sig.varargs] = tuple(args[npos:])
        bound.update(kwargs)
        return bound


_CODE = {}  # id(template) -> (template, its compiled code), for running rules directly


def _compiled(template: ast.expr, filename: str):
    entry = _CODE.get(id(template))
    if entry is None or entry[0] is not template:
        code = compile(ast.fix_missing_locations(ast.Expression(template)), filename, 'eval')
        entry = _CODE[id(template)] = (template, code)
    return entry[1]


#: Parameters that never carry a derivative, by name, and why.  A rule overrides an
#: entry with :func:`constant` (``None`` as the reason: the name means a value there).
#: Every other parameter without an adjoint is refused when a differentiated value
#: reaches it (see :meth:`Rule.classify`).
_AXIS, _FLAG, _OPTION = 'an axis', 'a flag', 'an option (a string or a small integer code)'
_SIZE = 'a shape, size or count (integers)'
CONSTANT_NAMES = {
    **dict.fromkeys(('axis', 'axes', 'axis1', 'axis2', 'axisa', 'axisb', 'axisc', 'source',
                     'destination'), _AXIS),
    **dict.fromkeys(('keepdims', 'copy', 'subok', 'overwrite_input', 'overwrite_a',
                     'overwrite_b', 'check_finite', 'return_index', 'return_inverse',
                     'return_counts', 'return_sign', 'returned', 'include_initial',
                     'full_matrices', 'compute_uv', 'hermitian', 'upper', 'lower',
                     'unit_diagonal', 'transposed', 'eigvals_only', 'sparse', 'equal_nan',
                     'sorted', 'stable', 'deg', 'skip_nan', 'optimize', 'endpoint', 'retstep'),
                    _FLAG),
    **dict.fromkeys(('order', 'kind', 'mode', 'method', 'norm', 'indexing', 'reflect_type',
                     'UPLO', 'trans', 'assume_a', 'driver', 'casting', 'which', 'type'), _OPTION),
    **dict.fromkeys(('shape', 'newshape', 'new_shape', 'reps', 's', 'n', 'ndmin', 'minlength',
                     'ind', 'num', 'stat_length', 'indices_or_sections', 'repeats', 'k',
                     'offset', 'shift', 'kth'), _SIZE),
    **dict.fromkeys(('indices', 'idx', 'obj', 'where', 'i', 'key', 'subscripts'),
                    'an index or key (integers, booleans, slices)'),
    **dict.fromkeys(('condition', 'condlist'), 'a condition (truth values)'),
    'dtype': 'a dtype (a cast to an integer or boolean dtype makes the call a constant)',
    'out': 'an output buffer (written, never read)',
    'pad_width': _SIZE,
    'like': 'read only for its shape and dtype',
    'device': 'a device',
}

#: the names of CONSTANT_NAMES that mean the same in a user's rule (``s``, ``n``, ``k``,
#: ``mode`` or ``norm`` may well be values there: refused unless declared constant)
ANY_RULE_CONSTANT_NAMES = {name: why for name, why in CONSTANT_NAMES.items()
                           if why in (_AXIS, 'a dtype (a cast to an integer or boolean dtype '
                                      'makes the call a constant)',
                                      'an output buffer (written, never read)', 'a device')
                           or name in ('keepdims', 'copy', 'subok', 'overwrite_input',
                                       'overwrite_a', 'overwrite_b', 'check_finite', 'casting')}


def _library(fn) -> bool:
    """A function of NumPy, SciPy, Python or srcad (whose parameter names CONSTANT_NAMES
    describes), or an operator."""
    if isinstance(fn, type) and issubclass(fn, ast.AST):
        return True
    module = str(getattr(fn, '__module__', None) or '')
    if not module and type(fn).__name__ == 'ufunc':
        return True
    return module.split('.')[0] in ('numpy', 'scipy', 'srcad', 'builtins', 'math', '_operator')


#: why the arguments of srcad's own adjoint helpers that no tangent is declared for carry
#: none: the helper reads them for shapes, positions, orders or as flags only (each
#: helper's declaration in forward_rules.py or forward_second_order.py says which
#: arguments it is linear in or has a tangent for; the others are marked there when
#: their value matters)
HELPER_ARGUMENT = ('read by a helper of generated gradients only for its shape, positions '
                   'or order, or as a flag')

#: callable (or ast operator class) -> Rule
RULES: dict = {}
#: ast operator class -> the function that computes it (for running rules)
OPERATOR_FUNCTIONS: dict = {}
#: method name on an array -> the function it means, ``x.sum(...)`` = ``np.sum(x, ...)``
METHODS: dict = {}
#: attribute of an array -> the function it means, ``x.T`` = ``np.transpose(x)``
ATTRIBUTES: dict = {}

_RULE_NAMESPACE = dict(runtime.HELPERS)

#: functions whose rules read their ``dtype`` when they run (casts: a derivative
#: only into floating-point types; :mod:`srcad.compiler.parameters` leaves their dtype alone)
CHECKED_AT_RUN_TIME: set = set()

#: callable -> the facts the compiler's passes read about it, besides its derivative
#: (declared with :func:`declare_facts`; listed in :mod:`srcad.rules.facts`)
FACTS: dict = {}
FACT_KINDS = {
    'reduction': 'reduces its first argument along axis= (keepdims=): a number without axis',
    'view': 'its result shares the data of its first argument (a write through one shows in the other)',
    'row_value': 'a per-row value of its argument that a shift may subtract (max, min, mean)',
    'calls_back': 'hands arrays to functions the caller passes',
    'array_maker': 'makes a new array from a shape (and a dtype)',
}


def declare_facts(*fns, facts) -> None:
    """Declare ``facts`` (names from :data:`FACT_KINDS`) of each of ``fns``."""
    unknown = set(facts) - set(FACT_KINDS)
    if unknown:
        raise ValueError(f'unknown facts {sorted(unknown)}: use {sorted(FACT_KINDS)}')
    for fn in fns:
        FACTS[fn] = FACTS.get(fn, frozenset()) | frozenset(facts)


def has_fact(fn, fact: str) -> bool:
    """Whether ``fn`` was declared with ``fact``."""
    try:
        return fact in FACTS.get(fn, ())
    except TypeError:  # unhashable callee
        return False


#: what a lookup that misses calls before it gives up (SciPy's rules load this way,
#: :mod:`srcad.rules.scipy_rules`): each returns True when it registered rules
ON_MISS: list = []
#: what a lookup that still misses asks for a rule made for ``fn`` alone (the methods of
#: one frozen scipy.stats distribution, passed in: :mod:`srcad.rules.scipy_stats`)
MADE_ON_MISS: list = []


def helper_functions() -> dict:
    """Every helper rule expressions may call (the runtime's and registered ones)."""
    return _RULE_NAMESPACE


def register_helpers(helpers: dict) -> None:
    """Make more plain-NumPy helper functions available to rule expressions.

    Generated code binds each helper a rule uses by name, exactly like the
    helpers of :mod:`srcad.runtime`.
    """
    _RULE_NAMESPACE.update(helpers)


def _display_name(fn) -> str:
    if isinstance(fn, type) and issubclass(fn, ast.AST):
        return fn.__name__
    owner = getattr(fn, '__self__', None)
    if type(owner).__name__ == 'ufunc':   # a ufunc's method: np.maximum.accumulate
        return f'np.{owner.__name__}.{fn.__name__}'
    module = str(getattr(fn, '__module__', None) or '')
    name = getattr(fn, '__qualname__', None) or getattr(fn, '__name__', repr(fn))
    if module.startswith('numpy') or type(fn).__name__ == 'ufunc':
        return f'np.{name}'
    return name if module in ('builtins', '') else f'{module}.{name}'


def _free_names(tree: ast.AST, bound: set) -> set:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in bound}


def adjoint(fn, signature: str, namespace: dict | None = None, **adjoints: str) -> Rule:
    """Declare the reverse-mode rule of ``fn``.

    ``signature`` lists the parameters as in a ``def``; each keyword names a
    differentiable parameter and gives its adjoint as an expression in ``g``
    (the output's adjoint), ``ans`` (the output), the parameters, NumPy as
    ``np`` and the helpers of :mod:`srcad.runtime`.  ``namespace`` adds names
    the expressions use.  A registered rule wins over differentiating source.

    >>> import numpy as np
    >>> from srcad import adjoint
    >>> def softplus(x):
    ...     return np.log1p(np.exp(x))
    >>> _ = adjoint(softplus, "x", x="g / (1 + np.exp(-x))")
    """
    sig = Signature.parse(signature)
    env = dict(_RULE_NAMESPACE)
    env.update(namespace or {})
    templates, texts, names = {}, {}, {}
    for param, text in adjoints.items():
        if param not in sig.names:
            raise ValueError(f'adjoint for {param!r}, which is not in the signature {signature!r}')
        template = ast.parse(text, mode='eval').body
        for free in _free_names(template, set(sig.names) | {'g', 'ans'}):
            if free not in env and not hasattr(builtins, free):
                raise ValueError(f'rule for {_display_name(fn)} uses unknown name {free!r}')
            if free in env:
                names[free] = env[free]
        templates[param], texts[param] = template, text
    rule = Rule(fn, _display_name(fn), sig, templates, texts, names)
    RULES[_key(fn)] = rule
    return rule


def tangent(fn, namespace: dict | None = None, **tangents: str) -> Rule:
    """Declare the forward-mode rule of ``fn`` (whose reverse rule exists).

    Each keyword names a differentiable parameter and gives what the output's
    tangent receives from that parameter's tangent ``dot``, as an expression
    in ``dot``, ``ans`` and the parameters::

        tangent(np.tanh, x="dot * (1 - ans * ans)")
        tangent(np.linalg.inv, a="-(ans @ dot @ ans)")
    """
    rule = _declared(fn)
    for param, (template, _) in _templates(rule, tangents, namespace, 'dot', 'tangent').items():
        rule.tangents[param] = template
    return rule


def _declared(fn) -> Rule:
    rule = lookup(fn)
    if rule is None:
        raise ValueError(f'declare the signature of {_display_name(fn)} first (with adjoint)')
    return rule


def _templates(rule: Rule, texts: dict, namespace, seed: str, what: str) -> dict:
    """``{param: (template, text)}``: each expression parsed, its free names checked
    against the rule's namespace (and bound there); ``seed`` is ``g`` or ``dot``."""
    env = dict(_RULE_NAMESPACE)
    env.update(rule.namespace)
    env.update(namespace or {})
    out = {}
    for param, text in texts.items():
        if param not in rule.signature.names:
            raise ValueError(f'{rule.name} has no parameter {param!r}')
        template = ast.parse(text, mode='eval').body
        for free in _free_names(template, set(rule.signature.names) | {seed, 'ans'}):
            if free not in env and not hasattr(builtins, free):
                raise ValueError(f'{what} of {rule.name} uses unknown name {free!r}')
            if free in env:
                rule.namespace[free] = env[free]
        out[param] = (template, text)
    return out


JOINT = '*'  # key of a tangent template that takes every linear argument's tangent at once


def linear(fn, *params: str, signature: str | None = None) -> Rule:
    """Declare ``fn`` linear in ``params`` jointly (``setitem(x, i, v)`` in
    ``x`` and ``v``; ``sum`` in ``a``): its tangent is ``fn`` itself, applied
    to the tangents of those parameters (zeros where one does not vary).
    ``signature`` declares a function with no reverse rule (a runtime helper
    used forward only)."""
    rule = _rule_for(fn, signature)
    params = params or tuple(rule.adjoints)
    rule.tangents[JOINT] = _call_template(fn, rule, {p: f'{p}__dot' for p in params})
    object.__setattr__(rule, 'linear_params', params)  # completing the rule's declaration
    return rule


def multilinear(fn, *params: str, signature: str | None = None) -> Rule:
    """Declare ``fn`` linear in each of ``params`` separately (products such as
    ``@``, ``dot``, ``matmul_dx``): its tangent is the sum over varying
    parameters of ``fn`` with that one parameter replaced by its tangent."""
    rule = _rule_for(fn, signature)
    for param in params or tuple(rule.adjoints):
        rule.tangents[param] = _call_template(fn, rule, {param: 'dot'})
    return rule


def _rule_for(fn, signature):
    rule = lookup(fn)
    if rule is None:
        own = str(getattr(fn, '__module__', '') or '').startswith('srcad.')
        rule = Rule(fn, _display_name(fn), Signature.parse(signature), helper=own)
        RULES[_key(fn)] = rule
    return rule


def extend(fn, namespace: dict | None = None, **adjoints: str) -> Rule:
    """Add (or replace) adjoints of parameters of ``fn``'s existing rule, keeping
    its tangents: for rules completed after the forward rules were declared."""
    rule = _declared(fn)
    for param, (template, text) in _templates(rule, adjoints, namespace, 'g', 'rule').items():
        rule.adjoints[param], rule.texts[param] = template, text
    return rule


def _call_template(fn, rule, replace: dict) -> ast.expr:
    """``fn(<params>)`` as a template, with some parameters renamed."""
    sig = rule.signature

    def arg(p):
        return ast.Name(replace.get(p, p), ast.Load())
    if isinstance(fn, type) and issubclass(fn, ast.operator):
        return ast.BinOp(arg(sig.params[0]), fn(), arg(sig.params[1]))
    key = _callable_name(fn)
    if not key.startswith('np.'):
        rule.namespace[key] = fn
    npos = len(sig.params) if sig.npositional is None else sig.npositional
    call = ast.Call(_callee_expr(key), [arg(p) for p in sig.params[:npos]],
                    [ast.keyword(p, arg(p)) for p in sig.params[npos:]])
    if sig.varargs:
        call.args.append(ast.Starred(arg(sig.varargs), ast.Load()))
    return call


def elementwise(*fns) -> None:
    """Declare rules whose Jacobian is diagonal (elementwise functions): the
    tangent is the adjoint with ``g`` read as the tangent and no unbroadcast."""
    for fn in fns:
        rule = lookup(fn)
        for param, template in rule.adjoints.items():
            rule.tangents[param] = _as_tangent(template)
        object.__setattr__(rule, 'elementwise', True)  # completing the declaration


def _as_tangent(template: ast.expr) -> ast.expr:
    class Swap(ast.NodeTransformer):
        def visit_Name(self, node):
            return ast.Name('dot', ast.Load()) if node.id == 'g' else node

        def visit_Call(self, node):
            self.generic_visit(node)
            if isinstance(node.func, ast.Name) and node.func.id == 'unbroadcast':
                return node.args[0]
            return node
    import copy
    return Swap().visit(copy.deepcopy(template))


def _callable_name(fn) -> str:
    name = _display_name(fn)
    if name.startswith('np.') and _resolves(name, fn):
        return name
    return getattr(fn, '__name__', 'fn')


def _resolves(path: str, fn) -> bool:
    import numpy as np
    obj = np
    for part in path.split('.')[1:]:
        obj = getattr(obj, part, None)
    return obj is fn


def _callee_expr(key: str) -> ast.expr:
    parts = key.split('.')
    node = ast.Name(parts[0], ast.Load())
    for part in parts[1:]:
        node = ast.Attribute(node, part, ast.Load())
    return node


NO_DERIVATIVE = 'the output carries no derivative (an integer, a boolean or a piecewise constant)'


def nondifferentiable(*fns, why: str = NO_DERIVATIVE) -> None:
    """Declare functions whose outputs are constants (their derivative is zero
    or undefined): ``np.argmax``, ``np.shape``, ``np.floor``, ``len``...
    ``why`` says why (the parameter audit lists it).

    >>> import numpy as np
    >>> from srcad import nondifferentiable
    >>> nondifferentiable(np.argmax)
    """
    for fn in fns:
        RULES[_key(fn)] = Rule(fn, _display_name(fn), Signature((), {}, 'args'),
                               constants={'args': why})


def constant(fn, **why) -> Rule:
    """Declare parameters of ``fn``'s rule that carry no derivative, each with the
    reason (``None``: the parameter takes a value although its name is usually an
    axis, a size...: refused when differentiated)::

        constant(np.heaviside, x1='a step function: piecewise constant in x1')
    """
    rule = lookup(fn)
    for param in why:
        if param not in rule.signature.names:
            raise ValueError(f'{rule.name} has no parameter {param!r}')
    rule.constants.update(why)
    return rule


def method(name: str, fn) -> None:
    """Declare that ``x.name(...)`` means ``fn(x, ...)`` for an array ``x``."""
    METHODS[name] = fn


def attribute(name: str, fn) -> None:
    """Declare that ``x.name`` means ``fn(x)`` for an array ``x``."""
    ATTRIBUTES[name] = fn


def _key(fn):
    try:
        hash(fn)
        return fn
    except TypeError:
        return ('id', id(fn))


def lookup(fn) -> Rule | None:
    """The rule registered for ``fn``, or None.

    A miss first runs the loaders of :data:`ON_MISS` (SciPy's rules load on the
    first miss once the program has imported SciPy).
    """
    rule = RULES.get(_key(fn))
    if rule is None and fn is not None:
        for load in ON_MISS:
            if load():
                rule = RULES.get(_key(fn))
        for make in MADE_ON_MISS:
            rule = rule or make(fn)
    return rule
