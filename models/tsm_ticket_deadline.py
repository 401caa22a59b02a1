from odoo import api, fields, models
from odoo.tools import float_round

from ..tools.working_time import WorkingTime, local_day


class TsmTicketDeadline(models.Model):
    """The ticket's SLA: the target chosen by priority and customer tier,
    the response and resolution deadlines and due date it gives, the times
    taken (working hours of the company's calendar) and the late flags."""

    _inherit = "tsm.ticket"

    date_due = fields.Date(
        string="Due Date",
        compute="_compute_sla",
        store=True,
        readonly=False,
        index=True,
        help="The day the job is due; the area's daily completion rate counts it that day. "
        "Defaults to the day of the resolution deadline.",
    )
    # SLA
    sla_id = fields.Many2one("tsm.ticket.sla", string="SLA", compute="_compute_sla", store=True)
    date_response_deadline = fields.Datetime(
        string="Respond Before", compute="_compute_sla", store=True
    )
    date_resolution_deadline = fields.Datetime(
        string="Resolve Before", compute="_compute_sla", store=True
    )
    response_hours = fields.Float(
        string="Time to Respond (h)",
        compute="_compute_sla_times",
        store=True,
        aggregator="avg",
        help="Working hours of the company's calendar from reception to response.",
    )
    resolution_hours = fields.Float(
        string="Time to Resolve (h)",
        compute="_compute_sla_times",
        store=True,
        aggregator="avg",
    )
    response_late = fields.Boolean(compute="_compute_sla_times", store=True)
    resolution_late = fields.Boolean(compute="_compute_sla_times", store=True)

    def _tsm_working_times(self, *fields_):
        """{calendar: WorkingTime} spanning the given datetime fields of these
        tickets, one calendar computation per company calendar for the whole
        batch instead of several per ticket."""
        result = {}
        for calendar in self.company_id.resource_calendar_id:
            tickets = self.filtered(lambda t, c=calendar: t.company_id.resource_calendar_id == c)
            result[calendar] = WorkingTime.for_records(
                calendar, [ticket[name] for ticket in tickets for name in fields_]
            )
        return result

    @api.depends("priority", "partner_id", "date_received", "company_id")
    def _compute_sla(self):
        slas = self.env["tsm.ticket.sla"].search(
            [("priority", "in", list(set(self.mapped("priority"))))]
        )
        times = self._tsm_working_times("date_received")
        for ticket in self:
            sla = slas._tsm_match(ticket)
            calendar = ticket.company_id.resource_calendar_id
            working = times.get(calendar) or WorkingTime(calendar, None, None)
            start = ticket.date_received
            response = resolution = False
            if sla and start:
                response = working.plan(start, sla.response_hours)
                resolution = working.plan(start, sla.resolution_hours)
            ticket.sla_id = sla
            ticket.date_response_deadline = response
            ticket.date_resolution_deadline = resolution
            ticket.date_due = local_day(ticket.company_id, resolution or start)

    @api.depends(
        "date_received",
        "date_responded",
        "date_solved",
        "date_response_deadline",
        "date_resolution_deadline",
    )
    def _compute_sla_times(self):
        times = self._tsm_working_times("date_received", "date_responded", "date_solved")
        now = fields.Datetime.now()
        for ticket in self:
            calendar = ticket.company_id.resource_calendar_id
            working = times.get(calendar) or WorkingTime(calendar, None, None)
            ticket.response_hours = float_round(
                working.hours_between(ticket.date_received, ticket.date_responded), 2
            )
            ticket.resolution_hours = float_round(
                working.hours_between(ticket.date_received, ticket.date_solved), 2
            )
            ticket.response_late = bool(
                ticket.date_response_deadline
                and (ticket.date_responded or now) > ticket.date_response_deadline
            )
            ticket.resolution_late = bool(
                ticket.date_resolution_deadline
                and (ticket.date_solved or now) > ticket.date_resolution_deadline
            )

    @api.model
    def _cron_refresh_late(self):
        """Daily: the late flags of open tickets and tasks are stored, and
        time passing changes nothing they depend on; recompute them for the
        records still open (a fixed number of queries)."""
        open_tickets = self.search([("state", "in", ("new", "assigned", "in_progress"))])
        self.env.add_to_compute(self._fields["response_late"], open_tickets)
        Task = self.env["tsm.task"]
        open_tasks = Task.search([("state", "not in", ("done", "cancelled"))])
        self.env.add_to_compute(Task._fields["is_late"], open_tasks)
        self.env.flush_all()
