from odoo import fields, models

from .tsm_ticket_score import TICKET_METRIC_CODES


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    tsm_ticket_count = fields.Integer(
        compute="_compute_tsm_ticket_count",
        string="Service Tickets",
        groups="hr_tech_service.group_tsm_hr_officer",
    )

    def _compute_tsm_ticket_count(self):
        self._tsm_count_per_employee("tsm_ticket_count", "tsm.ticket.engineer", sudo=True)

    def _tsm_ticket_scores(self, date_from, date_to):
        """The ticket metrics of the employees ``self`` over the period:
        {employee id: {metric code: value}} (every code of
        TICKET_METRIC_CODES), a fixed number of queries whatever the number
        of employees."""
        values = self.env["tsm.metric"]._tsm_compute(TICKET_METRIC_CODES, self, date_from, date_to)
        return {
            employee.id: {code: values[code].get(employee.id, 0.0) for code in TICKET_METRIC_CODES}
            for employee in self
        }

    def action_tsm_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_tech_service.tsm_ticket_action")
        action["domain"] = [("engineer_line_ids.employee_id", "=", self.id)]
        return action
