"""What a derivative rule is, the tables rules are kept in, and how one is looked up.

A rule says, for ``ans = f(x, y, ...)`` and the adjoint ``g`` of ``ans``, what
each differentiable argument receives, as one line of NumPy (declared with
:func:`srcad.rules.registry.adjoint`).  The line is parsed once into an expression
template.  The compiler inlines it into generated code with the call's own
arguments substituted, and the test suite *evaluates* the same line to check it
against finite differences.  The compiler never mentions ``np.tanh``: it only
asks this module's tables, through :mod:`srcad.rules.registry`.
"""

from __future__ import annotations

import ast
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
    if not module and 'ufunc' in (type(fn).__name__, type(getattr(fn, '__self__', None)).__name__):
        return True  # (a ufunc, or one of its methods: np.add.reduce)
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
#: (declared in each function's entry: ``adjoint(..., facts={'reduction'})``)
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
#: :mod:`srcad.rules.scipy.loader`): each returns True when it registered rules
ON_MISS: list = []


#: what a lookup that still misses asks for a rule made for ``fn`` alone (the methods of
#: one frozen scipy.stats distribution, passed in: :mod:`srcad.rules.scipy.stats`)
MADE_ON_MISS: list = []


def helper_functions() -> dict:
    """Every helper rule expressions may call (the runtime's and registered ones)."""
    return _RULE_NAMESPACE


def register_helpers(helpers: dict) -> None:
    """Make more plain-NumPy helper functions available to rule expressions.

    Generated code binds each helper a rule uses by name, exactly like the
    helpers of :mod:`srcad.runtime`.  A name already bound to another function is an
    error: which of the two generated code would call would depend on import order.
    """
    for name, obj in helpers.items():
        old = _RULE_NAMESPACE.get(name, obj)
        if old is not obj and not (getattr(old, '__wrapped__', None) is obj
                                   or getattr(obj, '__wrapped__', None) is old):
            raise ValueError(f'a rule helper named {name!r} is registered already '
                             f'({getattr(old, "__module__", "?")}.{name}); rename the new one')
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


JOINT = '*'  # key of a tangent template that takes every linear argument's tangent at once


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
