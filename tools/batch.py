"""Fewer, larger SQL statements for the monthly batch runs."""

import contextlib
import functools
import threading

from odoo import models as odoo_models

# Rows per INSERT or UPDATE statement inside bulk_statements() (the ORM's
# default is 100).
BULK_ROWS = 5000
ORM_DEFAULTS = (odoo_models.INSERT_BATCH_SIZE, odoo_models.UPDATE_BATCH_SIZE)
_lock = threading.Lock()
_open_blocks = 0


@contextlib.contextmanager
def bulk_statements(env):
    """Within the block the ORM writes up to BULK_ROWS rows per INSERT or
    UPDATE statement instead of 100, and the block flushes before leaving:
    a month's thousands of pay, commission or flag lines take a fixed number
    of statements whatever the number of employees (checked by the
    benchmark). The rows written are the same; only their grouping into
    statements changes, so another thread of the process that happens to
    write meanwhile is unaffected in what it writes."""
    global _open_blocks
    with _lock:
        _open_blocks += 1
        odoo_models.INSERT_BATCH_SIZE = odoo_models.UPDATE_BATCH_SIZE = BULK_ROWS
    try:
        yield
        env.flush_all()
    finally:
        # The last block to close (nested, or in another thread) puts back
        # the ORM's own sizes, so that none can leave them raised.
        with _lock:
            _open_blocks -= 1
            if not _open_blocks:
                odoo_models.INSERT_BATCH_SIZE, odoo_models.UPDATE_BATCH_SIZE = ORM_DEFAULTS


def bulk(method):
    """Run a batch method inside bulk_statements()."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with bulk_statements(self.env):
            return method(self, *args, **kwargs)

    return wrapper
