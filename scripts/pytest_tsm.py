"""pytest plugin loaded by scripts/test.sh (-p pytest_tsm).

pytest-odoo imports Odoo's test framework before it turns Odoo's test mode
on, which makes Odoo log a spurious error with a stack trace; drop just that
record so that the output shows only real problems.
"""

import logging


def _not_import_warning(record):
    return "Importing test framework" not in record.getMessage()


logging.getLogger("odoo.tests.common").addFilter(_not_import_warning)
