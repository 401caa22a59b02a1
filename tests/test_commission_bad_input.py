from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .commission_common import CommissionCommon


class TestCommissionBadInput(CommissionCommon):
    """Clear errors and nothing saved."""

    def test_negative_and_absurd_metres(self):
        job = self._job("weld")
        with self.assertRaisesText(ValidationError, "not a valid quantity"):
            self._report(job, [("water_supply", 200, -5.0)])
        with self.assertRaisesText(ValidationError, "at most 20000"):
            self._report(job, [("water_supply", 200, 1e6)])
        self.assertFalse(self.Report.search([("job_id", "=", job.id)]))
        self.company.tsm_quantity_max_metres = 50
        with self.assertRaisesText(ValidationError, "at most 50"):
            self._report(job, [("water_supply", 200, 60.0)])

    def test_diameter_outside_every_band(self):
        """Φ550 drainage and Φ125 water-supply: an error, never 0."""
        job = self._job("weld")
        with self.assertRaisesText(ValidationError, "Φ550"):
            self._report(job, [("winding", 550, 10.0)])
        with self.assertRaisesText(ValidationError, "Φ125"):
            self._report(job, [("water_supply", 125, 10.0)])
        self.assertFalse(self.Report.search([("job_id", "=", job.id)]))
        report = self._report(job, [("winding", 600, 10.0)])
        with self.assertRaisesText(ValidationError, "Φ550"):
            report.line_ids.write({"diameter": 550})
        self.assertEqual(report.line_ids.diameter, 600)
        with self.assertRaisesText(ValidationError, "inner-welding"):
            self._report(job, [("water_supply", 200, 10.0, True)], month=date(2026, 4, 1))

    def test_report_without_hand_over(self):
        job = self._job("weld", hand_over=False)
        self.assertEqual(job.state, "draft")
        with self.assertRaisesText(ValidationError, "hand-over"):
            self._report(job, [("water_supply", 200, 10.0)])
        with self.assertRaisesExact(UserError, "signatures"):
            job.with_user(self.user_eng).action_hand_over()
        self.assertEqual(job.state, "draft")

    def test_second_report_same_month(self):
        job = self._job("weld")
        self._report(job, [("water_supply", 200, 10.0)])
        with self.assertRaisesText(ValidationError, "already has a quantity report for 2026-03"):
            self._report(job, [("water_supply", 200, 20.0)], month=date(2026, 3, 15))
        self.assertEqual(self.Report.search_count([("job_id", "=", job.id)]), 1)

    def test_shares_not_100(self):
        with self.assertRaisesText(ValidationError, "add up to 90.0%"):
            self._job("weld", shares=[50.0, 40.0])
        self.assertFalse(self.Job.search([("title", "=", "Binhu pipeline")]))
        job = self._job("weld")
        with self.assertRaisesText(ValidationError, "add up to 110.0%"):
            job.member_ids[0].share = 60.0
        job.write(
            {
                "member_ids": [
                    Command.update(job.member_ids[0].id, {"share": 70.0}),
                    Command.update(job.member_ids[1].id, {"share": 30.0}),
                ]
            }
        )
        self.assertEqual(job.member_ids.mapped("share"), [70.0, 30.0])

    def test_release_retention_early(self):
        job = self._job("weld")
        self._submit_verify(self._report(job, [("winding", 700, 5000.0)]))
        with self.assertRaisesExact(UserError, "not completed"):
            job._tsm_request_retention(self.emp_engineer, day=date(2030, 1, 1))
        job.write({"date_done": date(2026, 4, 30)})
        job.with_user(self.user_eng).action_complete()
        with self.assertRaisesExact(UserError, "can be requested from 2028-04-30"):
            job._tsm_request_retention(self.emp_engineer, day=date(2028, 4, 29))
        self.assertFalse(job.release_ids)
        self.assertFalse(
            self.env["tsm.pay.line"].search(
                [("code", "=", "COMM_RET"), ("employee_id", "=", self.emp_engineer.id)]
            )
        )

    def test_verified_report_is_locked(self):
        job = self._job("weld")
        report = self._report(job, [("water_supply", 200, 10.0)])
        self._submit_verify(report)
        with self.assertRaisesExact(UserError, "cannot be changed while it is Verified"):
            report.line_ids.with_user(self.user_eng).write({"metres": 20.0})
        with self.assertRaisesExact(UserError, "only once"):
            report.with_user(self.user_eng)._tsm_verify()
        self.assertEqual(report.line_ids.metres, 10.0)
        with self.assertRaisesExact(AccessError, "Engineering Manager"):
            self._report(job, [("water_supply", 200, 10.0)], month=date(2026, 4, 1)).with_user(
                self.user_leader
            )._tsm_verify()

    def test_late_report_and_correction(self):
        job = self._job("weld")
        report = self._report(job, [("water_supply", 200, 100.0)])
        self.assertEqual(report.deadline, date(2026, 4, 3))
        report.with_user(self.user_leader)._tsm_submit(day=date(2026, 4, 5))
        self.assertTrue(report.is_late)
        with self.assertRaisesExact(UserError, "cannot be changed while it is Submitted"):
            report.line_ids.with_user(self.user_leader).write({"metres": 90.0})
        report.line_ids.with_user(self.user_eng).write({"metres": 90.0})
        self.assertEqual(report.amount_total, 135.0)
        self.assertIn("100.0 → 90.0", report.message_ids[0].body)

    def test_cron_reminds_and_flags(self):
        job = self._job("weld")
        draft = self._report(job, [("water_supply", 200, 10.0)], month=date(2026, 2, 1))
        self.Report._cron_daily(today=date(2026, 4, 1))
        self.assertTrue(draft.is_late)
        activities = job.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("hr_tech_service.mail_activity_type_quantity_report")
            )
        )
        self.assertEqual(activities.user_id, self.user_leader)
        self.assertEqual(activities.date_deadline, date(2026, 4, 3))
        self._report(job, [("water_supply", 200, 10.0)], month=date(2026, 4, 1))
        self.Report._cron_daily(today=date(2026, 5, 1))
        self.assertEqual(len(job.activity_ids), 1)

    def test_grade_promotion_rules(self):
        grade_3 = self.env.ref("hr_tech_service.tsm_service_grade_welder_3")
        grade_4 = self.env.ref("hr_tech_service.tsm_service_grade_welder_4")
        grade_3.company_id = self.company
        grade_4.company_id = self.company
        self.emp_engineer.write({"tsm_grade_id": grade_3.id, "tsm_grade_date": date(2026, 1, 1)})
        Promotion = self.env["tsm.grade.promotion"].with_user(self.user_hr)
        early = Promotion.create(
            {"employee_id": self.emp_engineer.id, "grade_id": grade_4.id, "date": date(2026, 6, 30)}
        )
        with self.assertRaisesExact(UserError, "6 months in grade (from 2026-07-01)"):
            early.action_approve()
        early.date = date(2026, 7, 1)
        with self.assertRaisesExact(UserError, "no passed theory and skill test"):
            early.action_approve()
        self.env["tsm.grade.test"].with_user(self.user_hr).create(
            {
                "employee_id": self.emp_engineer.id,
                "grade_id": grade_4.id,
                "date": date(2026, 6, 1),
                "passed": True,
            }
        )
        early.action_approve()
        self.assertEqual(self.emp_engineer.tsm_grade_id, grade_4)
        self.assertEqual(self.emp_engineer.tsm_grade_date, date(2026, 7, 1))
        figures = self.emp_engineer.tech_service_grade_figures()
        self.assertEqual((figures["base_salary"], figures["field_allowance"]), (1900.0, 500.0))
        self.assertEqual(figures["guaranteed_minimum"], 2000.0)


