"""Aim a ball with air drag at a target: gradients through 1,000 Euler steps.

The flight is an ordinary Python loop of explicit Euler steps with quadratic
air drag (the ground is not modelled).  ``srcad.value_and_grad(miss,
wrt=("vx", "vy"))`` differentiates the whole loop with respect to the launch
velocity: its forward sweep runs the 1,000 steps and keeps the values each
step overwrites on a plain list, its backward sweep walks the steps in
reverse.  Gradient descent on the launch velocity then brings the miss
distance down to nothing.

    python examples/projectile.py              # 40 gradient steps
    python examples/projectile.py --quick      # 10 gradient steps
    python examples/projectile.py --plot flight.png --source miss_grad.py

matplotlib, if installed, draws the flight before and after.
"""

from __future__ import annotations

import argparse
import math
import pathlib
import time

import numpy as np

from srcad import value_and_grad

OUT = pathlib.Path(__file__).resolve().parent / 'out'
GRAVITY = 9.81    # m/s^2
DRAG = 0.0074     # 1/m: rho * Cd * area / (2 * mass) of a baseball
DURATION = 2.0    # s: the ball should be at the target this long after launch
STEPS = 1000      # Euler steps of the flight
TARGET = (40.0, 5.0)   # m: 40 m away, 5 m up


def miss(vx, vy, target_x, target_y, drag=DRAG, steps=STEPS, duration=DURATION):
    """Squared distance (m^2) from the ball to the target at the end of the flight."""
    dt = duration / steps
    x, y = 0.0, 0.0
    for _ in range(steps):
        speed = math.sqrt(vx * vx + vy * vy)
        ax = -drag * speed * vx
        ay = -GRAVITY - drag * speed * vy
        x = x + dt * vx
        y = y + dt * vy
        vx = vx + dt * ax
        vy = vy + dt * ay
    return (x - target_x) ** 2 + (y - target_y) ** 2


def trajectory(vx, vy, drag=DRAG, steps=STEPS, duration=DURATION):
    """Every position of the same flight, as two arrays (for plotting; not differentiated)."""
    dt = duration / steps
    xs, ys = np.zeros(steps + 1), np.zeros(steps + 1)
    for i in range(steps):
        speed = math.sqrt(vx * vx + vy * vy)
        xs[i + 1], ys[i + 1] = xs[i] + dt * vx, ys[i] + dt * vy
        vx, vy = vx - dt * drag * speed * vx, vy - dt * (GRAVITY + drag * speed * vy)
    return xs, ys


def aim(vx=10.0, vy=10.0, iterations=40, target=TARGET, verbose=True):
    """Gradient descent on the launch velocity; returns it and the squared misses.

    The step size 0.12 is about 1 / (2 T^2), the inverse curvature of the
    miss without drag (the position at time T is then T times the velocity
    plus a constant), so each step removes most of the remaining error.
    """
    step = value_and_grad(miss, wrt=('vx', 'vy'))
    history = []
    for i in range(iterations):
        value, (dvx, dvy) = step(vx, vy, *target)
        history.append(value)
        if verbose and (i % 5 == 0 or i == iterations - 1):
            print(f'step {i:3d}  miss {math.sqrt(value):.3e} m   '
                  f'launch velocity ({vx:8.4f}, {vy:8.4f}) m/s')
        vx, vy = vx - 0.12 * dvx, vy - 0.12 * dvy
    history.append(miss(vx, vy, *target))
    return vx, vy, history


def plot(before, after, target, path):
    """Save the flight before and after aiming as a PNG (needs matplotlib)."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib is not installed: no plot')
        return None
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(7, 4))
    for (vx, vy), label, style in ((before, 'first guess', '--'), (after, 'after aiming', '-')):
        xs, ys = trajectory(vx, vy)
        speed, angle = math.hypot(vx, vy), math.degrees(math.atan2(vy, vx))
        ax.plot(xs, ys, style, label=f'{label}: {speed:.2f} m/s at {angle:.1f} deg')
    ax.plot(*target, 'r*', markersize=14, label='target')
    ax.axhline(0.0, color='0.6', lw=0.8)
    ax.set_xlabel('x (m)')
    ax.set_ylabel('height (m)')
    ax.set_title(f'{STEPS} Euler steps with air drag; gradient by srcad')
    ax.legend(loc='lower right')
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='10 gradient steps')
    parser.add_argument('--iterations', type=int, default=40)
    parser.add_argument('--plot', default=str(OUT / 'projectile.png'),
                        help='where to save the flight before and after (PNG)')
    parser.add_argument('--source', help='also save the generated gradient to this file')
    args = parser.parse_args(argv)
    iterations = 10 if args.quick else args.iterations

    source = value_and_grad(miss, wrt=('vx', 'vy')).source
    print('The gradient srcad generated for miss (the Euler loop, reversed):\n')
    print(source)
    if args.source:
        pathlib.Path(args.source).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.source).write_text(source)
        print(f'saved the generated gradient to {args.source}')

    start = time.perf_counter()
    vx, vy, history = aim(iterations=iterations)
    seconds = time.perf_counter() - start
    saved = plot((10.0, 10.0), (vx, vy), TARGET, args.plot)
    print(f'\n{iterations} gradient steps through {STEPS} Euler steps each in {seconds:.2f} s')
    print(f'launch: {math.hypot(vx, vy):.3f} m/s at {math.degrees(math.atan2(vy, vx)):.2f} '
          f'degrees; misses the target by {math.sqrt(history[-1]):.2e} m '
          f'(first guess: {math.sqrt(history[0]):.2f} m)')
    if saved:
        print(f'flight before and after saved to {saved}')
    return vx, vy, history


if __name__ == '__main__':
    main()
