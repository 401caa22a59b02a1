from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import TsmHttpCommon


@tagged("post_install", "-at_install")
class TestCommissionTour(TsmHttpCommon):
    def test_enter_and_verify_quantity_report(self):
        """In the browser: the job lead enters and submits 100 m of Φ200
        water-supply pipe, the engineering manager verifies it: 150.00
        split 50/50, 60% paid."""
        user_eng = new_test_user(
            self.env,
            login="tsm_eng",
            name="Engineering Manager Wu",
            groups="hr_tech_service.group_tsm_eng_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        (self.user_leader | user_eng).write({"lang": "en_US", "tz": "UTC"})
        job = (
            self.env["tsm.job"]
            .with_user(user_eng)
            .create(
                {
                    "title": "Tour pipeline",
                    "kind": "weld",
                    "job_lead_id": self.emp_leader.id,
                    "salesperson_id": self.user_deputy.id,
                    "date_start": date(2026, 1, 5),
                    "member_ids": [
                        Command.create({"employee_id": self.emp_engineer.id}),
                        Command.create({"employee_id": self.emp_engineer2.id}),
                    ],
                    "handover_manager_signed": True,
                    "handover_sales_signed": True,
                    "handover_lead_signed": True,
                }
            )
        )
        job.with_user(user_eng).action_hand_over()
        self.start_tour("/odoo", "tsm_quantity_report_enter", login="tsm_leader")
        report = self.env["tsm.quantity.report"].search([("job_id", "=", job.id)])
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.amount_total, 150.0)

        self.start_tour("/odoo", "tsm_quantity_report_verify", login="tsm_eng")
        report.invalidate_recordset()
        self.assertEqual(report.state, "verified")
        self.assertEqual(report.verified_by_id, user_eng)
        self.assertEqual(sorted(report.commission_line_ids.mapped("amount")), [75.0, 75.0])
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.quantity.report"), ("res_id", "=", report.id)]
        )
        self.assertEqual(sorted(lines.mapped("amount")), [45.0, 45.0])
