"""Train a small neural network on handwritten digits, with gradients from srcad.

The 8x8 digit images of scikit-learn (1,797 of them, shipped inside the
package, no download) are split into a training and a test set.  A
one-hidden-layer network (64 -> 64 tanh -> 10, softmax cross-entropy) keeps
its weights in a dict; ``srcad.value_and_grad(loss)`` returns the loss and a
dict of gradients with the same keys, and a few lines of Adam update the
weights.  The generated gradient is printed first: it is the code that runs
at every step.

    python examples/digits_mlp.py                 # 30 epochs, about a second
    python examples/digits_mlp.py --quick         # 2 epochs, a smoke run
    python examples/digits_mlp.py --plot loss.png --source digits_grad.py

Needs scikit-learn; matplotlib draws the loss curve and tqdm, if installed,
shows progress (``python -m pip install -e ".[examples]"``).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

import numpy as np

from srcad import stop_gradient, value_and_grad

OUT = pathlib.Path(__file__).resolve().parent / 'out'


def loss(params, X, Y, weight_decay=1e-4):
    """Mean cross-entropy of the network's predictions for one-hot labels ``Y``."""
    h = np.tanh(X @ params['W1'] + params['b1'])
    logits = h @ params['W2'] + params['b2']
    shift = stop_gradient(np.max(logits, axis=1, keepdims=True))  # for exp; no effect on the value
    z = logits - shift
    log_probs = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    penalty = weight_decay * (np.sum(params['W1'] ** 2) + np.sum(params['W2'] ** 2))
    return -np.mean(np.sum(Y * log_probs, axis=1)) + penalty


def predict(params, X):
    """The most likely digit for each row of ``X``."""
    h = np.tanh(X @ params['W1'] + params['b1'])
    return np.argmax(h @ params['W2'] + params['b2'], axis=1)


def load(seed=0):
    """Pixels scaled to [0, 1], a stratified 75/25 split, one-hot training labels."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data / 16.0, digits.target, test_size=0.25, random_state=seed,
        stratify=digits.target)
    return X_train, X_test, y_train, y_test


def init_params(rng, n_in=64, n_hidden=64, n_out=10):
    return {'W1': rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in),
            'b1': np.zeros(n_hidden),
            'W2': rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden),
            'b2': np.zeros(n_out)}


class Adam:
    """Adam over a dict of arrays: a few lines of NumPy, no framework."""

    def __init__(self, params, lr=3e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps, self.t = lr, beta1, beta2, eps, 0
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, params, grads):
        self.t += 1
        new = {}
        for k in params:
            self.m[k] = self.beta1 * self.m[k] + (1 - self.beta1) * grads[k]
            self.v[k] = self.beta2 * self.v[k] + (1 - self.beta2) * grads[k] ** 2
            m_hat = self.m[k] / (1 - self.beta1 ** self.t)
            v_hat = self.v[k] / (1 - self.beta2 ** self.t)
            new[k] = params[k] - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
        return new


class RunningLine:
    """The part of tqdm's interface used here, as one line rewritten in place."""

    def __init__(self, iterable, total, desc):
        self.iterable, self.total, self.desc, self.postfix = iterable, total, desc, ''
        self.tty = sys.stdout.isatty()

    def __iter__(self):
        for i, item in enumerate(self.iterable, 1):
            yield item
            end = '' if self.tty else '\n'
            print(f'\r{self.desc} {i}/{self.total} {self.postfix}', end=end, flush=True)

    def set_postfix(self, values):
        self.postfix = ' '.join(f'{k}={v}' for k, v in values.items())

    def close(self):
        if self.tty:
            print()


def progress(iterable, total, desc):
    """tqdm when it is installed, else a plain running line."""
    try:
        from tqdm import tqdm
    except ImportError:
        return RunningLine(iterable, total, desc)
    return tqdm(iterable, total=total, desc=desc)


