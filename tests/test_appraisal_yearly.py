"""Yearly rules: six grades of a kind in a calendar year flag a case for HR."""

from datetime import date

from odoo.exceptions import AccessError

from .appraisal_common import AppraisalCommon


class TestYearlyRules(AppraisalCommon):
    def _approve_months(self, employee, months, grade_scores):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        for month in months:
            start = date(2026, month, 1)
            end = (
                date(2026, month + 1, 1) - __import__("datetime").timedelta(days=1)
                if month < 12
                else date(2026, 12, 31)
            )
            sheet = self._generate(self.tpl_a, employee, (start, end, f"2026-{month:02d}"))
            self._run_chain(sheet, {0: grade_scores})

    def test_six_a_grades_flag_promotion_review(self):
        best = {
            name: line_max
            for name, line_max in [
                ("Initiative", 15),
                ("Coordination", 10),
                ("Loyalty", 15),
                ("Planning", 8),
                ("Execution", 10),
                ("Work quality", 12),
            ]
        }
        self._approve_months(self.emp_engineer, range(1, 6), best)
        Flag = self.env["tsm.appraisal.flag"]
        self.assertFalse(
            Flag.search([("employee_id", "=", self.emp_engineer.id)]),
            "five A grades are not enough",
        )
        self._approve_months(self.emp_engineer, [6], best)
        flag = Flag.search([("employee_id", "=", self.emp_engineer.id)])
        self.assertEqual(flag.rule_id, self.env.ref("hr_tech_service.yearly_rule_promotion"))
        self.assertEqual(flag.year, 2026)
        self.assertEqual(len(flag.sheet_ids), 6)
        self.assertEqual(set(flag.sheet_ids.mapped("grade_code")), {"A"})
        self.assertTrue(flag.activity_ids, "HR gets a to-do")
        self.assertEqual(flag.activity_ids.user_id, self.user_hr)
        self.assertEqual(self.emp_engineer.tsm_flag_ids, flag)
        self.assertIn("A", self.emp_engineer.with_context(tsm_grid_year=2026).tsm_appraisal_grid)
        # The seventh A joins the same case.
        self._approve_months(self.emp_engineer, [7], best)
        self.assertEqual(len(flag.sheet_ids), 7)
        self.assertEqual(Flag.search_count([("employee_id", "=", self.emp_engineer.id)]), 1)
        with self.assertRaises(AccessError):
            flag.with_user(self.user_engineer).read(["name"])
