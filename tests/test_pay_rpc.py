import xmlrpc.client

from odoo.tests import tagged

from .common import TsmHttpCommon


@tagged("post_install", "-at_install")
class TestPayLinesExternalApi(TsmHttpCommon):
    """An outside payroll system reads a period's approved lines over XML-RPC
    with the standard client, logged in as a Payroll Officer."""

    def test_read_approved_lines_over_xmlrpc(self):
        source = self.env["hr.department"].create(
            {"name": "Job J-7", "company_id": self.company.id}
        )
        lines = self.env["tsm.pay.line"]._tsm_sync(
            source,
            [
                {
                    "source": source,
                    "employee_id": self.emp_engineer.id,
                    "code": "COMM_INST",
                    "amount": 600.0,
                    "date": "2026-11-08",
                },
                {
                    "source": source,
                    "employee_id": self.emp_engineer2.id,
                    "code": "COMM_INST",
                    "amount": 400.0,
                    "date": "2026-11-08",
                },
                {
                    "source": source,
                    "employee_id": self.emp_leader.id,
                    "code": "DAY_RATE",
                    "amount": 80.0,
                    "date": "2026-11-09",
                },
            ],
        )
        lines.filtered(lambda line: line.code == "COMM_INST").with_user(
            self.user_payroll
        ).action_approve()

        # The server shares the test transaction: write the ORM cache to it.
        self.env.flush_all()
        url = self.base_url()
        db = self.env.cr.dbname
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        uid = common.authenticate(db, "tsm_payroll", "tsm_payroll", {})
        self.assertEqual(uid, self.user_payroll.id)
        models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
        rows = models.execute_kw(
            db,
            uid,
            "tsm_payroll",
            "tsm.pay.line",
            "search_read",
            [[("period_id.name", "=", "2026-11"), ("state", "in", ["approved", "paid"])]],
            {"fields": ["employee_id", "code", "amount", "date"], "order": "amount desc"},
        )
        self.assertEqual(
            [(row["employee_id"][1], row["code"], row["amount"]) for row in rows],
            [("Engineer Zhang", "COMM_INST", 600.0), ("Engineer Zhou", "COMM_INST", 400.0)],
        )
        # The same total through the employee method.
        total = models.execute_kw(
            db,
            uid,
            "tsm_payroll",
            "hr.employee",
            "tech_service_pay_amount",
            [[self.emp_engineer.id], "COMM_INST", "2026-11-01", "2026-11-30"],
        )
        self.assertEqual(total, 600.0)
        # An engineer's credentials read only their own lines.
        uid_engineer = common.authenticate(db, "tsm_engineer", "tsm_engineer", {})
        own = models.execute_kw(
            db,
            uid_engineer,
            "tsm_engineer",
            "tsm.pay.line",
            "search_read",
            [[]],
            {"fields": ["employee_id", "amount"]},
        )
        self.assertEqual({row["employee_id"][0] for row in own}, {self.emp_engineer.id})
