from contextlib import contextmanager
from datetime import date

from odoo import Command

from .common import TsmCommon


class CommissionSetup:
    """Jobs of the test company: an engineering manager, the area leader as
    job lead and the two engineers as crew (for TsmCommon and the RPC tests)."""

    @classmethod
    def _commission_setup(cls):
        cls.user_eng = cls._tsm_user(
            "tsm_eng", "hr_tech_service.group_tsm_eng_manager", "Engineering Manager Wu"
        )
        cls.user_finance = cls._tsm_user(
            "tsm_finance", "hr_tech_service.group_tsm_finance", "Finance Qian"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Hefei Water Group"})
        cls.Job = cls.env["tsm.job"]
        cls.Report = cls.env["tsm.quantity.report"]
        cls.month = date(2026, 3, 1)

    @contextmanager
    def assertRaisesExact(self, exception, text=None):
        """The call raises exactly ``exception`` (not a subclass: an
        AccessError is a UserError too), whose message contains ``text``."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIs(
            type(catcher.exception), exception, f"{type(catcher.exception)}: {catcher.exception}"
        )
        if text:
            self.assertIn(text, str(catcher.exception))

    def _job(self, kind="weld", crew=None, shares=None, hand_over=True, **vals):
        """A job led by the area leader with ``crew`` (default: both engineers)
        at ``shares`` (default: equal), handed over."""
        crew = crew if crew is not None else (self.emp_engineer | self.emp_engineer2)
        shares = shares or [0.0] * len(crew)
        job = self.Job.with_user(self.user_eng).create(
            {
                "title": "Binhu pipeline",
                "kind": kind,
                "customer_id": self.customer.id,
                "site": "Binhu district",
                "salesperson_id": self.user_deputy.id,
                "job_lead_id": self.emp_leader.id,
                "date_start": date(2026, 2, 20),
                "member_ids": [
                    Command.create({"employee_id": e.id, "share": s})
                    for e, s in zip(crew, shares, strict=True)
                ],
                "handover_manager_signed": hand_over,
                "handover_sales_signed": hand_over,
                "handover_lead_signed": hand_over,
                **vals,
            }
        )
        if hand_over:
            job.with_user(self.user_eng).action_hand_over()
        return job

    def _report(self, job, lines, month=None, user=None):
        """A quantity report of ``job``; ``lines`` are (pipe kind, diameter,
        metres[, inner welding])."""
        return self.Report.with_user(user or self.user_leader).create(
            {
                "job_id": job.id,
                "date_month": month or self.month,
                "line_ids": [
                    Command.create(
                        {
                            "pipe_kind": line[0],
                            "diameter": line[1],
                            "metres": line[2],
                            "inner_welding": line[3] if len(line) > 3 else False,
                        }
                    )
                    for line in lines
                ],
            }
        )

    def _submit_verify(self, reports):
        reports.with_user(self.user_leader)._tsm_submit(day=date(2026, 4, 2))
        return reports.with_user(self.user_eng)._tsm_verify()

    def _pay_lines(self, source, employee=None):
        domain = [("res_model", "=", source._name), ("res_id", "in", source.ids)]
        if employee:
            domain.append(("employee_id", "=", employee.id))
        return self.env["tsm.pay.line"].search(domain)


class CommissionCommon(CommissionSetup, TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._commission_setup()
