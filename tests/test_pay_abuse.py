"""Abuse of the pay lines over XML-RPC, with each role's own login: what a
hostile employee (or a payroll officer paying themself) would try."""

import xmlrpc.client

from odoo.tests import tagged

from .common import RPC_ACCESS_ERROR, RPC_USER_ERROR, TsmRpcCommon

# The pay wing's security model (README "Security model"): role, action,
# records, allowed. Walked by test_security_matrix.
MATRIX = [
    ("engineer", "read pay lines", "own", True),
    ("engineer", "read pay lines", "colleague", False),
    ("engineer", "create a pay line", "own", False),
    ("engineer", "approve pay lines", "own", False),
    ("engineer", "read pay amount (payroll API)", "own", True),
    ("engineer", "read pay amount (payroll API)", "colleague", False),
    ("manager", "read pay lines", "department", True),
    ("manager", "approve pay lines", "department", False),
    ("hr", "read pay lines", "all", True),
    ("hr", "read pay amount (payroll API)", "all", True),
    ("hr", "approve pay lines", "all", False),
    ("payroll", "create a pay line", "all", True),
    ("payroll", "approve pay lines", "all", True),
    ("payroll", "approve pay lines", "own", False),
    ("payroll", "close a pay period", "all", True),
    ("hr", "close a pay period", "all", False),
]


