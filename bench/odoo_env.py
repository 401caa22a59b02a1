"""Open an Odoo environment on a database, for the benchmark scripts."""

import contextlib

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


def load(conf, dbname):
    config.parse_config(["-c", conf, "-d", dbname, "--log-level=warn"])
    return Registry(dbname)


@contextlib.contextmanager
def environment(registry, commit=False, uid=SUPERUSER_ID):
    """An environment on a new cursor; rolled back unless ``commit``."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"tracking_disable": True})
        try:
            yield env
            if commit:
                env.flush_all()
                cr.commit()
            else:
                cr.rollback()
        except Exception:
            cr.rollback()
            raise


def query_count():
    return odoo.sql_db.sql_counter
