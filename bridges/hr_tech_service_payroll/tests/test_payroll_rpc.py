"""Over XML-RPC, with each role's own login: nobody links pay lines to a
payslip or marks them paid except by confirming a payslip, as a payroll
user, a payslip that is not their own."""

from odoo import Command
from odoo.tests import tagged

from odoo.addons.hr_tech_service.tests.common import RPC_ACCESS_ERROR, RPC_USER_ERROR

from .common import PayrollRpcCommon


@tagged("post_install", "-at_install")
class TestPayrollRpc(PayrollRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mine = cls._lines(cls.trip, [(cls.emp_engineer, "TRIP_ALLOW", 480.0, "2026-11-12")])
        cls.zhou = cls._lines(cls.job, [(cls.emp_engineer2, "TRIP_ALLOW", 360.0, "2026-11-12")])

    def setUp(self):
        super().setUp()
        self.slip = self._payslip()
        self.slip.compute_sheet()

    def test_employee_cannot_pay_their_lines(self):
        for method in ("compute_sheet", "action_payslip_done", "refund_sheet"):
            self.assertRpcRefused(
                self.user_engineer,
                "hr.payslip",
                method,
                [self.slip.id],
                unchanged=[self.slip, self.mine],
            )
        for vals in (
            {"state": "paid"},
            {"payslip_id": self.slip.id},
            {"carried_from_period_id": self.mine.period_id.id},
        ):
            self.assertRpcRefused(
                self.user_engineer,
                "tsm.pay.line",
                "write",
                [self.mine.id],
                vals,
                unchanged=self.mine,
            )
        self.assertEqual(self.mine.state, "approved")

    def test_payroll_officer_cannot_type_the_links(self):
        for vals in ({"payslip_id": self.slip.id}, {"refund_payslip_id": self.slip.id}):
            self.assertRpcRefused(
                self.user_payroll,
                "tsm.pay.line",
                "write",
                [self.zhou.id],
                vals,
                text="cannot change",
                unchanged=self.zhou,
            )
        self.assertRpcRefused(
            self.user_payroll,
            "tsm.pay.line",
            "write",
            [self.zhou.id],
            {"payslip_id": self.slip.id},
            context={"tsm_flow": True},
            unchanged=self.zhou,
        )

    def test_payslip_user_goes_through_the_buttons(self):
        oca = self.user_oca
        self.assertRpcRefused(
            oca, "tsm.pay.line", "write", [self.zhou.id], {"state": "paid"}, unchanged=self.zhou
        )
        other = self._payslip(self.emp_engineer2)
        self.assertRpcRefused(
            oca,
            "hr.payslip",
            "write",
            [other.id],
            {"tsm_pay_line_ids": [(6, 0, self.zhou.ids)]},
            text="set by computing it",
            unchanged=other,
        )
        self.assertRpcRefused(
            oca,
            "hr.payslip",
            "write",
            [self.slip.id],
            {"state": "done"},
            text="cannot be written directly",
            unchanged=[self.slip, self.mine],
        )
        self.assertRpcRefused(
            oca,
            "hr.payslip",
            "create",
            {
                "employee_id": self.emp_engineer2.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "tsm_pay_line_ids": [(6, 0, self.zhou.ids)],
            },
            text="set by computing it",
        )
        self.assertRpcRefused(
            oca,
            "hr.payslip",
            "create",
            {
                "employee_id": self.emp_engineer2.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
            },
            context={"default_state": "done"},
            text="cannot be written directly",
        )
        # Typed inputs with OCA's "do not compute" key are refused, not paid.
        self._inputs(self.slip)["TSM_TRIP_ALLOW"].amount = 9999.0
        self.assertRpcRefused(
            oca,
            "hr.payslip",
            "action_payslip_done",
            [self.slip.id],
            context={"without_compute_sheet": True},
            fault=RPC_USER_ERROR,
            text="add up to 480",
            unchanged=[self.slip, self.mine],
        )
        # The button pays.
        self.rpc(oca, "hr.payslip", "action_payslip_done", [self.slip.id])
        self.assertEqual(self.slip.state, "done")
        self.assertEqual(self.mine.state, "paid")
        self.assertEqual(self.mine.payslip_id, self.slip)
        self.assertEqual(self._inputs(self.slip)["TSM_TRIP_ALLOW"].amount, 480.0)

    def test_payslip_user_does_not_confirm_their_own(self):
        self.user_engineer2.groups_id = [
            Command.link(self.env.ref("payroll.group_payroll_manager").id)
        ]
        own = self._payslip(self.emp_engineer2)
        own.compute_sheet()
        self.assertRpcRefused(
            self.user_engineer2,
            "hr.payslip",
            "action_payslip_done",
            [own.id],
            fault=RPC_USER_ERROR,
            text="someone else",
            unchanged=[own, self.zhou],
        )
        self.rpc(self.user_oca, "hr.payslip", "action_payslip_done", [own.id])
        self.assertEqual(self.zhou.payslip_id, own)

    def test_payslip_user_reads_the_lines_of_the_payslips_they_see(self):
        lines = self.rpc(self.user_oca, "hr.payslip", "read", [self.slip.id], ["tsm_pay_line_ids"])[
            0
        ]["tsm_pay_line_ids"]
        self.assertEqual(lines, self.mine.ids)
        read = self.rpc(self.user_oca, "tsm.pay.line", "read", lines, ["amount", "source_name"])
        self.assertEqual(read[0]["amount"], 480.0)
        self.assertEqual(read[0]["source_name"], "Trip T-001")
        error = self.assertRpcRefused(
            self.user_engineer, "tsm.pay.line", "read", self.zhou.ids, ["amount"]
        )
        self.assertEqual(error.faultCode, RPC_ACCESS_ERROR)
