from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .commission_common import CommissionCommon


class TestCommissionNumbers(CommissionCommon):
    """The rate table, the payment schedule and individual contracting with
    the rules' worked numbers."""

    def test_water_supply_weld_only(self):
        """100 m water-supply Φ200 weld only: 100 × (1.0 + 0.5) = 150.00."""
        job = self._job("weld")
        report = self._report(job, [("water_supply", 200, 100.0)])
        self.assertEqual(report.line_ids.rate, 1.5)
        self.assertEqual(report.amount_total, 150.0)

    def test_water_supply_install_is_twice(self):
        """The same as install: 2 × the weld-only rate = 300.00."""
        job = self._job("install")
        report = self._report(job, [("water_supply", 200, 100.0)])
        self.assertEqual(report.amount_total, 300.0)
        self.company.tsm_commission_install_multiplier = 2.5
        report.line_ids._tsm_compute_amounts()
        self.assertEqual(report.amount_total, 375.0)

    def test_drainage_inner_welding(self):
        """80 m drainage Φ700 with inner welding: 80 × (0.2 + 0.15) = 28.00."""
        job = self._job("weld")
        report = self._report(
            job,
            [("winding", 700, 80.0, True), ("steel_belt", 500, 100.0), ("steel_belt", 1500, 10.0)],
        )
        amounts = report.line_ids.mapped("amount")
        self.assertEqual(amounts, [28.0, 10.0, 3.5])
        self.assertEqual(report.amount_total, 41.5)

    def test_band_ends_and_water_supply_small(self):
        job = self._job("weld")
        report = self._report(
            job,
            [("water_supply", 50, 10.0), ("water_supply", 110, 10.0), ("water_supply", 630, 10.0)],
        )
        self.assertEqual(report.line_ids.mapped("amount"), [8.0, 8.0, 22.0])

    def test_payment_schedule(self):
        """A 1,000.00 job: 600.00 on verification, 300.00 more at completion,
        100.00 retained until two years after completion."""
        job = self._job("weld")
        report = self._report(job, [("winding", 700, 5000.0)])
        self.assertEqual(report.amount_total, 1000.0)
        self._submit_verify(report)
        self.assertEqual(report.state, "verified")
        self.assertEqual(job.state, "in_progress")
        lines = self._pay_lines(report)
        self.assertEqual(sorted(lines.mapped("amount")), [300.0, 300.0])
        self.assertEqual(set(lines.mapped("code")), {"COMM_INST"})
        self.assertEqual(lines.period_id.date_start, fields.Date.today().replace(day=1))
        job.invalidate_recordset()
        self.assertEqual(
            (
                job.commission_earned,
                job.commission_paid,
                job.commission_settled,
                job.commission_released,
                job.commission_retained,
            ),
            (1000.0, 600.0, 0.0, 0.0, 400.0),
        )

        job.with_user(self.user_eng).write({"date_done": date(2026, 4, 30)})
        job.with_user(self.user_eng).action_complete()
        self.assertEqual(job.state, "done")
        settle = self._pay_lines(job)
        self.assertEqual(sorted(settle.mapped("amount")), [150.0, 150.0])
        job.invalidate_recordset()
        self.assertEqual(
            (job.commission_paid, job.commission_settled, job.commission_retained),
            (600.0, 300.0, 100.0),
        )
        # Settling again changes nothing.
        job._tsm_settle()
        self.assertEqual(len(self._pay_lines(job)), 2)

        # The retention: refused before two years, with the date.
        with self.assertRaisesExact(UserError, "2028-04-30"):
            job.with_user(self.user_engineer).action_request_retention()
        self.assertFalse(job.release_ids)
        releases = job.with_user(self.user_engineer)._tsm_request_retention(
            self.emp_engineer, day=date(2028, 4, 30)
        )
        self.assertEqual((releases.amount, releases.state), (50.0, "requested"))
        # A request pays nothing until an engineering manager releases it.
        self.assertFalse(self._pay_lines(releases))
        releases.with_user(self.user_eng)._tsm_release(day=date(2028, 5, 2))
        self.assertEqual((releases.state, releases.released_by_id), ("released", self.user_eng))
        release_lines = self._pay_lines(releases)
        self.assertEqual(release_lines.code, "COMM_RET")
        self.assertEqual(release_lines.amount, 50.0)
        job.invalidate_recordset()
        self.assertEqual(
            (
                job.commission_earned,
                job.commission_paid,
                job.commission_settled,
                job.commission_released,
                job.commission_retained,
            ),
            (1000.0, 600.0, 300.0, 50.0, 50.0),
        )
        with self.assertRaisesExact(UserError, "no retention left"):
            job._tsm_request_retention(self.emp_engineer, day=date(2028, 5, 1))

    def test_request_retention_from_the_job(self):
        job = self._job("weld")
        report = self._report(job, [("winding", 700, 5000.0)])
        self._submit_verify(report)
        today = fields.Date.today()
        job.with_user(self.user_eng).write(
            {
                "date_start": today - relativedelta(years=3),
                "date_done": today - relativedelta(years=2),
            }
        )
        job.with_user(self.user_eng).action_complete()
        job.with_user(self.user_engineer2).action_request_retention()
        release = job.release_ids
        self.assertEqual(release.employee_id, self.emp_engineer2)
        self.assertEqual(release.requested_by_id, self.user_engineer2)
        self.assertFalse(self._pay_lines(release))
        release.with_user(self.user_eng).action_release()
        self.assertEqual(self._pay_lines(release).amount, 50.0)

    def test_crew_fifty_fifty(self):
        job = self._job("weld")
        self.assertEqual(job.member_ids.mapped("share"), [50.0, 50.0])
        report = self._report(job, [("winding", 700, 5000.0)])
        commissions = self._submit_verify(report)
        by_employee = {c.employee_id: c.amount for c in commissions}
        self.assertEqual(by_employee, {self.emp_engineer: 500.0, self.emp_engineer2: 500.0})
        self.assertEqual(sum(commissions.mapped("metres")), 5000.0)

    def test_probation_member_dropped(self):
        """A probation member earns nothing; by default their share is dropped."""
        self.emp_engineer2.tsm_probation_end = date(2026, 5, 31)
        job = self._job(
            "weld",
            crew=self.emp_engineer | self.emp_engineer2 | self.emp_leader,
            shares=[40.0, 20.0, 40.0],
        )
        report = self._report(job, [("winding", 700, 5000.0)])
        self.assertEqual(report.excluded_rule, "drop")
        commissions = self._submit_verify(report)
        by_employee = {
            c.employee_id: (c.amount, c.excluded, c.excluded_amount) for c in commissions
        }
        self.assertEqual(by_employee[self.emp_engineer], (400.0, False, 0.0))
        self.assertEqual(by_employee[self.emp_engineer2], (0.0, True, 200.0))
        self.assertEqual(by_employee[self.emp_leader], (400.0, False, 0.0))
        self.assertFalse(self._pay_lines(report, self.emp_engineer2))
        self.assertEqual(self._pay_lines(report, self.emp_engineer).amount, 240.0)

    def test_probation_member_redistributed(self):
        self.company.tsm_commission_excluded_rule = "redistribute"
        self.emp_engineer2.tsm_probation_end = date(2026, 5, 31)
        job = self._job(
            "weld",
            crew=self.emp_engineer | self.emp_engineer2 | self.emp_leader,
            shares=[40.0, 20.0, 40.0],
        )
        report = self._report(job, [("winding", 700, 5000.0)])
        self.assertEqual(report.excluded_rule, "redistribute")
        commissions = self._submit_verify(report)
        by_employee = {c.employee_id: c.amount for c in commissions}
        self.assertEqual(
            by_employee, {self.emp_engineer: 500.0, self.emp_engineer2: 0.0, self.emp_leader: 500.0}
        )
        # The setting is kept on the verified report even if it changes later.
        self.company.tsm_commission_excluded_rule = "drop"
        self.assertEqual(report.excluded_rule, "redistribute")

    def test_individual_contracting(self):
        """556.34 per metre → 11.68/m with the written factor 1.2, 12.66/m with 1.3."""
        job = self._job(
            "contracting",
            crew=self.emp_leader,
            contract_scope="install",
            contract_list_price=556.34,
        )
        self.assertEqual(
            (job.contract_share_factor, job.contract_scope_factor, job.contract_markup),
            (0.35, 0.05, 1.2),
        )
        self.assertEqual(job.contract_unit_price, 11.68)
        job.contract_markup = 1.3
        self.assertEqual(job.contract_unit_price, 12.66)
        report = self._report(job, [("water_supply", 200, 100.0)])
        self.assertEqual(report.amount_total, 1266.0)
        job.contract_scope = "weld"
        self.assertEqual(job.contract_scope_factor, 0.02)
        # The contractor's salary stops from the start.
        self.assertEqual(job.contract_salary_stop_date, date(2026, 2, 20))
        self.assertTrue(self.emp_leader.tech_service_salary_stopped(date(2026, 3, 1)))
        self.assertFalse(self.emp_leader.tech_service_salary_stopped(date(2026, 2, 19)))
        self.assertFalse(self.emp_engineer.tech_service_salary_stopped(date(2026, 3, 1)))

    def test_repair_fee_and_day_rate(self):
        job = self._job("repair", repair_fee=150.0, repair_materials="2 flanges")
        self.assertIn("200", job.repair_fee_warning)
        job.repair_fee = 300.0
        self.assertFalse(job.repair_fee_warning)
        job.with_user(self.user_eng).action_post_finance_note()
        self.assertIn("2 flanges", job.message_ids[0].body)
        work = (
            self.env["tsm.job.daywork"]
            .with_user(self.user_leader)
            .create(
                {
                    "job_id": job.id,
                    "employee_id": self.emp_engineer.id,
                    "days": 2.5,
                    "name": "Leak search",
                }
            )
        )
        self.assertEqual(work.rate, 80.0)
        with self.assertRaises(AccessError):
            work.with_user(self.user_leader).action_approve()
        self.assertEqual(work.state, "draft")
        work.with_user(self.user_eng).action_approve()
        line = self._pay_lines(work)
        self.assertEqual((line.code, line.amount, line.quantity), ("DAY_RATE", 200.0, 2.5))

    def test_metrics(self):
        job = self._job("weld", shares=[60.0, 40.0])
        report = self._report(job, [("winding", 700, 5000.0)])
        self._submit_verify(report)
        values = self.env["tsm.metric"]._tsm_compute(
            ["commission_metres", "commission_earned"],
            self.emp_engineer | self.emp_engineer2,
            date(2026, 3, 1),
            date(2026, 3, 31),
        )
        self.assertEqual(values["commission_earned"][self.emp_engineer.id], 600.0)
        self.assertEqual(values["commission_metres"][self.emp_engineer2.id], 2000.0)
        empty = self.env["tsm.metric"]._tsm_compute(
            ["commission_earned"], self.emp_engineer, date(2026, 4, 1), date(2026, 4, 30)
        )
        self.assertFalse(empty["commission_earned"])
