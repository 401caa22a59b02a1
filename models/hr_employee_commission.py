from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import AccessError

from ..tools.commission_vocabulary import COMMISSION_READERS


class HrEmployeeCommission(models.Model):
    _inherit = "hr.employee"

    tsm_job_count = fields.Integer(
        string="Jobs",
        compute="_compute_tsm_job_count",
        groups="hr_tech_service.group_tsm_hr_officer",
    )

    def _compute_tsm_job_count(self):
        self._tsm_count_per_employee("tsm_job_count", "tsm.job.member")

    def action_tsm_view_commission(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_commission_line_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        return action

    def tech_service_salary_stopped(self, day=None):
        """Whether the employee's salary is stopped on ``day`` (today) because
        they contract a job individually: from the
        contract's salary stop date to the job's completion. For payroll."""
        self.ensure_one()
        self._tsm_check_pay_reader()
        return self.id in self._tech_service_salary_stopped_ids(day)

    def _tech_service_salary_stopped_ids(self, day=None):
        """The ids of ``self`` whose salary is stopped on ``day``, in one query."""
        day = fields.Date.to_date(day) or fields.Date.context_today(self)
        jobs = (
            self.env["tsm.job"]
            .sudo()
            .search(
                [
                    ("kind", "=", "contracting"),
                    ("job_lead_id", "in", self.ids),
                    ("state", "in", ("handed_over", "in_progress", "done", "closed")),
                    ("contract_salary_stop_date", "<=", day),
                    "|",
                    ("date_done", "=", False),
                    ("date_done", ">=", day),
                ]
            )
        )
        return set(jobs.job_lead_id.ids)

    def tech_service_grade_figures(self):
        """The monthly pay figures of the employee's grade that payroll reads
        base salary, field allowance, probation base and
        allowance and guaranteed minimum; the probation figures apply while
        ``in_probation``. The addon computes no salary."""
        self.ensure_one()
        self._tsm_check_pay_reader()
        employee = self.sudo()
        grade = employee.tsm_grade_id
        return {
            "grade": grade.name or False,
            "level": grade.level,
            "in_probation": employee.tsm_in_probation,
            "base_salary": grade.base_salary,
            "field_allowance": grade.field_allowance,
            "probation_base": grade.probation_base,
            "probation_allowance": grade.probation_allowance,
            "guaranteed_minimum": grade.guaranteed_minimum,
        }

    def _tsm_commission_statements(self):
        """{employee id: rows} of the commission statement of each employee:
        per job, the metres, earned, paid (verification and completion),
        released and retained amounts (grouped queries). The reader's rights
        decide the jobs: all of them for the engineering manager, finance,
        payroll and HR; their own statement for an employee; for a job lead,
        the jobs they lead. Refused (AccessError) for an employee whose
        statement the reader may not see at all."""
        visible = self._tsm_statement_jobs()
        jobs = self.env["tsm.job"].sudo().browse(set().union(*visible.values()))
        figures = jobs._tsm_commission_figures(by_employee=True)
        statements = {}
        for employee in self:
            rows = []
            for job in jobs.browse(visible[employee.id]).sorted("name"):
                values = figures.get((job.id, employee.id))
                if values:
                    rows.append(
                        dict(
                            values,
                            job=job.with_env(self.env),
                            paid=values["paid"] + values["settled"],
                        )
                    )
            statements[employee.id] = rows
        return statements

    def _tsm_statement_jobs(self):
        """{employee id: ids of the jobs of their statement the reader sees};
        an AccessError naming the employees whose statement they may not see."""
        user = self.env.user
        sees_all = self.env.su or any(user.has_group(group) for group in COMMISSION_READERS)
        jobs_of = defaultdict(set)
        for employee, job in (
            self.env["tsm.commission.line"]
            .sudo()
            ._read_group([("employee_id", "in", self.ids)], ["employee_id", "job_id"])
        ):
            jobs_of[employee.id].add(job.id)
        led = set()
        if not sees_all:
            led = {
                (member.employee_id.id, member.job_id.id)
                for member in self.env["tsm.job.member"]
                .sudo()
                .search(
                    [("employee_id", "in", self.ids), ("job_id.job_lead_id.user_id", "=", user.id)]
                )
            }
        refused = self.browse()
        visible = {}
        for employee in self:
            job_ids = jobs_of[employee.id]
            if not sees_all and employee.sudo().user_id != user:
                lead_of = {job_id for employee_id, job_id in led if employee_id == employee.id}
                if not lead_of:
                    refused |= employee
                    continue
                job_ids = job_ids & lead_of
            visible[employee.id] = job_ids
        if refused:
            raise AccessError(
                self.env._(
                    "You may print your own commission statement, or those of the crews of the "
                    "jobs you lead, not the one of %s.",
                    ", ".join(refused.sudo().mapped("name")),
                )
            )
        return visible
