from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .tsm_working_time import local_day


class TsmTicketVisit(models.Model):
    """One visit of an engineer on a ticket: the work log (RULES.md §2.3).
    Several visits still make one ticket."""

    _name = "tsm.ticket.visit"
    _description = "Ticket Visit"
    _order = "start, id"
    _check_company_auto = True

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

    @api.model_create_multi
    def create(self, vals_list):
        visits = super().create(vals_list)
        for ticket in visits.ticket_id:
            first = min(ticket.visit_ids.mapped("start"))
            if not ticket.date_responded or first < ticket.date_responded:
                ticket.sudo().date_responded = first
        return visits
