"""odeint and solve_ivp: derivatives with respect to the initial state, the times and
the values passed through args, against finite differences (the solvers run at tight
tolerances, so that a central difference is meaningful), and what is refused."""

import functools
import time

import numpy as np
import pytest

pytest.importorskip('scipy')
from scipy.integrate import odeint, solve_ivp  # noqa: E402
from scipy.linalg import expm  # noqa: E402

import srcad  # noqa: E402
from srcad.testing import check_derivatives  # noqa: E402

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
#: the step of the central differences: the solvers' own error (about 1e-11 here, and
#: their step sequence changes with the output times) over a step of 1e-6 would be 1e-5
EPS = 1e-4
T = np.linspace(0.0, 2.0, 6)


def oscillator(y, t, k, c):
    return np.array([y[1], -k * y[0] - c * y[1] + 0.3 * np.sin(2.0 * t)])


def oscillator_loss(y0, k, c, t):
    ys = odeint(oscillator, y0, t, args=(k, c), rtol=1e-11, atol=1e-11)
    return np.sum(ys ** 2 * np.arange(1.0, 3.0))


ARGS = (np.array([1.0, 0.5]), 2.0, 0.3, T)


@pytest.mark.parametrize('wrt', [0, 1, 2, 3], ids=['y0', 'k', 'c', 't'])
def test_odeint_matches_finite_differences(wrt):
    check_derivatives(oscillator_loss, *ARGS, wrt=wrt, modes=FIRST, rtol=1e-6, atol=1e-8,
                      eps=EPS)


def test_odeint_gradient_is_the_central_difference_elementwise():
    grads = srcad.grad(oscillator_loss, wrt=(0, 1, 2, 3))(*ARGS)
    eps = EPS
    for i, (x, gx) in enumerate(zip(ARGS, grads)):
        x = np.asarray(x, dtype=float)
        for j in np.ndindex(x.shape):
            up, down = [np.array(a, dtype=float) for a in ARGS], [np.array(a, dtype=float)
                                                                 for a in ARGS]
            up[i][j] += eps
            down[i][j] -= eps
            numeric = (oscillator_loss(*up) - oscillator_loss(*down)) / (2 * eps)
            assert np.asarray(gx)[j] == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def forced(t, y, omega):
    return [y[1], -y[0] + np.cos(omega * t)]


def forced_loss(y0, omega):
    ys = odeint(forced, y0, [0.0, 0.5, 1.5], args=(omega,), tfirst=True, rtol=1e-11,
                atol=1e-11)
    return ys[-1, 0] ** 2 + ys[1, 1]


@pytest.mark.parametrize('wrt', [0, 1])
def test_odeint_time_first_and_list_valued_dynamics(wrt):
    check_derivatives(forced_loss, np.array([0.2, 1.0]), 1.3, wrt=wrt, modes=FIRST,
                      rtol=1e-6, atol=1e-8, eps=EPS)


def linear(y, t, A):
    return A @ y


def linear_end(A, y0):
    return odeint(linear, y0, [0.0, 0.8], args=(A,), rtol=1e-12, atol=1e-12)[-1]


def linear_loss(A, y0):
    return np.sum(np.sin(linear_end(A, y0)))


def expm_loss(A, y0):
    return np.sum(np.sin(expm(0.8 * A) @ y0))


def test_linear_ode_gradient_equals_the_gradient_through_expm():
    rng = np.random.default_rng(0)
    A, y0 = rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)
    np.testing.assert_allclose(linear_end(A, y0), expm(0.8 * A) @ y0, rtol=1e-9)
    for wrt in (0, 1):
        np.testing.assert_allclose(srcad.grad(linear_loss, wrt=wrt)(A, y0),
                                   srcad.grad(expm_loss, wrt=wrt)(A, y0), rtol=1e-7, atol=1e-9)
    v = rng.standard_normal((3, 3))
    _, ode_dot = srcad.jvp(linear_loss, (A, y0), (v, np.zeros(3)))
    _, expm_dot = srcad.jvp(expm_loss, (A, y0), (v, np.zeros(3)))
    assert ode_dot == pytest.approx(expm_dot, rel=1e-7)


def mlp(y, t, params):
    return params['W2'] @ np.tanh(params['W1'] @ y + params['b1'])


TS = np.linspace(0.0, 1.0, 5)


def neural_ode_loss(params, y0):
    ys = odeint(mlp, y0, TS, args=(params,), rtol=1e-10, atol=1e-10)
    return np.mean((ys - np.stack([np.cos(TS), np.sin(TS)], axis=1)) ** 2)


def test_neural_ode_parameters_in_a_dict():
    rng = np.random.default_rng(1)
    params = {'W1': rng.standard_normal((6, 2)), 'b1': rng.standard_normal(6) * 0.1,
              'W2': rng.standard_normal((2, 6)) * 0.5}
    y0 = np.array([1.0, 0.0])
    grads = srcad.grad(neural_ode_loss)(params, y0)
    assert set(grads) == set(params)
    check_derivatives(neural_ode_loss, params, y0, wrt=0, modes=FIRST, rtol=1e-5, atol=1e-8,
                      eps=EPS)


