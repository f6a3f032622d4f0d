"""Rules of srcad's own runtime helpers, which generated gradients call: their
forward rules, so that srcad can differentiate its gradients again (``hvp``,
``hessian``: forward over reverse)."""
