from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .tsm_ticket_vocabulary import rating_values


class TsmTicketEngineer(models.Model):
    """An engineer sent on a ticket (the dispatch, RULES.md §2.3) with the
    self-rating and the share of the reviewed value, stored so that a month
    of points is one grouped query."""

    _name = "tsm.ticket.engineer"
    _description = "Ticket Engineer"
    _order = "ticket_id, is_intern, id"
    _check_company_auto = True

    ticket_id = fields.Many2one("tsm.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Engineer", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id")
    is_intern = fields.Boolean(
        string="Intern",
        help="An intern (实习) going with engineers earns nothing; the engineers keep their "
        "full share (RULES.md §2.3).",
    )
    accompanied_ids = fields.Many2many(
        "hr.employee",
        "tsm_ticket_engineer_accompanied_rel",
        "line_id",
        "employee_id",
        string="Accompanies",
        check_company=True,
        help="For an intern: the engineer(s) of the ticket the intern goes with.",
    )
    self_rating = fields.Float(
        help="The engineer's own rating of the job on solving: one of the allowed values "
        "(0.5, 1, 1.5 or 2 by default)."
    )
    points = fields.Float(
        compute="_compute_points",
        store=True,
        digits=(16, 4),
        help="This engineer's share of the reviewed value: equal shares among the engineers "
        "who are not interns; an intern's share stays with the engineers accompanied.",
    )
    state = fields.Selection(related="ticket_id.state", store=True, index=True)
    date_solved = fields.Date(related="ticket_id.date_solved_day", store=True, index=True)
    is_valid = fields.Boolean(related="ticket_id.is_valid", store=True, index=True)
    review_state = fields.Selection(related="ticket_id.review_state", store=True)
    area_id = fields.Many2one(related="ticket_id.area_id", store=True, index=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id")
    form_unqualified = fields.Boolean(related="ticket_id.form_unqualified", store=True)
    worklog_unqualified = fields.Boolean(related="ticket_id.worklog_unqualified", store=True)

    _sql_constraints = [
        (
            "ticket_employee_uniq",
            "unique(ticket_id, employee_id)",
            "An engineer is listed once per ticket.",
        ),
    ]

    @api.depends(
        "ticket_id.reviewed_points",
        "ticket_id.review_state",
        "ticket_id.engineer_line_ids.is_intern",
        "is_intern",
    )
    def _compute_points(self):
        for line in self:
            ticket = line.ticket_id
            engineers = ticket.engineer_line_ids.filtered(lambda other: not other.is_intern)
            if line.is_intern or ticket.review_state == "none" or not engineers:
                line.points = 0.0
            else:
                line.points = ticket.reviewed_points / len(engineers)

    @api.constrains("self_rating")
    def _check_self_rating(self):
        allowed = rating_values(self.env)
        for line in self:
            if line.self_rating and line.self_rating not in allowed:
                rating = format(line.self_rating, "g")
                choices = ", ".join(format(value, "g") for value in allowed)
                raise ValidationError(
                    self.env._(
                        "Self-rating %(value)s of %(engineer)s is not allowed: use one of "
                        "%(allowed)s.",
                        value=rating,
                        engineer=line.employee_id.name,
                        allowed=choices,
                    )
                )

    @api.constrains("is_intern", "accompanied_ids", "employee_id")
    def _check_accompanied(self):
        for line in self:
            if line.employee_id in line.accompanied_ids:
                raise ValidationError(self.env._("An intern cannot accompany themselves."))
            if line.accompanied_ids and not line.is_intern:
                raise ValidationError(
                    self.env._(
                        "Only an intern accompanies other engineers (%s).", line.employee_id.name
                    )
                )
            others = line.ticket_id.engineer_line_ids.employee_id
            if line.accompanied_ids - others:
                raise ValidationError(
                    self.env._(
                        "Intern %s can only accompany engineers listed on the same ticket.",
                        line.employee_id.name,
                    )
                )

    def _tsm_is_dispatcher(self):
        """Supervisors and the service desk dispatch engineers; an engineer
        only rates their own part."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("hr_tech_service.group_tsm_leader")
            or user.has_group("hr_tech_service.group_tsm_service_desk")
        )

    def _tsm_check_dispatch(self, tickets):
        if self._tsm_is_dispatcher():
            return
        if any(ticket.state != "new" for ticket in tickets):
            raise UserError(
                self.env._(
                    "Only a supervisor or the service desk changes the engineers of a ticket "
                    "once it is assigned."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if "points" in {key for vals in vals_list for key in vals} and not self.env.su:
            raise UserError(self.env._("Points come from the reviewed value; they are not typed."))
        self._tsm_check_dispatch(
            self.env["tsm.ticket"].browse({vals.get("ticket_id") for vals in vals_list} - {None})
        )
        lines = super().create(vals_list)
        if not self._tsm_is_dispatcher():
            lines.filtered("self_rating")._tsm_check_own_rating()
        return lines

    def _tsm_check_own_rating(self):
        if any(line.employee_id.sudo().user_id != self.env.user for line in self):
            raise UserError(self.env._("Each engineer enters only their own self-rating."))

    def write(self, vals):
        if "points" in vals and not self.env.su:
            raise UserError(self.env._("Points come from the reviewed value; they are not typed."))
        if set(vals) - {"self_rating"}:
            self._tsm_check_dispatch(self.ticket_id)
        if "self_rating" in vals and not self._tsm_is_dispatcher():
            self._tsm_check_own_rating()
        if "self_rating" in vals and any(line.ticket_id.review_state != "none" for line in self):
            raise UserError(
                self.env._("The points of this ticket are reviewed: self-ratings are locked.")
            )
        return super().write(vals)

    def unlink(self):
        self._tsm_check_dispatch(self.ticket_id)
        return super().unlink()
