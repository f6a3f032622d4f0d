"""ODE programs as people write them with scipy.integrate: odeint and solve_ivp of
oscillators, predator-prey models, linear systems, a small neural ODE; parameter-fit
losses over trajectories.  Derivatives by the adjoint method (reverse) and the
sensitivity equations (forward); second order, closures over differentiated
values and solver options srcad cannot honour are refused."""

import functools

import numpy as np
from scipy.integrate import odeint, solve_ivp
from scipy.linalg import expm

from ..case import case

FIRST = ('grad', 'value_and_grad', 'vjp', 'jvp')
T = np.linspace(0.0, 2.0, 9)
T_SHORT = np.linspace(0.0, 1.0, 5)
_rng = np.random.default_rng(16)
A3 = _rng.standard_normal((3, 3)) * 0.5 - np.eye(3)
W1, B1 = _rng.standard_normal((8, 2)) * 0.5, _rng.standard_normal(8) * 0.1
W2 = _rng.standard_normal((2, 8)) * 0.5
PREY_DATA = np.array([[1.0, 0.5], [1.3, 0.45], [1.6, 0.45], [1.9, 0.5], [2.1, 0.6]])


# -- dynamics, at module level as odeint wants them -------------------------------------
def lotka_volterra(z, t, alpha, beta, delta, gamma):
    prey, pred = z
    return [alpha * prey - beta * prey * pred, delta * prey * pred - gamma * pred]


def damped(y, t, k, c):
    x, v = y[0], y[1]
    return np.array([v, -k * x - c * v])


def forced(t, y, omega):
    return np.array([y[1], -y[0] - 0.2 * y[1] + np.cos(omega * t)])


def linear(y, t, A):
    return A @ y


def mlp_field(y, t, params):
    h = np.tanh(params['W1'] @ y + params['b1'])
    return params['W2'] @ h


def decay(y, t, rate):
    return -rate * y


def logistic(t, y, r, K):
    return r * y * (1.0 - y / K)


def pendulum(y, t, length):
    return np.array([y[1], -9.81 / length * np.sin(y[0])])


# -- odeint -----------------------------------------------------------------------------
@case(np.array([0.9, 0.5, 0.8, 0.6]), modes=FIRST)
def lotka_volterra_fit_loss(theta):
    alpha, beta, delta, gamma = theta[0], theta[1], theta[2], theta[3]
    z = odeint(lotka_volterra, [1.0, 0.5], T_SHORT, args=(alpha, beta, delta, gamma),
               rtol=1e-10, atol=1e-10)
    return np.mean((z - PREY_DATA) ** 2)


@case(np.array([1.0, 0.0]), modes=FIRST)
def damped_oscillator_final_energy(y0):
    ys = odeint(damped, y0, T, args=(4.0, 0.3), rtol=1e-10, atol=1e-10)
    x, v = ys[-1]
    return 0.5 * v ** 2 + 2.0 * x ** 2


@case(0.4, modes=FIRST)
def damped_oscillator_damping(c):
    ys = odeint(damped, np.array([1.0, 0.0]), T, args=(4.0, c), rtol=1e-10, atol=1e-10)
    return np.sum(ys[:, 0] ** 2)


@case(A3, modes=FIRST)
def linear_ode_matches_expm(A):
    y0 = np.array([1.0, -0.5, 0.25])
    ys = odeint(linear, y0, [0.0, 0.7], args=(A,), rtol=1e-11, atol=1e-11)
    exact = expm(0.7 * A) @ y0
    return np.sum(ys[-1] ** 2) + np.sum(exact)


@case({'W1': W1, 'b1': B1, 'W2': W2}, modes=FIRST)
def neural_ode_loss(params):
    ys = odeint(mlp_field, np.array([0.5, -0.3]), T_SHORT, args=(params,), rtol=1e-10, atol=1e-10)
    target = np.stack([np.cos(T_SHORT), np.sin(T_SHORT)], axis=1)
    return np.mean((ys - target) ** 2)


@case(np.linspace(0.0, 1.5, 6), modes=FIRST)
def output_times_are_differentiable(t):
    ys = odeint(damped, np.array([1.0, 0.2]), t, args=(2.0, 0.1), rtol=1e-10, atol=1e-10)
    return np.sum(ys[:, 0] * np.arange(6.0))


