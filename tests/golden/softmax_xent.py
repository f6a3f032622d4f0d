def softmax_xent_grad(logits, labels):
    # forward sweep
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    t2 = np.exp(shifted)
    t3 = np.sum(t2, axis=1, keepdims=True)
    t4 = np.log(t3)
    logp = shifted - t4
    t5 = labels * logp
    t6 = np.sum(t5, axis=1)
    # backward sweep
    # grad of: return -np.mean(np.sum(labels * logp, axis=1))
    t6_bar = unreduce(-1.0 / reduced_size(t6), t6)
    t5_bar = unreduce(t6_bar, t5, 1)
    logp_bar = unbroadcast(t5_bar * labels, logp)
    # grad of: logp = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    shifted_bar = unbroadcast(logp_bar, shifted)
    t4_bar = unbroadcast(-logp_bar, t4)
    t3_bar = keep_zero(t4_bar, t4_bar / t3)
    t2_bar = unreduce(t3_bar, t2, 1, True)
    shifted_bar = shifted_bar + keep_zero(unreduce(np.broadcast_to(t4_bar, np.shape(t3_bar)), t2, 1, True), t2_bar * t2)
    # grad of: shifted = logits - np.max(logits, axis=1, keepdims=True)
    logits_bar = unbroadcast(shifted_bar, logits)
    return like_input(logits_bar, logits)
