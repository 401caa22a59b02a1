"""Fewer, larger SQL statements for the monthly batch runs."""

import contextlib
import functools

from odoo import models as odoo_models

# Rows per INSERT or UPDATE statement inside bulk_statements() (the ORM's
# default is 100).
BULK_ROWS = 5000
ORM_DEFAULTS = (odoo_models.INSERT_BATCH_SIZE, odoo_models.UPDATE_BATCH_SIZE)


@contextlib.contextmanager
def bulk_statements(env):
    """Within the block the ORM writes up to BULK_ROWS rows per INSERT or
    UPDATE statement instead of 100, and the block flushes before leaving:
    a month's thousands of pay, commission or flag lines take a fixed number
    of statements whatever the number of employees (checked by the
    benchmark). The rows written are the same; only their grouping into
    statements changes, so another thread of the process that happens to
    write meanwhile is unaffected in what it writes."""
    odoo_models.INSERT_BATCH_SIZE = odoo_models.UPDATE_BATCH_SIZE = BULK_ROWS
    try:
        yield
        env.flush_all()
    finally:
        # Back to the ORM's own sizes (not to whatever another thread's
        # block had set), so that overlapping blocks cannot leave them raised.
        odoo_models.INSERT_BATCH_SIZE, odoo_models.UPDATE_BATCH_SIZE = ORM_DEFAULTS


def bulk(method):
    """Run a batch method inside bulk_statements()."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with bulk_statements(self.env):
            return method(self, *args, **kwargs)

    return wrapper
