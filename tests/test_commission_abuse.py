"""Abuse of the commission wing over XML-RPC: each role logs in with its own
login and tries what a hostile employee would, and what the role may do is
walked through as a matrix (the wing's security model)."""

import xmlrpc.client
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .commission_common import CommissionSetup
from .common import RPC_ACCESS_ERROR, RPC_USER_ERROR, TsmRpcCommon

# The security model of the commission wing: (role, action, records, allowed).
# Roles: crew = an engineer on the job's crew; lead = the job lead (area
# leader); eng = an engineering manager paid from nothing on the job;
# eng_crew = an engineering manager on the job's crew; sales = the job's
# salesperson; finance, payroll; hr = an HR manager.
MATRIX = [
    ("lead", "enter a quantity report", "jobs led", True),
    ("lead", "enter a quantity report", "other jobs", False),
    ("crew", "enter a quantity report", "own job", False),
    ("lead", "submit a quantity report", "jobs led", True),
    ("eng", "verify a quantity report", "all", True),
    ("lead", "verify a quantity report", "jobs led", False),
    ("eng_crew", "verify a quantity report", "own job", False),
    ("eng", "correct a submitted report", "all", True),
    ("lead", "correct a submitted report", "jobs led", False),
    ("eng_crew", "correct a submitted report", "own job", False),
    ("eng", "record a site hand-over", "all", True),
    ("lead", "sign the hand-over for the crew", "jobs led", True),
    ("sales", "sign the hand-over for sales", "jobs sold", True),
    ("lead", "sign the hand-over for the manager", "jobs led", False),
    ("eng", "change crew and shares", "all", True),
    ("lead", "change crew and shares", "jobs led", False),
    ("eng_crew", "change crew and shares", "own job", False),
    ("eng", "complete and settle a job", "all", True),
    ("eng_crew", "complete and settle a job", "own job", False),
    ("crew", "request their retention", "own", True),
    ("eng", "release a retention", "all", True),
    ("crew", "release a retention", "own", False),
    ("eng_crew", "release a retention", "own", False),
    ("lead", "enter day-rate work", "jobs led", True),
    ("eng", "approve day-rate work", "all", True),
    ("eng_crew", "approve day-rate work", "own", False),
    ("hr", "approve a grade promotion", "others", True),
    ("hr", "approve a grade promotion", "own", False),
    ("hr", "record a grade test", "own", False),
    ("crew", "print a commission statement", "own", True),
    ("crew", "print a commission statement", "colleague", False),
    ("lead", "print a commission statement", "crew of jobs led", True),
    ("finance", "print a commission statement", "all", True),
    ("hr", "change the rate table", "all", True),
    ("eng", "change the rate table", "all", False),
]


