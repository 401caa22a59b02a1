from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import DESK, LEADER, OPEN_STATES
from ..tools.working_time import local_day

# A visit is logged while the ticket is worked on; the work log of a solved
# ticket is frozen (reopen it to add a visit).
LOGGING_STATES = ("new",) + OPEN_STATES


class TsmTicketVisit(models.Model):
    """One visit of an engineer on a ticket: the work log.
    Several visits still make one ticket."""

    _name = "tsm.ticket.visit"
    _description = "Ticket Visit"
    _inherit = ["tsm.guard.mixin"]
    _order = "start, id"
    _check_company_auto = True
    # An engineer logs their own visits on a ticket they are sent on; the
    # service desk and supervisors may log or correct anyone's. A visit never
    # moves to another ticket.
    _tsm_state_field = "ticket_id.state"
    _tsm_policy = (
        Allow(
            "ticket_id employee_id start end work_done",
            states=LOGGING_STATES,
            who="_tsm_is_own_visit",
            on="create",
        ),
        Allow("start end work_done", states=LOGGING_STATES, who="_tsm_is_own_visit", on="write"),
        Allow(
            "ticket_id employee_id start end work_done",
            groups=(DESK, LEADER),
            states=LOGGING_STATES,
            on="create",
        ),
        Allow(
            "employee_id start end work_done",
            groups=(DESK, LEADER),
            states=LOGGING_STATES,
            on="write",
        ),
        Allow(on="unlink", states=LOGGING_STATES, who="_tsm_is_own_visit"),
        Allow(on="unlink", groups=(DESK, LEADER), states=LOGGING_STATES),
    )

    ticket_id = fields.Many2one("tsm.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    area_id = fields.Many2one(related="ticket_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", store=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Engineer",
        required=True,
        index=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    start = fields.Datetime(required=True, default=fields.Datetime.now)
    end = fields.Datetime()
    date = fields.Date(compute="_compute_date", store=True, index=True)
    hours = fields.Float(compute="_compute_hours", store=True, aggregator="sum")
    work_done = fields.Text(help="What was done on the visit (work log).")

    @api.depends("ticket_id.name", "employee_id", "date")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = (
                f"{visit.ticket_id.name} – {visit.employee_id.sudo().name} ({visit.date or ''})"
            )

    @api.depends("start")
    def _compute_date(self):
        for visit in self:
            visit.date = local_day(visit.ticket_id.company_id, visit.start)

    @api.depends("start", "end")
    def _compute_hours(self):
        for visit in self:
            visit.hours = (
                (visit.end - visit.start).total_seconds() / 3600
                if visit.start and visit.end and visit.end > visit.start
                else 0.0
            )

    @api.constrains("start", "end")
    def _check_dates(self):
        for visit in self:
            if visit.start and visit.end and visit.end <= visit.start:
                raise ValidationError(
                    self.env._(
                        "The visit of %s ends before it starts: check the times.",
                        visit.employee_id.name,
                    )
                )

    def _tsm_is_own_visit(self):
        """The current user's own visits on tickets they are sent on."""
        mine = self.env.user.employee_ids
        return self.filtered(
            lambda visit: (
                visit.employee_id in mine
                and visit.employee_id in visit.ticket_id.sudo().engineer_line_ids.employee_id
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._tsm_guard_trusted():
            self._tsm_check_can_log(vals_list)
        visits = super().create(vals_list)
        for ticket in visits.ticket_id:
            first = min(ticket.visit_ids.mapped("start"))
            if not ticket.date_responded or first < ticket.date_responded:
                ticket.sudo().date_responded = first
        return visits

    @api.model
    def _tsm_check_can_log(self, vals_list):
        """Clear refusals before the policy's: the work log of a solved
        ticket is frozen; an engineer logs only their own visits, on a
        ticket they are sent on."""
        dispatcher = self.env.user.has_group(DESK) or self.env.user.has_group(LEADER)
        mine = self.env.user.employee_ids
        for vals in vals_list:
            ticket = self.env["tsm.ticket"].browse(vals.get("ticket_id"))
            if ticket.state not in LOGGING_STATES:
                raise UserError(
                    self.env._(
                        "The work log of ticket %s is closed: reopen the ticket to add a visit.",
                        ticket.name,
                    )
                )
            employee = self.env["hr.employee"].browse(
                vals.get("employee_id", self.env.user.employee_id.id)
            )
            if not dispatcher and not (
                employee in mine and employee in ticket.sudo().engineer_line_ids.employee_id
            ):
                raise AccessError(
                    self.env._(
                        "You log only your own visits, on a ticket you are sent on (%s).",
                        ticket.name,
                    )
                )
