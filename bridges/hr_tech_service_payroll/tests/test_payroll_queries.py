from unittest.mock import patch

from odoo import Command

from odoo.addons.hr_tech_service.tools.batch import bulk_statements

from .common import PayrollCommon


class TestPayrollQueries(PayrollCommon):
    """The bridge's share of a payslip batch (hr.payslip.run of the period)
    takes the same number of queries for 10 and for 100 employees: OCA
    payroll computes one payslip after the other, the bridge reads and pays
    the whole batch at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    def _batch_of(self, count):
        """``count`` employees with a contract and two approved November
        lines each, and the November payslip batch."""
        employees = self._make_employees(count, prefix=f"Q{count}")
        self.env["hr.contract"].create(
            [
                {
                    "name": f"{employee.name} contract",
                    "employee_id": employee.id,
                    "company_id": self.company.id,
                    "date_start": "2026-01-01",
                    "wage": 3000.0,
                    "struct_id": self.structure.id,
                    "state": "open",
                }
                for employee in employees
            ]
        )
        source = self.env["hr.department"].create({"name": f"Batch {count}"})
        self._lines(
            source,
            [(employee, "TRIP_ALLOW", 100.0, "2026-11-10") for employee in employees]
            + [(employee, "COMM_INST", 50.0, "2026-11-20") for employee in employees],
        )
        run = self.env["hr.payslip.run"].create(
            {
                "name": f"November {count}",
                "company_id": self.company.id,
                "date_start": "2026-11-01",
                "date_end": "2026-11-30",
            }
        )
        return employees, run

    def _compute_batch(self, count, bridge=True):
        """Queries of OCA's "Generate payslips" for the batch (create and
        compute every payslip), with or without the bridge's reading."""
        employees, run = self._batch_of(count)
        Payslip = self.registry["hr.payslip"]
        wizard = (
            self.env["hr.payslip.employees"]
            .with_user(self.user_oca)
            .with_context(active_id=run.id)
            .create({"employee_ids": [Command.set(employees.ids)]})
        )
        if bridge:
            queries = self._cold_queries(wizard.compute_sheet)
        else:
            with patch.object(Payslip, "_tsm_fill_inputs", lambda self: None):
                queries = self._cold_queries(wizard.compute_sheet)
        return queries, run.slip_ids

    def _cold_queries(self, func):
        """Queries of ``func`` starting from an empty record cache, so that
        every size starts alike. The ORM writes its rows in statements of up
        to 5,000 (bulk_statements): with the bridge, OCA stores more payslip
        lines (the technical-service rules apply), which at the ORM's 100
        rows per UPDATE would count OCA's statements, not the bridge's."""
        self.env.flush_all()
        self.env.invalidate_all()
        with bulk_statements(self.env):
            return self._count_queries(func)

    def _warm_up(self):
        """One small batch each way first: the registry caches (access
        rules, views, translations) fill on the first run, not per size."""
        self._compute_batch(2)
        self._compute_batch(2, bridge=False)

    def test_batch_computation_queries_do_not_grow(self):
        bridge = {}
        self._warm_up()
        for count in (10, 100):
            with_bridge, slips = self._compute_batch(count)
            without, _slips = self._compute_batch(count, bridge=False)
            bridge[count] = with_bridge - without
            self.assertEqual(len(slips), count)
            self.assertEqual(
                set(
                    slips.input_line_ids.filtered(lambda i: i.code == "TSM_TRIP_ALLOW").mapped(
                        "amount"
                    )
                ),
                {100.0},
            )
            self.assertEqual(len(slips.tsm_pay_line_ids), 2 * count)
        self.assertEqual(bridge[10], bridge[100], f"the bridge's queries: {bridge}")

    def test_fill_and_pay_take_fixed_queries(self):
        fill, pay = {}, {}
        Payslip = self.registry["hr.payslip"]
        for count in (2, 10, 100):  # 2: warming up the registry caches
            _employees, slips = self._compute_batch(count)
            slips = slips.with_user(self.user_oca)
            fill[count] = self._cold_queries(lambda s=slips: s.browse(s.ids)._tsm_fill_inputs())
            with patch.object(Payslip, "_tsm_pay_lines", lambda self: None):
                slips.with_context(without_compute_sheet=True).action_payslip_done()
            lines = slips.sudo().tsm_pay_line_ids
            self.assertEqual(set(lines.mapped("state")), {"approved"})
            pay[count] = self._cold_queries(lambda s=slips: s.browse(s.ids)._tsm_pay_lines())
            self.assertEqual(set(lines.mapped("state")), {"paid"})
            self.assertEqual(len(lines.payslip_id), count)
        self.assertEqual(fill[10], fill[100], f"reading the lines: {fill}")
        self.assertEqual(pay[10], pay[100], f"paying the lines: {pay}")
