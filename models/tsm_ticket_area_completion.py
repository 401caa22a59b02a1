from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..tools.settings import setting
from ..tools.ticket_vocabulary import AREA_JOB_KINDS


class TsmAreaCompletion(models.Model):
    """An area's maintenance workload: its repair and maintenance jobs due
    and completed (solved by the due date, confirmed by a callback) per day
    and per month, and the area score = standard workload × monthly rate."""

    _inherit = "tsm.area"

    device_count = fields.Integer(
        tracking=True, help="Devices in the area that the engineers maintain."
    )
    standard_workload = fields.Float(
        string="Standard Monthly Workload",
        compute="_compute_standard_workload",
        store=True,
        readonly=False,
        tracking=True,
        help="Points the area is worth per month; by default the device count × the "
        "workload per device of the settings. Area score = this × monthly completion rate.",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count", string="Tickets")
    today_due = fields.Integer(compute="_compute_completion", string="Due Today")
    today_completed = fields.Integer(compute="_compute_completion", string="Completed Today")
    today_rate = fields.Float(compute="_compute_completion", string="Today's Rate (%)")
    month_due = fields.Integer(compute="_compute_completion", string="Due This Month")
    month_completed = fields.Integer(compute="_compute_completion", string="Completed This Month")
    month_rate = fields.Float(compute="_compute_completion", string="Monthly Rate (%)")
    area_score = fields.Float(compute="_compute_completion")

    @api.depends("device_count")
    def _compute_standard_workload(self):
        for area in self:
            per_device = setting(area.company_id, "ticket_area_workload_per_device")
            area.standard_workload = area.device_count * per_device

    def _compute_ticket_count(self):
        counts = dict(
            self.env["tsm.ticket"]._read_group(
                [("area_id", "in", self.ids)], ["area_id"], ["__count"]
            )
        )
        for area in self:
            area.ticket_count = counts.get(area, 0)

    def _compute_completion(self):
        today = fields.Date.context_today(self)
        first = today.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        daily = self._tsm_completion_rates(today, today)
        monthly = self._tsm_completion_rates(first, last)
        empty = {"due": 0, "completed": 0, "rate": 0.0, "score": 0.0}
        for area in self:
            day = daily.get(area.id, empty)
            month = monthly.get(area.id, empty)
            area.today_due = day["due"]
            area.today_completed = day["completed"]
            area.today_rate = day["rate"]
            area.month_due = month["due"]
            area.month_completed = month["completed"]
            area.month_rate = month["rate"]
            area.area_score = month["score"]

    def _tsm_completion_rates(self, date_from, date_to):
        """Completion of the areas ``self`` (all areas if empty) over the
        period: {area id: {due, completed, rate (%), score}} with rate =
        completed / due × 100 and score = standard workload × rate / 100.
        One grouped query whatever the number of areas."""
        domain = [
            ("date_due", ">=", date_from),
            ("date_due", "<=", date_to),
            ("state", "!=", "cancelled"),
            ("area_id", "!=", False),
            ("kind", "in", AREA_JOB_KINDS),
        ]
        if self:
            domain.append(("area_id", "in", self.ids))
        groups = (
            self.env["tsm.ticket"]
            .sudo()
            ._read_group(domain, ["area_id", "job_completed"], ["__count"])
        )
        due = defaultdict(int)
        completed = defaultdict(int)
        for area, is_completed, count in groups:
            due[area] += count
            if is_completed:
                completed[area] += count
        areas = self or self.browse([area.id for area in due])
        result = {}
        for area in areas.sudo():
            rate = completed[area] / due[area] * 100 if due[area] else 0.0
            result[area.id] = {
                "due": due[area],
                "completed": completed[area],
                "rate": rate,
                "score": area.standard_workload * rate / 100,
            }
        return result

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_tech_service.tsm_ticket_action")
        action["domain"] = [("area_id", "=", self.id)]
        action["context"] = {"default_area_id": self.id}
        return action
