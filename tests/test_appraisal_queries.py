"""Generating sheets takes a fixed number of queries per template."""

from datetime import date

from odoo.tests import tagged

from .appraisal_common import AppraisalCommon


@tagged("is_query_count")
class TestGenerationQueries(AppraisalCommon):
    def test_fixed_queries_per_template(self):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        small = self._make_employees(10, "S")
        large = self._make_employees(100, "L")
        (small | large).write({"tsm_area_id": self.area.id, "parent_id": self.emp_manager.id})
        Sheet = self.Sheet
        self._generate(
            self.tpl_a, self.emp_engineer, (date(2026, 9, 1), date(2026, 9, 30), "2026-09")
        )
        self.env.invalidate_all()
        count_small = self._count_queries(
            lambda: Sheet._tsm_generate(
                self.tpl_a, small, date(2026, 10, 1), date(2026, 10, 31), "2026-10"
            )
        )
        self.env.invalidate_all()
        # 10 sheets × 7 lines vs 100 × 7: the ORM inserts 100 rows per
        # INSERT (sheets, lines, activities, followers), nothing per sheet.
        with self.assertQueryCount(count_small + 20):
            Sheet._tsm_generate(self.tpl_a, large, date(2026, 10, 1), date(2026, 10, 31), "2026-10")
        self.assertEqual(Sheet.search_count([("date_start", "=", "2026-10-01")]), 110)
