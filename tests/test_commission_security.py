from datetime import date

from odoo.exceptions import AccessError

from .commission_common import CommissionCommon


class TestCommissionSecurity(CommissionCommon):
    """Job leads report for their jobs only; the engineering manager
    verifies; crew members read their own commission; finance and payroll
    read all. Tested as each user, never as superuser."""

    def test_job_lead_reports_own_jobs_only(self):
        own = self._job("weld", crew=self.emp_engineer)
        other = self._job("weld", crew=self.emp_engineer, job_lead_id=self.emp_engineer2.id)
        report = self._report(own, [("water_supply", 200, 10.0)])
        self.assertEqual(report.create_uid, self.user_leader)
        with self.assertRaises(AccessError):
            self._report(other, [("water_supply", 200, 10.0)])
        # The crew member reads the job and its report but cannot write them.
        self.assertEqual(own.with_user(self.user_engineer).title, "Binhu pipeline")
        report.with_user(self.user_engineer).read(["amount_total"])
        with self.assertRaises(AccessError):
            self._report(
                own, [("water_supply", 200, 10.0)], month=date(2026, 4, 1), user=self.user_engineer
            )
        with self.assertRaises(AccessError):
            own.with_user(self.user_engineer).write({"site": "elsewhere"})
        # Not on the crew, not the lead: no access.
        solo = self._job("weld", crew=self.emp_leader)
        with self.assertRaises(AccessError):
            solo.with_user(self.user_engineer).read(["title"])

    def test_only_engineering_manager_verifies(self):
        job = self._job("weld")
        report = self._report(job, [("water_supply", 200, 10.0)])
        report.with_user(self.user_leader).action_submit()
        for user in (self.user_leader, self.user_engineer, self.user_manager, self.user_hr):
            with self.assertRaisesExact(AccessError, "verify quantity reports"):
                report.with_user(user).action_verify()
        self.assertEqual(report.state, "submitted")
        report.with_user(self.user_eng).action_verify()
        self.assertEqual(report.state, "verified")
        job_draft = self._job("weld", hand_over=False)
        with self.assertRaisesExact(AccessError, "record site hand-overs"):
            job_draft.with_user(self.user_leader).action_hand_over()
        self.assertEqual(job_draft.state, "draft")

    def test_commission_read_rights(self):
        job = self._job("weld")
        self._submit_verify(self._report(job, [("winding", 700, 5000.0)]))
        Line = self.env["tsm.commission.line"]
        mine = Line.with_user(self.user_engineer).search([])
        self.assertEqual(mine.employee_id, self.emp_engineer)
        self.assertEqual(mine.amount, 500.0)
        for user in (self.user_finance, self.user_payroll, self.user_hr, self.user_eng):
            self.assertEqual(len(Line.with_user(user).search([("job_id", "=", job.id)])), 2)
            self.assertEqual(job.with_user(user).commission_earned, 1000.0)
        with self.assertRaises(AccessError):
            job.with_user(self.user_finance).write({"site": "x"})
        with self.assertRaises(AccessError):
            mine.with_user(self.user_engineer).write({"amount": 1.0})
        # The job lead reads the split of the job they lead.
        self.assertEqual(len(Line.with_user(self.user_leader).search([])), 2)

    def test_crew_member_sees_the_job_not_its_totals(self):
        """A crew member opens the job form (its view has no whole-job
        commission for them) and reads only their own commission lines;
        the job lead and finance see the job's totals."""
        job = self._job("weld")
        self._submit_verify(self._report(job, [("water_supply", 200, 100.0)]))
        as_crew = job.with_user(self.user_engineer)
        views = as_crew.get_views([(False, "form")])
        fields_ = views["models"]["tsm.job"]["fields"]
        self.assertIn("title", fields_)
        self.assertNotIn("commission_earned", fields_)
        as_crew.web_read(
            {
                name: {}
                for name in fields_
                if fields_[name]["type"] not in ("one2many", "many2many", "many2one")
            }
        )
        with self.assertRaises(AccessError):
            as_crew.read(["commission_earned"])
        lines = self.env["tsm.commission.line"].with_user(self.user_engineer).search([])
        self.assertEqual(lines.employee_id, self.emp_engineer)
        self.assertEqual(job.with_user(self.user_leader).commission_earned, 150.0)
        self.assertEqual(job.with_user(self.user_finance).commission_earned, 150.0)

    def test_leader_on_a_crew_sees_no_job_totals(self):
        """An area leader who is only a crew member of someone else's job
        reads its form but not its totals."""
        job = self._job(
            "weld", crew=self.emp_engineer | self.emp_leader, job_lead_id=self.emp_engineer2.id
        )
        report = self._report(job, [("water_supply", 200, 100.0)], user=self.user_eng)
        report.with_user(self.user_eng)._tsm_submit(day=date(2026, 4, 2))
        report.with_user(self.user_eng)._tsm_verify()
        self.assertEqual(job.with_user(self.user_leader).commission_earned, 0.0)
        self.assertEqual(job.with_user(self.user_eng).commission_earned, 150.0)
