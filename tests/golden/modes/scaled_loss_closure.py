def loss_grad(w, x):
    # forward sweep
    t2, t2_saved = shift_vjp.forward(w * x)
    t3 = t2 ** 2
    t4 = scale * t3
    # backward sweep
    # grad of: return np.sum(scale * shift(w * x) ** 2)
    t4_bar = unreduce(1.0, t4)
    t3_bar = unbroadcast(t4_bar * scale, t3)
    t2_grads = shift_vjp.backward(t2_saved, t3_bar * 2 * t2)
    t1_bar = as_adjoint(t2_grads)
    w_bar = unbroadcast(t1_bar * x, w)
    return like_input(w_bar, w)
