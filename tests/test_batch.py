from odoo import models as odoo_models

from odoo.addons.hr_tech_service.tools.batch import BULK_ROWS, ORM_DEFAULTS, bulk_statements

from .common import TsmCommon


class TestBulkStatements(TsmCommon):
    def _sizes(self):
        return odoo_models.INSERT_BATCH_SIZE, odoo_models.UPDATE_BATCH_SIZE

    def test_nested_blocks_keep_bulk_until_the_last_closes(self):
        """A batch method calling another (verification → pay line sync)
        keeps large statements after the inner one returns, and the ORM's
        own sizes come back when the outer one closes, even after an error."""
        self.assertEqual(self._sizes(), ORM_DEFAULTS)
        with bulk_statements(self.env):
            with bulk_statements(self.env):
                self.assertEqual(self._sizes(), (BULK_ROWS, BULK_ROWS))
            self.assertEqual(self._sizes(), (BULK_ROWS, BULK_ROWS))
        self.assertEqual(self._sizes(), ORM_DEFAULTS)
        with self.assertRaises(ZeroDivisionError), bulk_statements(self.env):
            _ = 1 / 0
        self.assertEqual(self._sizes(), ORM_DEFAULTS)

    def test_fewer_statements_same_rows(self):
        """250 employees take fewer statements inside a block (one INSERT
        per table instead of one per 100 rows) and are the same records."""
        outside = self._count_queries(lambda: self._make_employees(250, "Plain"))

        def inside():
            with bulk_statements(self.env):
                self._make_employees(250, "Bulk")

        self.assertLess(self._count_queries(inside), outside - 2)
        bulk = self.env["hr.employee"].search([("name", "=like", "Bulk %")], order="name")
        self.assertEqual(len(bulk), 250)
        self.assertEqual(bulk[-1].name, "Bulk 0249")
        self.assertEqual(bulk.resource_id.mapped("name"), bulk.mapped("name"))
