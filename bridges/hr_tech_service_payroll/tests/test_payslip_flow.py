from odoo.exceptions import AccessError, UserError

from .common import PayrollCommon


class TestPayslipReadsPayLines(PayrollCommon):
    """A payslip reads exactly the approved, unpaid lines of its employee and
    dates, pays them when confirmed, and gives them back when cancelled or
    refunded."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        zhang, zhou = cls.emp_engineer, cls.emp_engineer2
        cls.trip_lines = cls._lines(
            cls.trip,
            [
                (zhang, "TRIP_ALLOW", 480.0, "2026-11-12"),
                (zhang, "TRIP_ALLOW", 300.0, "2026-10-15"),  # October
                (zhou, "TRIP_ALLOW", 360.0, "2026-11-12"),  # a colleague
            ],
        )
        cls.comm_lines = cls._lines(
            cls.job,
            [
                (zhang, "COMM_INST", 600.0, "2026-11-05"),
                (zhang, "COMM_RET", 100.0, "2026-11-20"),
                (zhang, "COMM_INST", 250.0, "2026-10-05"),  # October
            ],
        )
        cls.appraisal_lines = cls._lines(cls.sheet, [(zhang, "APPR_GRADE", 200.0, "2026-11-25")])
        cls.draft = cls._lines(
            "Day-rate work D-3", [(zhang, "DAY_RATE", 160.0, "2026-11-21")], approve=False
        )
        cls.november = (cls.trip_lines | cls.comm_lines | cls.appraisal_lines).filtered(
            lambda line: line.employee_id == zhang and line.date.month == 11
        )

    def test_compute_fills_the_inputs_with_the_period_lines(self):
        payslip = self._payslip()
        payslip.compute_sheet()
        inputs = self._inputs(payslip)
        self.assertEqual(inputs["TSM_TRIP_ALLOW"].amount, 480.0, "November's trip only")
        self.assertEqual(inputs["TSM_TRIP_ALLOW"].amount_qty, 1)
        self.assertEqual(inputs["TSM_TRIP_ALLOW"].name, "Trip allowance (pay lines: 1)")
        self.assertEqual(inputs["TSM_COMM_INST"].amount, 600.0)
        self.assertEqual(inputs["TSM_COMM_RET"].amount, 100.0)
        self.assertEqual(inputs["TSM_APPR_GRADE"].amount, 200.0)
        self.assertEqual(inputs["TSM_DAY_RATE"].amount, 0.0, "the draft line is not paid")
        self.assertEqual(inputs["TSM_DAY_RATE"].name, "Day-rate work (pay lines: 0)")
        self.assertEqual(payslip.tsm_pay_line_ids, self.november)
        self.assertEqual(
            set(payslip.tsm_pay_line_ids.mapped("source_name")),
            {"Trip T-001", "Quantity report J-7", "Appraisal sheet A-11"},
        )
        totals = self._totals(payslip)
        self.assertEqual(totals["TSM_TRIP_ALLOW"], 480.0)
        self.assertEqual(totals["TSM_COMM_INST"], 600.0)
        self.assertNotIn("TSM_DAY_RATE", totals, "a rule with nothing to pay stays off the slip")
        self.assertEqual(totals["NET"], 3000.0 + 480 + 600 + 100 + 200)
        self.assertEqual(set(self.november.mapped("state")), {"approved"}, "computing pays nothing")

    def test_each_period_reads_its_own_lines(self):
        october = self._payslip(date_from="2026-10-01", date_to="2026-10-31")
        october.action_payslip_done()
        inputs = self._inputs(october)
        self.assertEqual(inputs["TSM_TRIP_ALLOW"].amount, 300.0)
        self.assertEqual(inputs["TSM_COMM_INST"].amount, 250.0)
        self.assertEqual(inputs["TSM_APPR_GRADE"].amount, 0.0)
        self.assertEqual(len(october.tsm_pay_line_ids), 2)
        self.assertEqual({line.date.month for line in october.tsm_pay_line_ids}, {10})
        self.assertEqual(set(self.november.mapped("state")), {"approved"}, "November waits")
        november = self._payslip()
        november.compute_sheet()
        self.assertEqual(november.tsm_pay_line_ids, self.november)

    def test_inputs_the_payslip_lacks_are_created(self):
        payslip = (
            self.env["hr.payslip"]
            .with_user(self.user_oca)
            .create(
                {
                    "employee_id": self.emp_engineer.id,
                    "company_id": self.company.id,
                    "date_from": "2026-11-01",
                    "date_to": "2026-11-30",
                    "contract_id": self.contracts[0].id,
                    "struct_id": self.structure.id,
                }
            )
        )
        self.assertFalse(payslip.input_line_ids)
        payslip.compute_sheet()
        self.assertEqual(self._inputs(payslip)["TSM_TRIP_ALLOW"].amount, 480.0)
        self.assertEqual(self._totals(payslip)["NET"], 4380.0)

    def test_confirm_pays_the_lines_and_a_second_payslip_gets_nothing(self):
        first = self._payslip()
        first.compute_sheet()
        first.action_payslip_done()
        self.assertEqual(first.state, "done")
        self.assertEqual(set(self.november.mapped("state")), {"paid"})
        self.assertEqual(self.november.payslip_id, first)
        self.assertEqual(
            self.trip_lines.filtered(lambda line: line.date.month == 10).state, "approved"
        )
        second = self._payslip()
        second.compute_sheet()
        self.assertFalse(second.tsm_pay_line_ids)
        self.assertEqual(self._inputs(second)["TSM_TRIP_ALLOW"].amount, 0.0)
        self.assertEqual(self._totals(second)["NET"], 3000.0)
        second.action_payslip_done()
        self.assertEqual(self.november.payslip_id, first, "still paid by the first payslip")

    def test_two_payslips_of_one_batch_share_nothing(self):
        first, second = self._payslip(), self._payslip()
        (first | second).compute_sheet()
        self.assertEqual(first.tsm_pay_line_ids, self.november)
        self.assertFalse(second.tsm_pay_line_ids)
        (first | second).action_payslip_done()
        self.assertEqual(set((first | second).mapped("state")), {"done"})
        self.assertEqual(self.november.payslip_id, first)

    def test_confirming_recomputes_a_payslip_whose_lines_another_paid(self):
        first, second = self._payslip(), self._payslip()
        first.compute_sheet()
        second.compute_sheet()
        self.assertEqual(second.tsm_pay_line_ids, self.november, "both read them until paid")
        first.action_payslip_done()
        second.invalidate_recordset()
        self.assertEqual(second.tsm_gone_line_count, 4)
        second.action_payslip_done()
        self.assertEqual(self._inputs(second)["TSM_COMM_INST"].amount, 0.0)
        self.assertEqual(self.november.payslip_id, first)

    def test_confirm_without_computing_refuses_stale_lines(self):
        self._set_param("payroll.prevent_compute_on_confirm", "True")
        first, second = self._payslip(), self._payslip()
        first.compute_sheet()
        second.compute_sheet()
        first.action_payslip_done()
        with self.assertRaisesText(UserError, "no longer payable"):
            second.action_payslip_done()
        self.assertEqual(second.state, "verify")
        self.assertEqual(self.november.payslip_id, first)
        # The same with OCA's context key, which an RPC caller can send.
        with self.assertRaisesText(UserError, "no longer payable"):
            second.with_context(without_compute_sheet=True).action_payslip_done()
        self.assertEqual(second.state, "verify")

    def test_confirm_without_computing_refuses_typed_inputs(self):
        payslip = self._payslip()
        payslip.compute_sheet()
        self._inputs(payslip)["TSM_TRIP_ALLOW"].amount = 4800.0
        with self.assertRaisesText(UserError, "add up to 480"):
            payslip.with_context(without_compute_sheet=True).action_payslip_done()
        self.assertEqual(payslip.state, "verify")
        self.assertEqual(set(self.november.mapped("state")), {"approved"})

    def test_late_approval_warns_until_recomputed(self):
        payslip = self._payslip()
        payslip.compute_sheet()
        self.assertEqual(payslip.tsm_late_line_count, 0)
        late = self._lines(
            "Trip T-002", [(self.emp_engineer, "TRIP_DISCRETIONARY", 50.0, "2026-11-28")]
        )
        payslip.invalidate_recordset()
        self.assertEqual(payslip.tsm_late_line_count, 1)
        payslip.action_payslip_done()  # recomputes
        self.assertEqual(payslip.tsm_late_line_count, 0)
        self.assertEqual(self._inputs(payslip)["TSM_TRIP_DISCRETIONARY"].amount, 50.0)
        self.assertEqual(late.state, "paid")
        self.assertEqual(late.payslip_id, payslip)

    def test_cancel_gives_the_lines_back(self):
        self._set_param("payroll.allow_cancel_payslips", "True")
        payslip = self._payslip()
        payslip.action_payslip_done()
        payslip.action_payslip_cancel()
        self.assertEqual(payslip.state, "cancel")
        self.assertEqual(set(self.november.mapped("state")), {"approved"})
        self.assertFalse(self.november.payslip_id)
        self.assertFalse(payslip.tsm_pay_line_ids)
        again = self._payslip()
        again.action_payslip_done()
        self.assertEqual(self.november.payslip_id, again)

    def test_cancel_of_a_draft_payslip_pays_nothing(self):
        payslip = self._payslip()
        payslip.compute_sheet()
        payslip.action_payslip_cancel()
        self.assertFalse(payslip.tsm_pay_line_ids)
        self.assertEqual(set(self.november.mapped("state")), {"approved"})

    def test_refund_gives_the_lines_back_linked_to_the_refund(self):
        payslip = self._payslip()
        payslip.action_payslip_done()
        payslip.refund_sheet()
        refund = payslip.refunded_id
        self.assertTrue(refund.credit_note)
        self.assertEqual(refund.state, "done")
        self.assertEqual(set(self.november.mapped("state")), {"approved"})
        self.assertFalse(self.november.payslip_id)
        self.assertEqual(self.november.refund_payslip_id, refund)
        self.assertEqual(refund.tsm_pay_line_ids, self.november)
        # The refund reads nothing itself; the next payslip pays the lines once.
        corrected = self._payslip()
        corrected.action_payslip_done()
        self.assertEqual(self.november.payslip_id, corrected)
        self.assertEqual(set(self.november.mapped("state")), {"paid"})
        # Its lines paid again, the refund can no longer be cancelled.
        self._set_param("payroll.allow_cancel_payslips", "True")
        with self.assertRaisesText(UserError, "paid again"):
            refund.action_payslip_cancel()
        self.assertEqual(refund.state, "done")

    def test_cancelling_a_refund_pays_the_lines_again_by_the_original(self):
        self._set_param("payroll.allow_cancel_payslips", "True")
        payslip = self._payslip()
        payslip.action_payslip_done()
        payslip.refund_sheet()
        refund = payslip.refunded_id
        refund.action_payslip_cancel()
        self.assertEqual(set(self.november.mapped("state")), {"paid"})
        self.assertEqual(self.november.payslip_id, payslip)
        self.assertFalse(self.november.refund_payslip_id)
        other = self._payslip()
        other.compute_sheet()
        self.assertFalse(other.tsm_pay_line_ids, "nothing to pay twice")

    def test_done_payslip_is_not_computed_or_reset(self):
        payslip = self._payslip()
        payslip.action_payslip_done()
        with self.assertRaisesText(UserError, "refund it"):
            payslip.compute_sheet()
        self.assertEqual(payslip.state, "done")
        # OCA's "Set to Draft" writes the status: not on a payslip that paid lines.
        with self.assertRaisesText(AccessError, "cannot be written directly"):
            payslip.action_payslip_draft()
        with self.assertRaisesText(AccessError, "cannot be written directly"):
            payslip.write({"state": "cancel"})
        self.assertEqual(payslip.state, "done")
        self.assertEqual(self.november.payslip_id, payslip)

    def test_hand_written_rule_keeps_working(self):
        """A salary rule that calls the public method reads approved and paid
        lines, beside the shipped rules."""
        rule = self.env["hr.salary.rule"].create(
            {
                "name": "Trip allowance (hand-written)",
                "code": "HAND_TRIP",
                "sequence": 90,
                "condition_select": "none",
                "amount_select": "code",
                "amount_python_compute": "result = employee.tech_service_pay_amount("
                "'TRIP_ALLOW', payslip.date_from, payslip.date_to)",
            }
        )
        self.structure.rule_ids |= rule
        payslip = self._payslip()
        payslip.action_payslip_done()
        self.assertEqual(self._totals(payslip)["HAND_TRIP"], 480.0)
        amount = self.emp_engineer.tech_service_pay_amount("TRIP_ALLOW", "2026-11-01", "2026-11-30")
        self.assertEqual(amount, 480.0, "paid lines still count")
        self.assertEqual(self.trip_lines.filtered(lambda line: line.payslip_id).amount, 480.0)

    def test_forms_show_the_lines(self):
        arch = self.env["hr.payslip"].with_user(self.user_oca).get_views([(False, "form")])
        arch = arch["views"]["form"]["arch"]
        self.assertIn('name="tsm_pay_lines"', arch)
        self.assertIn('name="tsm_pay_line_ids"', arch)
        period = self.env["tsm.pay.period"].with_user(self.user_payroll)
        arch = period.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="action_carry_over"', arch)
        # A Payroll Officer without OCA payroll rights does not see the payslip link.
        line = self.env["tsm.pay.line"].with_user(self.user_payroll)
        arch = line.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="payslip_id"', arch)
        self.assertIn('name="carried_from_period_id"', arch)
