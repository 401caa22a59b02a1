from odoo import fields, models

from ..tools.trip_vocabulary import HR_OFFICER


class HrEmployee(models.Model):
    """The employee's trips: a smart button for HR."""

    _inherit = "hr.employee"

    tsm_trip_count = fields.Integer(
        string="Trips", compute="_compute_tsm_trip_count", groups=HR_OFFICER
    )

    def _compute_tsm_trip_count(self):
        self._tsm_count_per_employee(
            "tsm_trip_count",
            "tsm.trip.traveller",
            [("trip_state", "not in", ("cancel", "refused"))],
        )

    def action_tsm_view_trips(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_tech_service.tsm_trip_action")
        action["domain"] = [("employee_ids", "in", self.ids)]
        action["context"] = {"search_default_filter_active": 0}
        return action