def logistic(t, y, r, K):
    return r * y * (1.0 - y / K)


def ivp_loss(y0, r, t_eval, t0):
    sol = solve_ivp(logistic, (t0, 4.0), y0, t_eval=t_eval, args=(r, 2.0), rtol=1e-11,
                    atol=1e-12)
    return np.sum(sol.y ** 2) + np.sum(sol.t * sol.y[1])


IVP_ARGS = (np.array([0.1, 0.5]), 0.9, np.array([0.5, 1.5, 3.0]), 0.0)


@pytest.mark.parametrize('wrt', [0, 1, 2, 3], ids=['y0', 'args', 't_eval', 't_span'])
def test_solve_ivp_matches_finite_differences(wrt):
    check_derivatives(ivp_loss, *IVP_ARGS, wrt=wrt, modes=FIRST, rtol=1e-5, atol=1e-8,
                      eps=EPS)


@pytest.mark.parametrize('method', ['RK45', 'DOP853', 'Radau', 'LSODA'])
def test_solve_ivp_methods(method):
    def loss(y0):
        sol = solve_ivp(forced, [0.0, 1.0], y0, method=method, t_eval=[1.0], args=(0.7,),
                        rtol=1e-11, atol=1e-12)
        return sol.y[0, -1] ** 2 + sol.y[1, -1]
    check_derivatives(loss, np.array([0.3, -0.2]), modes=('grad', 'jvp'), rtol=1e-5,
                      atol=1e-8, eps=EPS)


def test_the_adjoint_is_computed_once_per_call():
    grad = srcad.grad(oscillator_loss, wrt=(0, 1))
    grad(*ARGS)
    start = time.perf_counter()
    grad(*ARGS)
    assert time.perf_counter() - start < 5.0


# --- refusals -----------------------------------------------------------------------------
def refusal(fn, *args, mode='grad', wrt=0):
    with pytest.raises(srcad.SrcadError) as info:
        if mode == 'grad':
            srcad.grad(fn, wrt=wrt)(*args)
        elif mode == 'jvp':
            srcad.jvp(fn, args, tuple(np.ones_like(np.asarray(a, dtype=float)) for a in args))
        else:
            srcad.hvp(fn, args, np.ones_like(np.asarray(args[wrt], dtype=float)), wrt=wrt)
    return str(info.value)


def decay(y, t, rate):
    return -rate * y


def closure_loss(k):
    def rhs(y, t):
        return -k * y
    return np.sum(odeint(rhs, np.ones(2), [0.0, 1.0])[-1])


def lambda_loss(k):
    rhs = lambda y, t: -k * y  # noqa: E731
    return np.sum(odeint(rhs, np.ones(2), [0.0, 1.0])[-1])


def partial_loss(k):
    return np.sum(odeint(functools.partial(decay, rate=k), np.ones(2), [0.0, 1.0])[-1])


@pytest.mark.parametrize('mode', ['grad', 'jvp'])
@pytest.mark.parametrize('fn', [closure_loss, lambda_loss, partial_loss])
def test_dynamics_closing_over_a_differentiated_value_is_refused(fn, mode):
    message = refusal(fn, 0.5, mode=mode)
    assert 'test_odes.py' in message


def full_output_loss(k):
    ys, info = odeint(decay, np.ones(2), [0.0, 1.0], args=(k,), full_output=True)
    return np.sum(ys[-1])


def no_t_eval_loss(r):
    return solve_ivp(logistic, (0.0, 1.0), [0.1], args=(r, 2.0)).y[0, -1]


def events_loss(r):
    sol = solve_ivp(logistic, (0.0, 1.0), [0.1], t_eval=[1.0], args=(r, 2.0),
                    events=stop_at_one)
    return sol.y[0, -1]


def stop_at_one(t, y, r, K):
    return y[0] - 1.0


def dense_loss(r):
    sol = solve_ivp(logistic, (0.0, 1.0), [0.1], t_eval=[1.0], args=(r, 2.0),
                    dense_output=True)
    return sol.sol(0.5)[0]


@pytest.mark.parametrize('mode', ['grad', 'jvp'])
@pytest.mark.parametrize('fn, words', [
    (full_output_loss, 'full_output=False) only'), (no_t_eval_loss, 't_eval'),
    (events_loss, 'events'), (dense_loss, 'sol.sol')])
def test_options_srcad_cannot_honour_are_refused(fn, words, mode):
    message = refusal(fn, 0.8, mode=mode)
    assert words in message and 'test_odes.py' in message


def test_second_order_is_refused_where_the_solver_is_called():
    def loss(k):
        return np.sum(odeint(decay, np.ones(2), [0.0, 1.0], args=(k,))[-1])
    message = refusal(loss, 0.5, mode='hvp')
    assert 'no second derivative of an ODE solution' in message
