from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.hr_tech_service.tests.common import TsmCommon, TsmRpcCommon

SHIPPED_RULES = (
    "appraisal",
    "employee_month",
    "trip_allowance",
    "trip_discretionary",
    "trip_reimbursement",
    "trip_advance",
    "commission",
    "commission_retention",
    "day_rate",
    "other",
)


class PayrollSetup:
    """The test company of TsmSetup with OCA payroll set up the zero-typing
    way: a structure with a basic wage, the shipped technical-service rules
    and a net rule; contracts for both engineers; an OCA payroll manager
    with no Technical Service group."""

    @classmethod
    def _payroll_setup(cls):
        env = cls.env
        assert env["ir.module.module"].search([("name", "=", "hr_tech_service_payroll")]).state == (
            "installed"
        ), "make test installs the bridge"
        Rule = env["hr.salary.rule"]
        categ_basic = env["hr.salary.rule.category"].create({"name": "Basic", "code": "BASIC"})
        categ_net = env["hr.salary.rule.category"].create({"name": "Net", "code": "NET"})

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

        cls.shipped_rules = Rule.browse(
            [
                env.ref(f"hr_tech_service_payroll.hr_salary_rule_tsm_{name}").id
                for name in SHIPPED_RULES
            ]
        )
        rules = (
            code_rule("BASIC", 1, categ_basic, "result = contract.wage")
            | cls.shipped_rules
            | code_rule("NET", 100, categ_net, "result = categories.BASIC + categories.TSM")
        )
        cls.structure = env["hr.payroll.structure"].create(
            {
                "name": "Field engineers",
                "code": "FE",
                "company_id": cls.company.id,
                "parent_id": False,
                "rule_ids": [Command.set(rules.ids)],
            }
        )
        cls.contracts = env["hr.contract"].create(
            [
                {
                    "name": f"{employee.name} contract",
                    "employee_id": employee.id,
                    "company_id": cls.company.id,
                    "date_start": "2026-01-01",
                    "wage": 3000.0,
                    "struct_id": cls.structure.id,
                    "state": "open",
                }
                for employee in (cls.emp_engineer, cls.emp_engineer2)
            ]
        )
        cls.user_oca = new_test_user(
            env,
            login="oca_payroll",
            name="OCA Payroll Manager",
            groups="payroll.group_payroll_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        Source = env["hr.department"]
        cls.trip = Source.create({"name": "Trip T-001", "company_id": cls.company.id})
        cls.job = Source.create({"name": "Quantity report J-7", "company_id": cls.company.id})
        cls.sheet = Source.create({"name": "Appraisal sheet A-11", "company_id": cls.company.id})

    @classmethod
    def _lines(cls, source, rows, approve=True):
        """Pay lines of ``source`` (a record, or the name of a new stand-in
        source document): rows of (employee, code, amount, date). A source's
        call replaces its lines, so each call needs its own source."""
        if isinstance(source, str):
            source = cls.env["hr.department"].create({"name": source, "company_id": cls.company.id})
        lines = cls.env["tsm.pay.line"]._tsm_sync(
            source,
            [
                {
                    "source": source,
                    "employee_id": employee.id,
                    "code": code,
                    "amount": amount,
                    "date": day,
                }
                for employee, code, amount, day in rows
            ],
        )
        if approve:
            lines.with_user(cls.user_payroll).action_approve()
        return lines

    def _payslip(self, employee=None, date_from="2026-11-01", date_to="2026-11-30", user=None):
        """A payslip as OCA's form makes it: employee and dates, then the
        contract, structure, worked days and inputs it fetches."""
        payslip = (
            self.env["hr.payslip"]
            .with_user(user or self.user_oca)
            .create(
                {
                    "employee_id": (employee or self.emp_engineer).id,
                    "company_id": self.company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )
        payslip.onchange_employee()
        return payslip

    @staticmethod
    def _inputs(payslip):
        return {line.code: line for line in payslip.input_line_ids}

    @staticmethod
    def _totals(payslip):
        return {line.code: line.total for line in payslip.line_ids}

    def _set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(key, value)


class PayrollCommon(PayrollSetup, TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._payroll_setup()


class PayrollRpcCommon(PayrollSetup, TsmRpcCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._payroll_setup()
