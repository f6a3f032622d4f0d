def star_args_call_grad(w, x):
    # forward sweep
    parts = (x, x ** 2)
    t2, t2_saved = _weighted_vjp.forward(w, *parts)
    t5, t5_saved = _weighted_vjp.forward(w, *(x, 1.0 - x))
    t6 = t2 + t5
    # backward sweep
    # grad of: return _weighted(w, *parts) + _weighted(w, x, 1.0 - x)
    t6_bar = seed(t6)
    t2_bar = unbroadcast(t6_bar, t2)
    t5_bar = unbroadcast(t6_bar, t5)
    t5_grads = _weighted_vjp.backward(t5_saved, t5_bar)
    w_bar = as_adjoint(t5_grads)
    t2_grads = _weighted_vjp.backward(t2_saved, t2_bar)
    w_bar = w_bar + as_adjoint(t2_grads)
    return like_input(w_bar, w)
