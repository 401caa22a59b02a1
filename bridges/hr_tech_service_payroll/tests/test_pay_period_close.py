from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PayrollCommon


class TestPeriodClose(PayrollCommon):
    """Where payslips pay the lines, a period closes once every approved line
    of the codes they read is paid by a payslip or carried over."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lines = cls._lines(
            cls.trip,
            [
                (cls.emp_engineer, "TRIP_ALLOW", 480.0, "2026-11-12"),
                (cls.emp_engineer2, "TRIP_ALLOW", 360.0, "2026-11-14"),
            ],
        )
        cls.period = cls.lines.period_id

    def _carry(self, note="Approved after the November payroll run", user=None, **vals):
        return (
            self.env["tsm.pay.period.carry"]
            .with_user(user or self.user_payroll)
            .create({"period_id": self.period.id, "note": note, **vals})
        )

    def test_close_refuses_lines_no_payslip_paid(self):
        self.assertEqual(self.period.payslip_unpaid_count, 2)
        with self.assertRaisesText(UserError, "2 approved lines that no confirmed payslip paid"):
            self.period.with_user(self.user_payroll).action_close()
        self.assertEqual(self.period.state, "open")
        self.assertEqual(set(self.lines.mapped("state")), {"approved"})

    def test_close_after_the_payslips_paid(self):
        for employee in (self.emp_engineer, self.emp_engineer2):
            self._payslip(employee).action_payslip_done()
        self.period.invalidate_recordset()
        self.assertEqual(self.period.payslip_unpaid_count, 0)
        self.period.with_user(self.user_payroll).action_close()
        self.assertEqual(self.period.state, "closed")
        self.assertEqual(len(self.lines.payslip_id), 2)

    def test_carry_over_moves_the_lines_to_the_next_period(self):
        self._payslip(self.emp_engineer).action_payslip_done()
        wizard = self._carry()
        self.assertEqual(wizard.line_ids, self.lines[1])
        self.assertEqual(wizard.amount, 360.0)
        self.assertEqual(wizard.target_period_id.name, "2026-12")
        wizard.action_confirm()
        self.assertEqual(self.period.state, "closed")
        carried = self.lines[1]
        self.assertEqual(carried.state, "approved")
        self.assertEqual(carried.period_id.name, "2026-12")
        self.assertEqual(carried.date, date(2026, 12, 1))
        self.assertEqual(carried.carried_from_period_id, self.period)
        self.assertIn("Approved after the November payroll run", carried.note)
        self.assertIn("2026-11", carried.note)
        self.assertEqual(self.lines[0].state, "paid", "the paid line stays in November")
        self.assertIn(
            "1 approved pay lines carried over unpaid to 2026-12",
            "".join(self.period.message_ids.mapped("body")),
        )
        # December's payslip pays it.
        december = self._payslip(self.emp_engineer2, "2026-12-01", "2026-12-31")
        december.action_payslip_done()
        self.assertEqual(carried.payslip_id, december)
        self.assertEqual(self._inputs(december)["TSM_TRIP_ALLOW"].amount, 360.0)

    def test_carry_over_without_closing(self):
        self._carry(close_period=False).action_confirm()
        self.assertEqual(self.period.state, "open")
        self.assertEqual(set(self.lines.mapped("period_id.name")), {"2026-12"})
        self.period.invalidate_recordset()
        self.assertEqual(self.period.payslip_unpaid_count, 0)

    def test_carry_over_needs_payroll_and_a_note(self):
        with self.assertRaises(AccessError):
            self._carry(user=self.user_hr).action_confirm()
        with self.assertRaisesText(UserError, "Say why"):
            self._carry(note="   ").action_confirm()
        with self.assertRaises(AccessError):
            self.period.with_user(self.user_oca).action_carry_over()
        self.assertEqual(set(self.lines.mapped("period_id")), {self.period})

    def test_payroll_officer_does_not_carry_over_their_own_line(self):
        own = self.env["hr.employee"].create(
            {"name": "Payroll Sun", "user_id": self.user_payroll.id, "company_id": self.company.id}
        )
        line = self._lines("Trip T-009", [(own, "TRIP_ALLOW", 90.0, "2026-11-03")], approve=False)
        line.write(
            {"state": "approved"}
        )  # as superuser: a payroll officer never approves their own
        with self.assertRaisesText(UserError, "someone else"):
            self._carry().action_confirm()
        self.assertEqual(line.period_id, self.period)

    def test_carry_over_refuses_a_source_line_already_in_the_next_period(self):
        self._lines(
            self.trip,
            [
                (self.emp_engineer, "TRIP_ALLOW", 480.0, "2026-11-12"),
                (self.emp_engineer2, "TRIP_ALLOW", 360.0, "2026-11-14"),
                (self.emp_engineer2, "TRIP_ALLOW", 10.0, "2026-12-02"),  # the trip's December
            ],
            approve=False,
        )
        with self.assertRaisesText(UserError, "already has a line of the same source"):
            self._carry().action_confirm()
        self.assertEqual(self.lines[1].period_id, self.period)
        self.assertEqual(self.period.state, "open")

    def test_codes_no_structure_reads_close_as_before(self):
        """Lines of a code no salary structure of the company takes are paid
        outside payslips: closing marks them paid, as without the bridge."""
        day_rate = self._lines(
            "Day-rate D-1", [(self.emp_engineer, "DAY_RATE", 80.0, "2026-11-09")]
        )
        self.structure.rule_ids -= self.env.ref(
            "hr_tech_service_payroll.hr_salary_rule_tsm_day_rate"
        )
        for employee in (self.emp_engineer, self.emp_engineer2):
            self._payslip(employee).action_payslip_done()
        self.period.with_user(self.user_payroll).action_close()
        self.assertEqual(day_rate.state, "paid")
        self.assertFalse(day_rate.payslip_id)

    def test_pay_code_input_code_is_a_python_name(self):
        code = self.env.ref("hr_tech_service.pay_code_other")
        with self.assertRaisesText(ValidationError, "inputs.TSM-OTHER.amount"):
            code.payslip_input_code = "TSM-OTHER"
        with self.assertRaises(ValidationError):
            code.payslip_input_code = "1OTHER"
        self.assertEqual(code.payslip_input_code, "TSM_OTHER")