class TestCommissionLocks(CommissionCommon):
    """The job lead signs their part and reports; the manager's decisions
    (state, signatures of others, dates, crew, prices, late flags) cannot
    be typed over by the lead."""

    def test_lead_cannot_rewrite_the_job(self):
        job = self._job(hand_over=False)
        as_lead = job.with_user(self.user_leader)
        as_lead.write({"handover_lead_signed": True, "handover_notes": "Pipes on site"})
        self.assertTrue(job.handover_lead_signed)
        for vals in (
            {"state": "handed_over"},
            {"handover_manager_signed": True},
            {"date_done": date(2026, 3, 1)},
            {"contract_markup": 3.0},
        ):
            with self.assertRaisesExact(AccessError, "You cannot change"):
                as_lead.write(vals)
        with self.assertRaisesExact(AccessError, "Salesperson Signed"):
            as_lead.write({"handover_sales_signed": True})
        self.assertEqual(job.state, "draft")
        self.assertFalse(job.handover_manager_signed)

    def test_lead_cannot_touch_a_submitted_report(self):
        job = self._job()
        report = self._report(job, [("water_supply", 200, 100)])
        report.with_user(self.user_leader)._tsm_submit(day=date(2026, 4, 9))
        self.assertTrue(report.is_late)
        as_lead = report.with_user(self.user_leader)
        with self.assertRaisesExact(AccessError, "buttons"):
            as_lead.write({"is_late": False})
        with self.assertRaisesExact(AccessError, "buttons"):
            as_lead.write({"state": "verified"})
        with self.assertRaisesExact(UserError, "while it is Submitted"):
            self.env["tsm.quantity.report.line"].with_user(self.user_leader).create(
                {"report_id": report.id, "pipe_kind": "water_supply", "diameter": 200, "metres": 5}
            )
        with self.assertRaisesExact(UserError, "You cannot delete"):
            report.line_ids.with_user(self.user_leader).unlink()
        self.assertEqual(
            (report.state, report.is_late, len(report.line_ids)), ("submitted", True, 1)
        )
        with self.assertRaisesExact(UserError, "You cannot delete"):
            report.with_user(self.user_leader).unlink()
        # The manager corrects, and the report says so.
        report.line_ids.with_user(self.user_eng).unlink()
        self.assertIn("Lines removed by", report.message_ids[0].body)

    def test_garbled_setting_is_refused(self):
        """A commission setting is a typed field of the company: a value typed
        wrong is refused when it is saved, and never read as a number written
        in the code."""
        job = self._job()
        report = self._report(job, [("water_supply", 200, 100)])
        report.with_user(self.user_leader)._tsm_submit(day=date(2026, 4, 2))
        with self.assertRaises(ValueError):
            self.company.tsm_commission_verify_percent = "60%"
        self.assertEqual(self.company.tsm_commission_verify_percent, 60.0)
        report.with_user(self.user_eng)._tsm_verify()
        self.assertEqual(sum(self._pay_lines(report).mapped("amount")), 90.0)

    def test_zero_setting_stays_zero(self):
        """A setting of 0 is 0, not the shipped value: nothing is paid on
        verification, and the settlement pays the 90% at completion."""
        self.company.tsm_commission_verify_percent = 0
        job = self._job()
        report = self._report(job, [("water_supply", 200, 100)])
        self._submit_verify(report)
        self.assertEqual(self.company.tsm_commission_verify_percent, 0.0)
        self.assertEqual(report.state, "verified")
        self.assertFalse(self._pay_lines(report))
        job.with_user(self.user_eng).action_complete()
        self.assertEqual(sum(self._pay_lines(job).mapped("amount")), 135.0)

    def test_settings_are_per_company(self):
        """Another company's day rate and report deadline are its own."""
        other = self.env["res.company"].create({"name": "TSM Other Co"})
        self.assertEqual(
            (other.tsm_day_rate_amount, other.tsm_quantity_report_deadline_day), (80.0, 3)
        )
        other.tsm_day_rate_amount = 100
        self.assertEqual(self.company.tsm_day_rate_amount, 80.0)