def train(epochs=30, batch_size=32, lr=3e-3, seed=0, show_progress=True):
    """Train with mini-batch Adam; returns the parameters and a dict of results."""
    X_train, X_test, y_train, y_test = load(seed)
    Y_train, Y_test = np.eye(10)[y_train], np.eye(10)[y_test]
    rng = np.random.default_rng(seed)
    params = init_params(rng)
    step = value_and_grad(loss)   # wrt=0: the dict of parameters
    optimizer = Adam(params, lr=lr)
    history = {'step_loss': [], 'train_loss': [], 'test_loss': [], 'test_accuracy': []}
    epochs_seen = progress(range(epochs), epochs, 'epoch') if show_progress else range(epochs)
    start = time.perf_counter()
    for _ in epochs_seen:
        order = rng.permutation(len(X_train))
        for first in range(0, len(order) - batch_size + 1, batch_size):  # full batches
            batch = order[first:first + batch_size]
            value, grads = step(params, X_train[batch], Y_train[batch])
            params = optimizer.step(params, grads)
            history['step_loss'].append(value)
        history['train_loss'].append(loss(params, X_train, Y_train))
        history['test_loss'].append(loss(params, X_test, Y_test))
        history['test_accuracy'].append(np.mean(predict(params, X_test) == y_test))
        if show_progress:
            epochs_seen.set_postfix({'loss': f'{history["train_loss"][-1]:.4f}',
                                     'test_acc': f'{history["test_accuracy"][-1]:.3f}'})
    if show_progress:
        epochs_seen.close()
    history['seconds'] = time.perf_counter() - start
    history['steps'] = optimizer.t
    history['sizes'] = (len(X_train), len(X_test))
    return params, history


def plot(history, path):
    """Save the loss curves as a PNG (skipped, with a note, without matplotlib)."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib is not installed: no plot')
        return None
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    steps_per_epoch = len(history['step_loss']) / len(history['train_loss'])
    epochs = np.arange(1, len(history['train_loss']) + 1) * steps_per_epoch
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(history['step_loss'], color='0.75', lw=0.8, label='mini-batch loss')
    ax.plot(epochs, history['train_loss'], 'o-', label='training loss (end of epoch)')
    ax.plot(epochs, history['test_loss'], 's-', label='test loss (end of epoch)')
    ax.set_yscale('log')
    ax.set_xlabel('step')
    ax.set_ylabel('loss (cross-entropy + L2)')
    ax.set_title(f'digits MLP, gradients by srcad: test accuracy '
                 f'{history["test_accuracy"][-1]:.1%}')
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--quick', action='store_true', help='2 epochs: a smoke run')
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--plot', default=str(OUT / 'digits_loss.png'),
                        help='where to save the loss curve (PNG)')
    parser.add_argument('--source', help='also save the generated gradient to this file')
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args(argv)
    epochs = 2 if args.quick else args.epochs

    source = value_and_grad(loss).source
    print('The gradient srcad generated for loss (it runs at every step):\n')
    print(source)
    if args.source:
        pathlib.Path(args.source).parent.mkdir(parents=True, exist_ok=True)
        pathlib.Path(args.source).write_text(source)
        print(f'saved the generated gradient to {args.source}')

    params, history = train(epochs=epochs, seed=args.seed)
    saved = plot(history, args.plot)
    n_train, n_test = history['sizes']
    print(f'\ntrained on {n_train} images for {epochs} epochs ({history["steps"]} steps of '
          f'Adam) in {history["seconds"]:.2f} s')
    print(f'training loss {history["train_loss"][0]:.4f} after the first epoch, '
          f'{history["train_loss"][-1]:.4f} at the end')
    print(f'test accuracy on {n_test} held-out images: {history["test_accuracy"][-1]:.2%}')
    if saved:
        print(f'loss curve saved to {saved}')
    return params, history


if __name__ == '__main__':
    main()
