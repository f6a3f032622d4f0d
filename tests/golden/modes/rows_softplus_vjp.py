def rows_softplus_forward(W, x):
    # forward sweep
    z = W @ x
    t1 = np.abs(z)
    t2 = -t1
    t3 = np.exp(t2)
    t4 = np.log1p(t3)
    t5 = np.maximum(z, 0.0)
    t6 = t4 + t5
    return (t6, (W, t3, t5, x, z))

def rows_softplus_backward(saved, t6_bar):
    # restore what the forward sweep saved
    W, t3, t5, x, z = saved
    # backward sweep
    t4_bar = t6_bar
    t5_bar = t6_bar
    z_bar = pick(t5_bar, z, 0.0, t5)
    t3_bar = keep_zero(t4_bar, t4_bar / (1 + t3))
    t2_bar = keep_zero(t4_bar, t3_bar * t3)
    t1_bar = -t2_bar
    z_bar = z_bar + abs_adjoint(t1_bar, z)
    # grad of: z = W @ x
    W_bar = matmul_dx(z_bar, W, x)
    x_bar = matmul_dy(z_bar, W, x)
    return (like_input(W_bar, W), like_input(x_bar, x))
