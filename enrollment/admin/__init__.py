"""The staff's Django admin, one module per model admin: importing this package registers them."""

from . import (  # noqa: F401
    applications,
    card_batches,
    children,
    fees,
    history,
    offices,
    payment_lists,
)
