from odoo import Command
from odoo.tests import new_test_user

from .common import TsmCommon


class TestOcaPayrollReadsPayLines(TsmCommon):
    """The OCA payroll addon (installed by make test) computes a payslip whose
    salary rules read the approved pay lines through the public employee
    method, exactly as README's snippet shows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "payroll")])
        assert module.state == "installed", "make test installs the OCA payroll addon"
        env = cls.env
        Rule = env["hr.salary.rule"]
        cls.categ_basic = env["hr.salary.rule.category"].create({"name": "Basic", "code": "BASIC"})
        cls.categ_alw = env["hr.salary.rule.category"].create({"name": "Allowance", "code": "ALW"})
        cls.categ_net = env["hr.salary.rule.category"].create({"name": "Net", "code": "NET"})

        def code_rule(code, seq, categ, python):
            return Rule.create(
                {
                    "name": code,
                    "code": code,
                    "sequence": seq,
                    "category_id": categ.id,
                    "condition_select": "none",
                    "amount_select": "code",
                    "amount_python_compute": python,
                }
            )

        rules = [
            code_rule("BASIC", 1, cls.categ_basic, "result = contract.wage"),
            code_rule(
                "TSM_TRIP",
                10,
                cls.categ_alw,
                "result = employee.tech_service_pay_amount("
                "'TRIP_ALLOW', payslip.date_from, payslip.date_to)",
            ),
            code_rule(
                "TSM_COMM",
                11,
                cls.categ_alw,
                "result = employee.tech_service_pay_amount("
                "['COMM_INST', 'COMM_RET'], payslip.date_from, payslip.date_to)",
            ),
            code_rule("NET", 100, cls.categ_net, "result = categories.BASIC + categories.ALW"),
        ]
        cls.structure = env["hr.payroll.structure"].create(
            {
                "name": "Field engineers",
                "code": "FE",
                "company_id": cls.company.id,
                "rule_ids": [Command.set([rule.id for rule in rules])],
            }
        )
        env["hr.contract"].create(
            {
                "name": "Zhang's contract",
                "employee_id": cls.emp_engineer.id,
                "company_id": cls.company.id,
                "date_start": "2026-01-01",
                "wage": 3000.0,
                "struct_id": cls.structure.id,
                "state": "open",
                "kanban_state": "done",
            }
        )
        source = env["hr.department"].create({"name": "Trip T-001", "company_id": cls.company.id})
        sync = env["tsm.pay.line"]._tsm_sync

        def vals(code, amount, day):
            return {
                "source": source,
                "employee_id": cls.emp_engineer.id,
                "code": code,
                "amount": amount,
                "date": day,
            }

        lines = sync(
            source,
            [
                vals("TRIP_ALLOW", 480.0, "2026-11-12"),
                vals("COMM_INST", 600.0, "2026-11-05"),
                vals("COMM_RET", 100.0, "2026-11-20"),
                vals("TRIP_ALLOW", 300.0, "2026-10-15"),  # another month
                vals("DAY_RATE", 160.0, "2026-11-21"),  # stays draft
            ],
        )
        lines.filtered(lambda line: line.code != "DAY_RATE").with_user(
            cls.user_payroll
        ).action_approve()
        cls.payroll_user = new_test_user(
            env,
            login="oca_payroll_manager",
            groups="payroll.group_payroll_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    def test_payslip_reads_approved_lines(self):
        Payslip = self.env["hr.payslip"].with_user(self.payroll_user)
        payslip = Payslip.create(
            {
                "employee_id": self.emp_engineer.id,
                "company_id": self.company.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
                "struct_id": self.structure.id,
            }
        )
        payslip.onchange_employee()
        payslip.compute_sheet()
        totals = {line.code: line.total for line in payslip.line_ids}
        self.assertEqual(totals["BASIC"], 3000.0)
        self.assertEqual(totals["TSM_TRIP"], 480.0, "November's approved allowance only")
        self.assertEqual(totals["TSM_COMM"], 700.0, "instalment + retention release")
        self.assertEqual(totals["NET"], 4180.0, "the draft day-rate line is not paid")
