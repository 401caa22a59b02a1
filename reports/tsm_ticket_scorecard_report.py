from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class ReportTsmScorecard(models.AbstractModel):
    """The engineers' scorecard of a month: ``data['date_from']`` /
    ``data['date_to']``, by default the previous calendar month."""

    _name = "report.hr_tech_service.report_tsm_scorecard"
    _description = "Engineer Scorecard"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=1)
        date_from = fields.Date.to_date(data.get("date_from")) or first
        date_to = fields.Date.to_date(data.get("date_to")) or (
            date_from + relativedelta(months=1, days=-1)
        )
        employees = self.env["hr.employee"].browse(docids)
        self._tsm_check_readers(employees)
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "date_from": date_from,
            "date_to": date_to,
            "scores": employees._tsm_ticket_scores(date_from, date_to),
        }

    def _tsm_check_readers(self, employees):
        """General management and HR print anyone's scorecard; a department
        manager the engineers of the departments they manage; an area leader
        their area's engineers; an engineer their own."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("hr_tech_service.group_tsm_deputy_gm")
            or user.has_group("hr_tech_service.group_tsm_hr_officer")
        ):
            return
        own = user.employee_ids
        Employee = self.env["hr.employee"].sudo()
        domain = [("id", "in", employees.ids), ("id", "not in", own.ids)]
        scope = [("tsm_area_id.leader_id", "in", own.ids)]
        if user.has_group("hr_tech_service.group_tsm_dept_manager"):
            managed = self.env["hr.department"].sudo().search([("manager_id", "in", own.ids)])
            scope = ["|", ("department_id", "child_of", managed.ids), *scope]
        others = employees - own
        allowed = Employee.search(domain + scope) if others else Employee
        refused = others - allowed
        if refused:
            raise AccessError(
                self.env._(
                    "You may print the scorecards of your own engineers only (not %s).",
                    ", ".join(refused.sudo().mapped("name")),
                )
            )
