"""The smallest srcad program: the gradient of sum(x ** 2) is 2 x."""

import numpy as np

from srcad import grad


def f(x):
    y = x ** 2
    return np.sum(y)


def main():
    df = grad(f)
    x = np.array([1.0, 2.0, 3.0])
    print('x          =', x)
    print('grad f (x) =', df(x))
    print()
    print('the generated gradient:')
    print(df.source)
    return df(x)


if __name__ == '__main__':
    main()
