"""Rules for the fields of namedtuples and dataclasses (see
:mod:`srcad.rules.python.object_helpers`): ``p.W`` moves a value without changing it;
the field's name carries no derivative."""

from . import object_helpers as ho
from ..registry import adjoint, linear

adjoint(ho.field, 'x, name', x='unfield(g, x, name)',
        tangent=dict(x='field_tangent(dot, x, name)'), constants=dict(name='the name of a field'))

# the adjoint helper is linear in g (second order: forward over reverse)
linear(ho.unfield, 'g', signature='g, x, name',
       constants=dict(x='read only for its structure (its type and fields)',
                      name='the name of a field'))