@tagged("post_install", "-at_install")
class TestAbusePay(TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["hr.department"].create(
            {"name": "Source Job", "company_id": cls.company.id}
        )
        cls.emp_payroll = cls.env["hr.employee"].create(
            {
                "name": "Payroll Sun",
                "user_id": cls.user_payroll.id,
                "company_id": cls.company.id,
                "department_id": cls.department.id,
            }
        )
        cls.lines = cls.env["tsm.pay.line"]._tsm_sync(
            cls.source,
            [
                {
                    "source": cls.source,
                    "employee_id": employee.id,
                    "code": "TRIP_ALLOW",
                    "amount": amount,
                    "date": "2026-11-10",
                }
                for employee, amount in (
                    (cls.emp_engineer, 480.0),
                    (cls.emp_engineer2, 360.0),
                    (cls.emp_payroll, 240.0),
                )
            ],
        )
        cls.mine, cls.colleague, cls.payroll_own = cls.lines
        cls.period = cls.lines.period_id
        cls.code_other = cls.env.ref("hr_tech_service.pay_code_other")

    def _manual(self, **extra):
        return {
            "name": "Bonus",
            "employee_id": self.emp_engineer.id,
            "company_id": self.company.id,
            "period_id": self.period.id,
            "date": "2026-11-12",
            "code_id": self.code_other.id,
            "amount": 100.0,
            **extra,
        }

    def test_engineer_cannot_write_or_create_lines(self):
        self.assertRpcRefused(
            self.user_engineer,
            "tsm.pay.line",
            "write",
            [self.mine.id],
            {"amount": 4800.0},
            unchanged=self.mine,
        )
        self.assertRpcRefused(
            self.user_engineer, "tsm.pay.line", "create", [self._manual()], unchanged=self.period
        )
        self.assertEqual(self.env["tsm.pay.line"].search_count([("name", "=", "Bonus")]), 0)

    def test_payroll_cannot_forge_state_source_or_correction(self):
        # A line written straight into a later state, or posing as a source
        # document's line or a correction, is refused; nothing is created.
        for forged in (
            {"state": "approved"},
            {"state": "paid"},
            {"res_model": "hr.department", "res_id": self.source.id},
            {"correction_of_id": self.mine.id},
        ):
            self.assertRpcRefused(
                self.user_payroll,
                "tsm.pay.line",
                "create",
                [self._manual(**forged)],
                text="cannot be created with",
            )
        # The same through a context default, which the ORM applies on create.
        self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "create",
            [self._manual()],
            context={"default_state": "approved"},
        )
        self.assertEqual(self.env["tsm.pay.line"].search_count([("name", "=", "Bonus")]), 0)
        # A draft manual line typed by payroll is fine, and stays draft.
        line_id = self.rpc(self.user_payroll, "tsm.pay.line", "create", self._manual())
        self.assertEqual(self.env["tsm.pay.line"].browse(line_id).state, "draft")
        # Its state is not typed either, and a source line's figures never.
        self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "write",
            [line_id],
            {"state": "approved"},
            unchanged=self.env["tsm.pay.line"].browse(line_id),
        )
        self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "write",
            [self.mine.id],
            {"amount": 10.0},
            text="Amount",
            unchanged=self.mine,
        )

    def test_forged_flow_context_is_refused(self):
        # The old kind of unlock (a context key) and the flow mark's key with
        # a value a client can send do nothing.
        for context in ({"tsm_flow": True}, {"tsm_flow": "1"}, {"tsm_pay_line_action": True}):
            self.assertRpcRefused(
                self.user_payroll,
                "tsm.pay.line",
                "write",
                [self.mine.id],
                {"state": "paid"},
                context=context,
                unchanged=self.mine,
            )

    def test_payroll_does_not_approve_their_own_pay(self):
        error = self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "action_approve",
            [self.payroll_own.id],
            fault=RPC_USER_ERROR,
            unchanged=self.payroll_own,
        )
        self.assertIn("someone else must approve", error.faultString)
        # The same officer approves colleagues' lines.
        self.rpc(self.user_payroll, "tsm.pay.line", "action_approve", [self.mine.id])
        self.assertEqual(self.mine.state, "approved")
        # With the company's two-roles setting the use is written on the line.
        self.company.tsm_allow_dual_role = True
        self.rpc(self.user_payroll, "tsm.pay.line", "action_approve", [self.payroll_own.id])
        self.assertEqual(self.payroll_own.state, "approved")
        self.assertIn("two roles", "".join(self.payroll_own.message_ids.mapped("body")))

    def test_other_roles_cannot_approve_or_close(self):
        for user in (self.user_engineer, self.user_manager, self.user_hr, self.user_gm):
            self.assertRpcRefused(
                user,
                "tsm.pay.line",
                "action_approve",
                [self.colleague.id],
                unchanged=self.colleague,
            )
        self.assertRpcRefused(
            self.user_hr,
            "tsm.pay.period",
            "action_close",
            [self.period.id],
            text="Payroll Officer",
            unchanged=self.period,
        )

    def test_closed_period_is_never_reopened(self):
        (self.lines - self.payroll_own).with_user(self.user_payroll).action_approve()
        self.payroll_own.sudo().unlink()
        self.period.with_user(self.user_payroll).action_close()
        self.assertEqual(self.period.state, "closed")
        for user in (self.user_payroll, self.user_hr):
            self.assertRpcRefused(
                user,
                "tsm.pay.period",
                "write",
                [self.period.id],
                {"state": "open"},
                unchanged=self.period,
            )
        self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "write",
            [self.mine.id],
            {"state": "approved"},
            fault=RPC_USER_ERROR,
            text="is closed",
            unchanged=self.mine,
        )

    def test_payroll_api_answers_no_colleague(self):
        for method in (
            "tech_service_pay_amount",
            "tech_service_grade_figures",
            "tech_service_salary_stopped",
        ):
            error = self.assertRpcRefused(
                self.user_engineer, "hr.employee", method, [self.emp_engineer2.id]
            )
            self.assertIn("Engineer Zhou", error.faultString)
        self.assertEqual(
            self.rpc(
                self.user_engineer,
                "hr.employee",
                "tech_service_pay_amount",
                [self.emp_engineer.id],
                "TRIP_ALLOW",
            ),
            0.0,  # still draft
        )

    def test_colleague_statement_url_shows_nothing(self):
        (self.mine | self.colleague).with_user(self.user_payroll).action_approve()
        self.authenticate("tsm_engineer", "tsm_engineer")
        own = self.url_open(f"/report/html/hr_tech_service.report_pay_statement/{self.mine.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("480.00", own.text)
        other = self.url_open(
            f"/report/html/hr_tech_service.report_pay_statement/{self.colleague.id}"
        )
        self.assertNotIn("360.00", other.text)
        self.assertNotEqual(other.status_code, 200)

    def test_refusal_in_chinese(self):
        self.user_engineer.lang = "zh_CN"
        error = self.assertRpcRefused(
            self.user_engineer,
            "hr.employee",
            "tech_service_pay_amount",
            [self.emp_engineer2.id],
        )
        self.assertIn("只有", error.faultString)

    def test_security_matrix(self):
        users = {
            "engineer": self.user_engineer,
            "manager": self.user_manager,
            "hr": self.user_hr,
            "payroll": self.user_payroll,
        }
        own_lines = {"engineer": self.mine, "payroll": self.payroll_own}
        for role, action, scope, allowed in MATRIX:
            user = users[role]
            line = own_lines[role] if scope == "own" else self.colleague
            employee = line.employee_id
            with self.subTest(role=role, action=action, scope=scope), self.cr.savepoint() as sp:
                if allowed:
                    self._matrix_call(user, action, line, employee)
                else:
                    with self.assertRaises(xmlrpc.client.Fault) as catcher:
                        self._matrix_call(user, action, line, employee)
                    self.assertIn(catcher.exception.faultCode, (RPC_ACCESS_ERROR, RPC_USER_ERROR))
                sp.rollback()
                self.env.invalidate_all()

    def _matrix_call(self, user, action, line, employee):
        if action == "read pay lines":
            return self.rpc(user, "tsm.pay.line", "read", [line.id], ["amount"])
        if action == "create a pay line":
            return self.rpc(user, "tsm.pay.line", "create", [self._manual(employee_id=employee.id)])
        if action == "approve pay lines":
            return self.rpc(user, "tsm.pay.line", "action_approve", [line.id])
        if action == "read pay amount (payroll API)":
            return self.rpc(user, "hr.employee", "tech_service_pay_amount", [employee.id])
        if action == "close a pay period":
            # Only approved lines may stay in a period that closes.
            self.lines.sudo().with_context(tracking_disable=True).filtered(
                lambda line: line.state == "draft"
            ).unlink()
            return self.rpc(user, "tsm.pay.period", "action_close", [self.period.id])
        raise AssertionError(action)
