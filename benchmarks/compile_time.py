"""Compile time: CPU time of the first call of ``grad`` (and ``hvp``) as functions grow.

    python benchmarks/compile_time.py            # the table of issue 14's targets
    python benchmarks/compile_time.py --quick    # smaller sizes

Each measurement runs in a fresh interpreter (so nothing is cached), writes a
generated module of N statements, and times ``srcad.grad(f)(x)`` with
``time.process_time`` (CPU time, both compiles included).  Shapes of function:
``chain`` (straight-line code), ``loops`` (the same statements spread over ten
``for`` loops), ``ifs`` (N nested ``if``s).  The last column doubles N: the
ratio of the times shows how compile time grows (2.0 is linear).
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import textwrap

LINE = ('t = t * 0.9 + x', 't = np.sin(t) * 0.5 + x')


def chain(n: int) -> str:
    return '\n'.join(f'    {LINE[i % 2]}' for i in range(n))


def loops(n: int) -> str:
    body = []
    for k in range(10):
        body.append('    for i in range(3):')
        body += [f'        {LINE[i % 2]}' for i in range(max(1, n // 10))]
    return '\n'.join(body)


def ifs(n: int) -> str:
    body = []
    for k in range(n):
        pad = '    ' * (k + 1)
        body.append(f'{pad}if np.sum(t) > {-100 - k}:')
        body.append(f'{pad}    t = t * 0.9 + x')
    return '\n'.join(body)


SHAPES = {'chain': chain, 'loops': loops, 'ifs': ifs}

PROGRAM = '''\
import sys, time
import numpy as np
sys.path.insert(0, {root!r})
import srcad
sys.path.insert(0, {folder!r})
from {module} import f
x = np.linspace(0.0, 1.0, 4)
start = time.process_time()
if {hvp!r}:
    srcad.hvp(f, (x,), np.ones(4))
else:
    srcad.grad(f)(x)
print(time.process_time() - start)
'''


def measure(shape: str, n: int, hvp: bool = False, root: str | None = None) -> float:
    """CPU seconds of the first ``grad`` (or ``hvp``) call of an N-statement function."""
    root = root or str(pathlib.Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory() as folder:
        module = f'{shape}_{n}'
        text = f'import numpy as np\n\n\ndef f(x):\n    t = x\n{SHAPES[shape](n)}\n    return np.sum(t)\n'
        pathlib.Path(folder, module + '.py').write_text(text)
        program = PROGRAM.format(root=root, folder=folder, module=module, hvp=hvp)
        out = subprocess.run([sys.executable, '-c', program], capture_output=True, text=True,
                             timeout=900)
        if out.returncode:
            return float('nan')
        return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--quick', action='store_true', help='smaller sizes')
    parser.add_argument('--root', help='the srcad checkout to measure (default: this one)')
    args = parser.parse_args()
    sizes = {'chain': (30, 100, 300) if args.quick else (30, 100, 300, 1000, 3000),
             'loops': (30, 100) if args.quick else (30, 100, 300, 1000),
             'ifs': (3, 6) if args.quick else (3, 6, 12)}
    print(f'{"shape":6} {"N":>5} {"grad s":>8} {"hvp s":>8} {"grad(2N)/grad(N)":>17}')
    for shape, ns in sizes.items():
        for n in ns:
            g = measure(shape, n, root=args.root)
            h = measure(shape, n, hvp=True, root=args.root) if n <= 300 else float('nan')
            g2 = measure(shape, 2 * n, root=args.root) if n <= 300 else float('nan')
            print(f'{shape:6} {n:5d} {g:8.2f} {h:8.2f} {g2 / g:17.2f}', flush=True)


if __name__ == '__main__':
    main()
