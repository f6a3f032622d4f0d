"""The engines under comparison: each turns a workload into a gradient "step".

``prepare(workload, args)`` returns a :class:`Prepared`: a no-argument
``step()`` that computes the full gradient (and waits for it), a
``to_numpy(out)`` that turns its result into a tuple of NumPy arrays for the
correctness check, and, for ``jax.jit``, the time of the first call (trace and
compile).  Peers are imported lazily; a missing peer is reported by
:func:`available_engines` and skipped.
"""

from __future__ import annotations

import importlib.util
import time
import types
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

import srcad


@dataclass
class Prepared:
    step: Callable
    to_numpy: Callable = lambda out: tuple(np.asarray(g) for g in out)
    compile_s: Optional[float] = None


def with_numpy(fn, module):
    """A copy of ``fn`` whose global ``np`` is ``module`` (autograd.numpy, jax.numpy...)."""
    namespace = dict(fn.__globals__, np=module)
    return types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__)


def hand(workload, args):
    return Prepared(lambda: workload.hand(*args))


def srcad_engine(workload, args):
    # One input: wrt=0 (a bare gradient comes back), several: a tuple of positions.
    wrt = 0 if workload.n_wrt == 1 else tuple(range(workload.n_wrt))
    gradient = srcad.grad(workload.loss, wrt=wrt)
    return Prepared(lambda: gradient(*args),
                    lambda out: tuple(map(np.asarray, out if isinstance(out, tuple) else (out,))))


def autograd_engine(workload, args):
    import autograd
    import autograd.numpy as anp
    gradient = autograd.grad(with_numpy(workload.loss, anp),
                             argnum=tuple(range(workload.n_wrt)))
    return Prepared(lambda: gradient(*args))


def _jax_setup(workload, args):
    import jax
    jax.config.update('jax_enable_x64', True)
    import jax.numpy as jnp
    jargs = tuple(jnp.asarray(a) if isinstance(a, np.ndarray) else a for a in args)
    gradient = jax.grad(with_numpy(workload.loss, jnp), argnums=tuple(range(workload.n_wrt)))
    return jax, gradient, jargs


def jax_engine(workload, args):
    jax, gradient, jargs = _jax_setup(workload, args)
    return Prepared(lambda: jax.block_until_ready(gradient(*jargs)))


def jax_jit_engine(workload, args):
    jax, gradient, jargs = _jax_setup(workload, args)
    jitted = jax.jit(gradient)
    start = time.perf_counter()
    jax.block_until_ready(jitted(*jargs))
    compile_s = time.perf_counter() - start
    return Prepared(lambda: jax.block_until_ready(jitted(*jargs)), compile_s=compile_s)


def torch_numpy():
    """The handful of NumPy names the workloads use, in PyTorch."""
    import torch

    def reduction(op):
        def reduce(x, axis=None, keepdims=False):
            return op(x) if axis is None else op(x, dim=axis, keepdim=keepdims)
        return reduce

    return types.SimpleNamespace(
        tanh=torch.tanh, exp=torch.exp, log=torch.log, sin=torch.sin, cos=torch.cos,
        sum=reduction(torch.sum), mean=reduction(torch.mean), max=reduction(torch.amax))


def torch_engine(workload, args):
    import torch
    loss = with_numpy(workload.loss, torch_numpy())

    def tensor(a, differentiate):
        if isinstance(a, np.ndarray):
            return torch.from_numpy(a).clone().requires_grad_(differentiate)
        if differentiate:
            return torch.tensor(a, dtype=torch.float64, requires_grad=True)
        return a
    targs = [tensor(a, i < workload.n_wrt) for i, a in enumerate(args)]
    params = targs[:workload.n_wrt]

    def step():
        return torch.autograd.grad(loss(*targs), params)
    return Prepared(step, lambda out: tuple(g.detach().numpy() for g in out))


#: name -> (module that must be importable, prepare function); hand-written first.
ENGINES = {
    'hand-written': (None, hand),
    'srcad': (None, srcad_engine),
    'autograd': ('autograd', autograd_engine),
    'jax': ('jax', jax_engine),
    'jax.jit': ('jax', jax_jit_engine),
    'torch': ('torch', torch_engine),
}


def available_engines(report=print):
    """The engines whose library is installed; a note for each one that is not."""
    names = []
    for name, (module, _) in ENGINES.items():
        if module is None or importlib.util.find_spec(module) is not None:
            names.append(name)
        else:
            report(f'note: {module} is not installed; skipping {name}')
    return names