@tagged("post_install", "-at_install")
class TestAbuseCommission(CommissionSetup, TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._commission_setup()
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.user_eng2 = cls._tsm_user(
            "tsm_eng2", "hr_tech_service.group_tsm_eng_manager", "Engineering Manager Xu"
        )
        cls.emp_eng2 = Employee.create(
            {
                "name": "Engineering Manager Xu",
                "user_id": cls.user_eng2.id,
                "department_id": cls.department.id,
            }
        )
        cls.emp_hr = Employee.create({"name": "HR Liu", "user_id": cls.user_hr.id})
        cls.user_hr2 = cls._tsm_user("tsm_hr2", "hr_tech_service.group_tsm_hr_officer", "HR Ma")
        cls.user_zh = cls._tsm_user("tsm_engineer_zh", "hr_tech_service.group_tsm_employee", "Wei")
        cls.user_zh.lang = "zh_CN"
        cls.emp_zh = Employee.create(
            {"name": "Engineer Wei", "user_id": cls.user_zh.id, "department_id": cls.department.id}
        )
        cls.users = {
            "crew": cls.user_engineer,
            "lead": cls.user_leader,
            "eng": cls.user_eng,
            "eng_crew": cls.user_eng2,
            "sales": cls.user_deputy,
            "finance": cls.user_finance,
            "payroll": cls.user_payroll,
            "hr": cls.user_hr,
        }

    # ------------------------------------------------------------------
    # Fixtures (written by the test as superuser or the right role)
    # ------------------------------------------------------------------
    def _submitted(self, crew=None, **vals):
        job = self._job("weld", crew=crew, **vals)
        report = self._report(job, [("winding", 700, 5000.0)])
        report.with_user(self.user_leader)._tsm_submit(day=date(2026, 4, 2))
        return job, report

    def _verified(self, crew=None, **vals):
        job, report = self._submitted(crew=crew, **vals)
        report.with_user(self.user_eng)._tsm_verify()
        return job, report

    def _completed_long_ago(self, crew=None):
        """A verified job completed two years ago: its retention may be requested."""
        job, _report = self._verified(crew=crew)
        today = fields.Date.today()
        job.sudo().write(
            {
                "date_start": today - relativedelta(years=3),
                "date_done": today - relativedelta(years=2),
            }
        )
        job.with_user(self.user_eng).action_complete()
        return job

    def _requested(self, employee, crew=None):
        job = self._completed_long_ago(crew=crew)
        job.with_user(employee.user_id).action_request_retention()
        return job.release_ids

    def _daywork(self, employee, crew=None):
        job = self._job("repair", crew=crew)
        return (
            self.env["tsm.job.daywork"]
            .with_user(self.user_leader)
            .create({"job_id": job.id, "employee_id": employee.id, "days": 2, "name": "Leak"})
        )

    def _promotion(self, employee, author):
        grade_3 = self.env.ref("hr_tech_service.tsm_service_grade_welder_3")
        grade_4 = self.env.ref("hr_tech_service.tsm_service_grade_welder_4")
        (grade_3 | grade_4).company_id = self.company
        employee.write({"tsm_grade_id": grade_3.id, "tsm_grade_date": date(2025, 1, 1)})
        self.env["tsm.grade.test"].create(
            {
                "employee_id": employee.id,
                "grade_id": grade_4.id,
                "date": date(2025, 6, 1),
                "passed": True,
            }
        )
        return (
            self.env["tsm.grade.promotion"]
            .with_user(author)
            .create({"employee_id": employee.id, "grade_id": grade_4.id, "date": date(2025, 8, 1)})
        )

    def _line_vals(self, metres=10.0):
        return {"pipe_kind": "water_supply", "diameter": 200, "metres": metres}

    def _statement(self, user, employee):
        self.authenticate(user.login, self.password(user))
        return self.url_open(
            f"/report/pdf/hr_tech_service.report_commission_statement/{employee.id}"
        )

    # ------------------------------------------------------------------
    # The matrix
    # ------------------------------------------------------------------
    def _do(self, role, action, scope):
        """Do ``action`` on records of ``scope`` as ``role``: over XML-RPC
        (a refusal is an xmlrpc Fault) or, for a PDF, over HTTP (a refusal
        raises AssertionError with the status)."""
        method = "_do_" + action.replace(" ", "_").replace("-", "_")
        return getattr(self, method)(self.users[role], role, scope)

    def _crew_of(self, role):
        return self.emp_engineer | (self.emp_eng2 if role == "eng_crew" else self.emp_engineer2)

    def _do_enter_a_quantity_report(self, user, role, scope):
        lead = {"job_lead_id": self.emp_engineer2.id} if scope == "other jobs" else {}
        job = self._job("weld", **lead)
        vals = {
            "job_id": job.id,
            "date_month": "2026-03-01",
            "line_ids": [(0, 0, self._line_vals())],
        }
        return self.rpc(user, "tsm.quantity.report", "create", [vals])

    def _do_submit_a_quantity_report(self, user, role, scope):
        report = self._report(self._job("weld"), [("water_supply", 200, 10.0)])
        return self.rpc(user, "tsm.quantity.report", "action_submit", report.ids)

    def _do_verify_a_quantity_report(self, user, role, scope):
        _job, report = self._submitted(crew=self._crew_of(role))
        return self.rpc(user, "tsm.quantity.report", "action_verify", report.ids)

    def _do_correct_a_submitted_report(self, user, role, scope):
        _job, report = self._submitted(crew=self._crew_of(role))
        lines = report.line_ids
        return self.rpc(user, "tsm.quantity.report.line", "write", lines.ids, {"metres": 4000})

    def _do_record_a_site_hand_over(self, user, role, scope):
        job = self._job("weld", hand_over=False)
        job.sudo().write(
            dict.fromkeys(
                ("handover_manager_signed", "handover_sales_signed", "handover_lead_signed"), True
            )
        )
        return self.rpc(user, "tsm.job", "action_hand_over", job.ids)

    def _sign(self, user, field):
        job = self._job("weld", hand_over=False)
        return self.rpc(user, "tsm.job", "write", job.ids, {field: True})

    def _do_sign_the_hand_over_for_the_crew(self, user, role, scope):
        return self._sign(user, "handover_lead_signed")

    def _do_sign_the_hand_over_for_sales(self, user, role, scope):
        return self._sign(user, "handover_sales_signed")

    def _do_sign_the_hand_over_for_the_manager(self, user, role, scope):
        return self._sign(user, "handover_manager_signed")

    def _do_change_crew_and_shares(self, user, role, scope):
        job = self._job("weld", crew=self._crew_of(role))
        first, second = job.member_ids
        crew = [(1, first.id, {"share": 70.0}), (1, second.id, {"share": 30.0})]
        return self.rpc(user, "tsm.job", "write", job.ids, {"member_ids": crew})

    def _do_complete_and_settle_a_job(self, user, role, scope):
        job, _report = self._verified(crew=self._crew_of(role))
        return self.rpc(user, "tsm.job", "action_complete", job.ids)

    def _do_request_their_retention(self, user, role, scope):
        job = self._completed_long_ago()
        return self.rpc(user, "tsm.job", "action_request_retention", job.ids)

    def _do_release_a_retention(self, user, role, scope):
        employee = self.emp_eng2 if role == "eng_crew" else self.emp_engineer
        release = self._requested(employee, crew=self.emp_engineer | self.emp_eng2)
        return self.rpc(user, "tsm.commission.release", "action_release", release.ids)

    def _do_enter_day_rate_work(self, user, role, scope):
        job = self._job("repair")
        vals = {"job_id": job.id, "employee_id": self.emp_engineer.id, "name": "Leak"}
        return self.rpc(user, "tsm.job.daywork", "create", [vals])

    def _do_approve_day_rate_work(self, user, role, scope):
        employee = self.emp_eng2 if scope == "own" else self.emp_engineer
        work = self._daywork(employee, crew=self.emp_engineer | self.emp_eng2)
        return self.rpc(user, "tsm.job.daywork", "action_approve", work.ids)

    def _do_approve_a_grade_promotion(self, user, role, scope):
        if scope == "own":
            promotion = self._promotion(self.emp_hr, self.user_hr2)
        else:
            promotion = self._promotion(self.emp_engineer, self.user_hr)
        return self.rpc(user, "tsm.grade.promotion", "action_approve", promotion.ids)

    def _do_record_a_grade_test(self, user, role, scope):
        grade = self.env.ref("hr_tech_service.tsm_service_grade_welder_4")
        grade.company_id = self.company
        vals = {"employee_id": self.emp_hr.id, "grade_id": grade.id, "passed": True}
        return self.rpc(user, "tsm.grade.test", "create", [vals])

    def _do_print_a_commission_statement(self, user, role, scope):
        self._verified()
        employee = self.emp_engineer2 if scope == "colleague" else self.emp_engineer
        response = self._statement(user, employee)
        if response.status_code != 200:
            raise AssertionError(response.status_code)
        return response

    def _do_change_the_rate_table(self, user, role, scope):
        rate = self.env.ref("hr_tech_service.pipe_rate_water_supply_160_250")
        return self.rpc(user, "tsm.pipe.rate", "write", rate.ids, {"note": "Checked"})

    def test_security_matrix(self):
        for role, action, scope, allowed in MATRIX:
            with self.subTest(role=role, action=action, scope=scope):
                if allowed:
                    self._do(role, action, scope)
                    continue
                try:
                    self._do(role, action, scope)
                except xmlrpc.client.Fault as error:
                    self.assertIn(error.faultCode, (RPC_USER_ERROR, RPC_ACCESS_ERROR))
                except AssertionError as error:
                    self.assertEqual(error.args, (403,))
                else:
                    self.fail(f"{role} may {action} ({scope})")

    # ------------------------------------------------------------------
    # Forgeries
    # ------------------------------------------------------------------
    def test_report_created_already_verified(self):
        """A job lead cannot create a report that is already verified, by the
        engineering manager, with its late flag cleared."""
        job = self._job("weld")
        for forged in (
            {
                "state": "verified",
                "verified_by_id": self.user_eng.id,
                "verified_date": "2026-04-02",
            },
            {"state": "submitted", "submitted_date": "2026-04-01"},
            {"deadline": "2026-12-31"},
        ):
            with self.subTest(forged=forged):
                vals = {"job_id": job.id, "date_month": "2026-03-01", **forged}
                self.assertRpcRefused(
                    self.user_leader,
                    "tsm.quantity.report",
                    "create",
                    [vals],
                    text="cannot be created with",
                    unchanged=job,
                )
                self.assertFalse(self.Report.search([("job_id", "=", job.id)]))

    def test_draft_line_moved_into_a_verified_report(self):
        """Lines follow their report: one cannot be moved into a verified
        report (nor out of it) by writing its report."""
        job, verified = self._verified()
        draft = self._report(job, [("water_supply", 200, 300.0)], month=date(2026, 4, 1))
        line = draft.line_ids
        self.assertRpcRefused(
            self.user_leader,
            "tsm.quantity.report.line",
            "write",
            line.ids,
            {"report_id": verified.id},
            text="You cannot change “Report”",
            unchanged=[line, verified, verified.line_ids],
        )
        self.assertRpcRefused(
            self.user_leader,
            "tsm.quantity.report.line",
            "write",
            verified.line_ids.ids,
            {"report_id": draft.id},
            unchanged=[verified.line_ids, draft],
        )
        # Nor created in it.
        self.assertRpcRefused(
            self.user_eng,
            "tsm.quantity.report.line",
            "create",
            [{"report_id": verified.id, **self._line_vals()}],
            fault=RPC_USER_ERROR,
            text="while it is Verified",
            unchanged=verified,
        )
        self.assertEqual(len(verified.line_ids), 1)

    def test_forged_context_keys_unlock_nothing(self):
        work = self._daywork(self.emp_engineer)
        work.with_user(self.user_eng).action_approve()
        self.assertRpcRefused(
            self.user_leader,
            "tsm.job.daywork",
            "write",
            work.ids,
            {"days": 20},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Approved",
            unchanged=work,
            context={"tsm_approving": True},
        )
        job = self._job("weld")
        self.assertRpcRefused(
            self.user_eng,
            "tsm.job.member",
            "write",
            job.member_ids[:1].ids,
            {"share": 90.0},
            fault=RPC_USER_ERROR,
            text="add up to 140.0%",
            unchanged=job.member_ids,
            context={"tsm_skip_share_check": True},
        )
        _job, report = self._submitted()
        self.assertRpcRefused(
            self.user_leader,
            "tsm.quantity.report",
            "write",
            report.ids,
            {"state": "verified", "verified_by_id": self.user_eng.id},
            text="You cannot change",
            unchanged=report,
            context={"tsm_quantity_report_action": True, "tsm_flow": True},
        )
        self.assertRpcRefused(
            self.user_eng,
            "tsm.pipe.rate",
            "write",
            self.env.ref("hr_tech_service.pipe_rate_water_supply_160_250").ids,
            {"diameter_to": 300},
            unchanged=self.env.ref("hr_tech_service.pipe_rate_water_supply_160_250"),
            context={"tsm_pipe_rate_action": True},
        )
        _job, verified = self._verified()
        mine = verified.commission_line_ids.filtered(lambda c: c.employee_id == self.emp_engineer)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.commission.line",
            "write",
            mine.ids,
            {"amount": 1e6},
            unchanged=mine,
            context={"tsm_commission_line_action": True},
        )

    def test_stored_computed_fields_are_not_typed(self):
        """Deadlines, rates, commission and amounts are computed: nobody
        types them, not even in a draft."""
        job = self._job("weld")
        report = self._report(job, [("water_supply", 200, 100.0)])
        line = report.line_ids
        for model, records, vals in (
            ("tsm.quantity.report", report, {"deadline": "2026-12-31"}),
            ("tsm.quantity.report", report, {"amount_total": 99999.0}),
            ("tsm.quantity.report.line", line, {"amount": 99999.0}),
            ("tsm.quantity.report.line", line, {"rate": 50.0}),
        ):
            with self.subTest(model=model, vals=vals):
                self.assertRpcRefused(
                    self.user_leader,
                    model,
                    "write",
                    records.ids,
                    vals,
                    text="You cannot change",
                    unchanged=[report, line],
                )
        self.assertEqual((line.amount, report.deadline), (150.0, date(2026, 4, 3)))
        rate = self.env.ref("hr_tech_service.pipe_rate_water_supply_160_250")
        self.assertRpcRefused(
            self.user_hr, "tsm.pipe.rate", "write", rate.ids, {"rate": 9.0}, unchanged=rate
        )

    def test_day_rate_work_locked_fields(self):
        """The job lead enters day-rate work at the setting's rate; the rate,
        the state and the approved work are not theirs to type."""
        work = self._daywork(self.emp_engineer)
        for vals in ({"rate": 800.0}, {"state": "approved"}, {"amount": 1000.0}):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_leader,
                    "tsm.job.daywork",
                    "write",
                    work.ids,
                    vals,
                    text="You cannot change",
                    unchanged=work,
                )
        self.assertRpcRefused(
            self.user_leader,
            "tsm.job.daywork",
            "create",
            [
                {
                    "job_id": work.job_id.id,
                    "employee_id": self.emp_leader.id,
                    "name": "Waiting",
                    "days": 3,
                    "state": "approved",
                }
            ],
            text="cannot be created with",
        )
        self.assertEqual(len(work.job_id.daywork_ids), 1)

    def test_job_set_up_by_the_engineering_manager_only(self):
        """Job state, dates, crew, shares, other signatures and contract
        prices are the engineering manager's (or the buttons')."""
        job = self._job("contracting", crew=self.emp_leader, contract_list_price=556.34)
        for vals in (
            {"state": "done"},
            {"date_done": "2026-03-01"},
            {"contract_markup": 3.0},
            {"contract_salary_stop_date": False},
            {"handover_manager_signed": False},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    self.user_leader,
                    "tsm.job",
                    "write",
                    job.ids,
                    vals,
                    text="You cannot change",
                    unchanged=[job, job.member_ids],
                )
        for crew in (
            [(1, job.member_ids.id, {"share": 50.0})],
            [(0, 0, {"employee_id": self.emp_engineer.id, "share": 50.0})],
            [(2, job.member_ids.id, 0)],
        ):
            with self.subTest(crew=crew):
                self.assertRpcRefused(
                    self.user_leader,
                    "tsm.job",
                    "write",
                    job.ids,
                    {"member_ids": crew},
                    unchanged=[job, job.member_ids],
                )
        self.assertRpcRefused(
            self.user_eng,
            "tsm.job",
            "create",
            [{"title": "Done already", "kind": "weld", "state": "done"}],
            text="cannot be created with",
        )
        self.assertFalse(self.Job.search([("title", "=", "Done already")]))
        # A crew line never moves to another job.
        other = self._job("weld")
        self.assertRpcRefused(
            self.user_eng,
            "tsm.job.member",
            "write",
            job.member_ids.ids,
            {"job_id": other.id},
            text="You cannot change",
            unchanged=[job.member_ids, other.member_ids],
        )

    def test_engineering_manager_on_the_crew_neither_verifies_nor_corrects(self):
        _job, report = self._submitted(crew=self.emp_engineer | self.emp_eng2)
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.quantity.report",
            "action_verify",
            report.ids,
            fault=RPC_USER_ERROR,
            text="someone else must verify it",
            unchanged=[report, report.line_ids],
        )
        self.assertFalse(report.commission_line_ids)
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.quantity.report.line",
            "write",
            report.line_ids.ids,
            {"metres": 9000.0},
            fault=RPC_USER_ERROR,
            text="cannot be changed while it is Submitted",
            unchanged=report.line_ids,
        )
        # Nor raises their own share of it.
        mine, other = report.job_id.member_ids.sorted(lambda m: m.employee_id != self.emp_eng2)
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.job",
            "write",
            report.job_id.ids,
            {"member_ids": [(1, mine.id, {"share": 90.0}), (1, other.id, {"share": 10.0})]},
            text="You cannot change “Share (%)”",
            unchanged=report.job_id.member_ids,
        )
        # An engineering manager who leads the job does not verify its report either.
        job = self._job("weld", job_lead_id=self.emp_eng2.id)
        led = self._report(job, [("water_supply", 200, 10.0)], user=self.user_eng2)
        led.with_user(self.user_eng2)._tsm_submit(day=date(2026, 4, 2))
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.quantity.report",
            "action_verify",
            led.ids,
            fault=RPC_USER_ERROR,
            text="someone else must verify it",
            unchanged=led,
        )
        # A small company may let one person act in two roles: noted on the report.
        self.company.tsm_allow_dual_role = True
        self.rpc(self.user_eng2, "tsm.quantity.report", "action_verify", report.ids)
        self.assertEqual(report.state, "verified")
        self.assertTrue(any("two roles" in body for body in report.message_ids.mapped("body")))

    def test_nobody_approves_their_own_pay(self):
        """Nobody approves their own day-rate work or grade promotion, nor
        records their own grade test."""
        work = self._daywork(self.emp_eng2, crew=self.emp_engineer | self.emp_eng2)
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.job.daywork",
            "action_approve",
            work.ids,
            fault=RPC_USER_ERROR,
            text="someone else must approve it",
            unchanged=work,
        )
        self.assertFalse(self._pay_lines(work))
        promotion = self._promotion(self.emp_hr, self.user_hr2)
        self.assertRpcRefused(
            self.user_hr,
            "tsm.grade.promotion",
            "action_approve",
            promotion.ids,
            fault=RPC_USER_ERROR,
            text="someone else must approve it",
            unchanged=[promotion, self.emp_hr],
        )
        own_test = self.env["tsm.grade.test"].search([("employee_id", "=", self.emp_hr.id)])
        self.assertRpcRefused(
            self.user_hr,
            "tsm.grade.test",
            "write",
            own_test.ids,
            {"skill_score": 100.0},
            text="You cannot change",
            unchanged=own_test,
        )
        self.assertRpcRefused(
            self.user_hr,
            "tsm.grade.test",
            "create",
            [{"employee_id": self.emp_hr.id, "grade_id": promotion.grade_id.id, "passed": True}],
            text="cannot be created with",
        )
        self.assertEqual(
            self.env["tsm.grade.test"].search_count([("employee_id", "=", self.emp_hr.id)]), 1
        )
        # Another HR officer approves it; the test it relied on is then frozen.
        self.rpc(self.user_hr2, "tsm.grade.promotion", "action_approve", promotion.ids)
        self.assertEqual(promotion.state, "approved")
        self.assertRpcRefused(
            self.user_hr2,
            "tsm.grade.test",
            "write",
            own_test.ids,
            {"passed": False},
            fault=RPC_USER_ERROR,
            text="Used by an approved promotion",
            unchanged=own_test,
        )
        self.assertRpcRefused(
            self.user_hr2,
            "tsm.grade.promotion",
            "write",
            promotion.ids,
            {"grade_id": self.env.ref("hr_tech_service.tsm_service_grade_welder_8").id},
            fault=RPC_USER_ERROR,
            unchanged=promotion,
        )

    def test_retention_is_requested_then_released_by_someone_else(self):
        """An employee requests their retention: nothing is paid until an
        engineering manager who is not paid from it releases it."""
        job = self._completed_long_ago(crew=self.emp_engineer | self.emp_eng2)
        self.rpc(self.user_engineer, "tsm.job", "action_request_retention", job.ids)
        release = job.release_ids
        self.assertEqual((release.employee_id, release.state), (self.emp_engineer, "requested"))
        self.assertFalse(self._pay_lines(release))
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.commission.release",
            "action_release",
            release.ids,
            text="release retentions",
            unchanged=release,
        )
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.commission.release",
            "write",
            release.ids,
            {"state": "released", "amount": 1e6},
            unchanged=release,
        )
        self.rpc(self.user_eng2, "tsm.job", "action_request_retention", job.ids)
        own = job.release_ids - release
        self.assertRpcRefused(
            self.user_eng2,
            "tsm.commission.release",
            "action_release",
            own.ids,
            fault=RPC_USER_ERROR,
            text="someone else must release it",
            unchanged=own,
        )
        self.assertFalse(self._pay_lines(own))
        self.rpc(self.user_eng, "tsm.commission.release", "action_release", (release | own).ids)
        self.assertEqual(set((release | own).mapped("state")), {"released"})
        self.assertEqual(self._pay_lines(release).code, "COMM_RET")
        self.assertEqual(self._pay_lines(release).amount, 50.0)

    def test_actions_of_another_role(self):
        job = self._job("repair", repair_fee=300.0)
        messages = len(job.message_ids)
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.job",
            "action_post_finance_note",
            job.ids,
            text="post notes for finance",
            unchanged=job,
        )
        self.assertEqual(len(job.message_ids), messages)
        work = self._daywork(self.emp_engineer)
        self.assertRpcRefused(
            self.user_leader,
            "tsm.job.daywork",
            "action_approve",
            work.ids,
            text="approve day-rate work",
            unchanged=work,
        )
        job, report = self._submitted()
        self.assertRpcRefused(
            self.user_leader,
            "tsm.quantity.report",
            "action_verify",
            report.ids,
            text="verify quantity reports",
            unchanged=report,
        )
        self.assertRpcRefused(
            self.user_finance,
            "tsm.quantity.report",
            "action_reset_draft",
            report.ids,
            text="send quantity reports back",
            unchanged=report,
        )
        report.with_user(self.user_eng).action_verify()
        self.assertRpcRefused(
            self.user_leader,
            "tsm.job",
            "action_complete",
            job.ids,
            text="complete jobs",
            unchanged=job,
        )
        self.assertFalse(self._pay_lines(job))
        promotion = self._promotion(self.emp_engineer, self.user_hr)
        self.assertRpcRefused(
            self.user_eng,
            "tsm.grade.promotion",
            "action_approve",
            promotion.ids,
            text="approve grade promotions",
            unchanged=[promotion, self.emp_engineer],
        )

    def test_report_urls_check_their_reader(self):
        """A guessed PDF URL shows only what the reader could open: a crew
        member prints their own commission statement, not a colleague's."""
        job, report = self._verified()
        response = self._statement(self.user_engineer, self.emp_engineer2)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("500.00", response.text)
        own = self._statement(self.user_engineer, self.emp_engineer)
        self.assertEqual(own.status_code, 200)
        self.assertIn("Engineer Zhang", own.text)
        self.assertIn("500.00", own.text)
        # The job lead prints the statements of the crews of the jobs they lead.
        lead = self._statement(self.user_leader, self.emp_engineer2)
        self.assertEqual(lead.status_code, 200)
        self.assertIn(job.name, lead.text)
        # The crew split of the quantity report shows a crew member their own line.
        self.authenticate(self.user_engineer.login, self.password(self.user_engineer))
        split = self.url_open(f"/report/pdf/hr_tech_service.report_quantity_report/{report.id}")
        self.assertEqual(split.status_code, 200)
        self.assertIn("Engineer Zhang", split.text)
        self.assertNotIn("Engineer Zhou", split.text)
        # Not on the crew: neither the hand-over nor the quantity report.
        other, other_report = self._submitted(crew=self.emp_engineer2)
        for url in (
            f"/report/pdf/hr_tech_service.report_job_handover/{other.id}",
            f"/report/pdf/hr_tech_service.report_quantity_report/{other_report.id}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 403)

    def test_refusal_in_chinese(self):
        """A crew member working in Chinese reads why they may not submit the
        job lead's report."""
        job = self._job("weld", crew=self.emp_zh)
        report = self._report(job, [("water_supply", 200, 10.0)])
        self.assertRpcRefused(
            self.user_zh,
            "tsm.quantity.report",
            "action_submit",
            report.ids,
            text="只有项目负责人或工程部经理可以提交工程量统计表",
            unchanged=report,
            context={"lang": self.user_zh.lang},
        )
