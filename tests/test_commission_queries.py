from odoo import Command
from odoo.tests import tagged

from .commission_common import CommissionCommon


@tagged("is_query_count")
class TestCommissionBatchQueries(CommissionCommon):
    """Verifying many reports at once and settling many jobs cost a fixed
    number of queries, not one per report, line or crew member."""

    def _bulk(self, count, lines_per_report, prefix):
        crew = self._make_employees(2, prefix)
        jobs = self.Job.create(
            [
                {
                    "title": f"{prefix} {i}",
                    "kind": "weld",
                    "job_lead_id": self.emp_leader.id,
                    "salesperson_id": self.user_deputy.id,
                    "member_ids": [Command.create({"employee_id": e.id}) for e in crew],
                    "handover_manager_signed": True,
                    "handover_sales_signed": True,
                    "handover_lead_signed": True,
                }
                for i in range(count)
            ]
        )
        jobs.action_hand_over()
        reports = self.Report.create(
            [
                {
                    "job_id": job.id,
                    "date_month": self.month,
                    "line_ids": [
                        Command.create({"pipe_kind": "winding", "diameter": 700, "metres": 10.0})
                        for _i in range(lines_per_report)
                    ],
                }
                for job in jobs
            ]
        )
        reports._tsm_submit()
        return jobs, reports

    def test_verify_and_settle_fixed_queries(self):
        small_jobs, small = self._bulk(2, 3, "Small")
        large_jobs, large = self._bulk(12, 20, "Large")
        self.env.invalidate_all()
        count_small = self._count_queries(small.with_user(self.user_eng)._tsm_verify)
        self.assertEqual(sum(small.mapped("amount_total")), 2 * 3 * 2.0)
        self.env.invalidate_all()
        # 240 lines, 24 commission lines and 24 pay lines: one INSERT each.
        with self.assertQueryCount(count_small):
            large.with_user(self.user_eng)._tsm_verify()
        self.assertEqual(set(large.mapped("state")), {"verified"})
        self.assertEqual(len(large.commission_line_ids), 24)
        self.assertEqual(sum(self._pay_lines(large).mapped("amount")), 12 * 40.0 * 0.6)

        (small_jobs | large_jobs).write({"state": "done", "date_done": self.month})
        self.env.invalidate_all()
        count_small = self._count_queries(small_jobs._tsm_settle)
        self.env.invalidate_all()
        with self.assertQueryCount(count_small):
            large_jobs._tsm_settle()
        self.assertEqual(sum(self._pay_lines(large_jobs).mapped("amount")), 12 * 40.0 * 0.3)
