def affine_tanh_grad(W, b, x):
    # forward sweep
    h = np.tanh(W @ x + b)
    # backward sweep
    # grad of: return np.sum(h * h) + 0.5 * np.sum(b ** 2)
    b_bar = b
    h_bar = 2 * h
    # grad of: h = np.tanh(W @ x + b)
    t2_bar = h_bar * (1 - h * h)
    b_bar = b_bar + t2_bar
    W_bar = matmul_dx(t2_bar, W, x)
    return (like_input(W_bar, W), like_input(b_bar, b))