@case(1.3, modes=FIRST)
def time_first_forced_oscillator(omega):
    ys = odeint(forced, [0.0, 1.0], T, args=(omega,), tfirst=True, rtol=1e-10, atol=1e-10)
    return ys[-1, 0] + 0.5 * ys[4, 1]


@case(np.array([0.7, 1.2, 2.0]), modes=FIRST)
def decay_of_several_species(rates):
    ys = odeint(decay, np.ones(3), np.linspace(0.0, 1.0, 4), args=(rates,), rtol=1e-10, atol=1e-10)
    total = 0.0
    for i in range(4):
        total = total + np.sum(ys[i]) * 0.25
    return total


@case(1.5, modes=FIRST)
def pendulum_swing_for_length(length):
    y0 = np.array([0.3, 0.0])
    ys = odeint(pendulum, y0, np.linspace(0.0, 1.0, 6), args=(length,), rtol=1e-10, atol=1e-10)
    return np.max(ys[:, 0]) + ys[-1, 1]


@case(np.array([0.2, -0.1]), modes=FIRST)
def initial_state_and_a_second_solve(y0):
    first = odeint(damped, y0 + np.array([1.0, 0.0]), [0.0, 0.5], args=(3.0, 0.2),
                   rtol=1e-10, atol=1e-10)
    second = odeint(damped, first[-1], [0.5, 1.0], args=(3.0, 0.4), rtol=1e-10, atol=1e-10)
    return np.sum(second[-1] ** 2)


# -- solve_ivp ----------------------------------------------------------------------------
@case(0.8, modes=FIRST)
def logistic_growth_solve_ivp(r):
    sol = solve_ivp(logistic, (0.0, 3.0), np.array([0.1]), t_eval=np.linspace(0.5, 3.0, 6),
                    args=(r, 2.0), rtol=1e-10, atol=1e-12)
    return np.sum(sol.y[0] ** 2)


@case(np.array([0.0, 1.0]), modes=FIRST)
def forced_oscillator_solve_ivp_dop853(y0):
    sol = solve_ivp(forced, [0.0, 2.0], y0, method='DOP853', t_eval=[1.0, 2.0], args=(1.1,),
                    rtol=1e-11, atol=1e-12)
    return sol.y[0, -1] ** 2 + sol.y[1, 0]


@case(1.1, modes=FIRST)
def solve_ivp_end_time_through_t_eval(t_end):
    sol = solve_ivp(logistic, (0.0, 5.0), [0.3], t_eval=[t_end], args=(1.0, 1.5),
                    rtol=1e-11, atol=1e-12)
    return sol.y[0, 0]


# -- refused --------------------------------------------------------------------------------
@case(0.5, modes=('hvp',), expect='refused',
      why='second order: the adjoint helpers of odeint have no derivatives')
def second_order_of_odeint(k):
    ys = odeint(decay, np.ones(2), [0.0, 1.0], args=(k,), rtol=1e-10, atol=1e-10)
    return np.sum(ys[-1])


@case(0.5, modes=FIRST, expect='refused',
      why='a nested dynamics function closing over k cannot be passed on as a value')
def closure_over_a_differentiated_value(k):
    def rhs(y, t):
        return -k * y
    ys = odeint(rhs, np.ones(2), [0.0, 1.0], rtol=1e-10, atol=1e-10)
    return np.sum(ys[-1])


@case(0.5, modes=FIRST, expect='refused',
      why='a partial holding k: func has no derivative')
def partial_over_a_differentiated_value(k):
    rhs = functools.partial(decay, rate=k)
    ys = odeint(rhs, np.ones(2), [0.0, 1.0], rtol=1e-10, atol=1e-10)
    return np.sum(ys[-1])


@case(0.5, modes=FIRST, expect='refused', why='full_output=True')
def odeint_full_output(k):
    ys, info = odeint(decay, np.ones(2), [0.0, 1.0], args=(k,), full_output=True,
                      rtol=1e-10, atol=1e-10)
    return np.sum(ys[-1])


@case(0.8, modes=FIRST, expect='refused', why='solve_ivp without t_eval')
def solve_ivp_without_t_eval(r):
    sol = solve_ivp(logistic, (0.0, 1.0), [0.1], args=(r, 2.0), rtol=1e-8)
    return sol.y[0, -1]
