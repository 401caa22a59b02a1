from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.policy import Allow
from ..tools.ticket_vocabulary import DESK, LEADER, OPEN_STATES, SOLVED_STATES, rating_values

DISPATCHED_FIELDS = "employee_id is_intern accompanied_ids"
DISPATCH_FIELDS = f"ticket_id {DISPATCHED_FIELDS}"


class TsmTicketEngineer(models.Model):
    """An engineer sent on a ticket (the dispatch) with the
    self-rating and the share of the reviewed value, stored so that a month
    of points is one grouped query."""

    _name = "tsm.ticket.engineer"
    _description = "Ticket Engineer"
    _inherit = ["tsm.guard.mixin"]
    _order = "ticket_id, is_intern, id"
    _check_company_auto = True
    # The dispatch is open while the ticket is new, then the service desk and
    # supervisors change it until it is solved; from then on who went, as what,
    # is frozen (reopen the ticket to change it). Each engineer rates their own
    # part until the review (write() keeps the lock of reviewed points). A line
    # never moves to another ticket; the points are computed from the reviewed
    # value.
    _tsm_state_field = "ticket_id.state"
    _tsm_policy = (
        Allow(DISPATCH_FIELDS, states=("new",), on="create"),
        Allow(DISPATCH_FIELDS, groups=(DESK, LEADER), states=OPEN_STATES, on="create"),
        Allow(DISPATCHED_FIELDS, states=("new",), on="write"),
        Allow(DISPATCHED_FIELDS, groups=(DESK, LEADER), states=OPEN_STATES, on="write"),
        # On registration the desk or a supervisor may note the ratings given on the phone.
        Allow("self_rating", groups=(DESK, LEADER), states=("new",)),
        Allow("self_rating", states=("new",) + OPEN_STATES + SOLVED_STATES, who="_tsm_own"),
        Allow(on="unlink", states=("new",)),
        Allow(on="unlink", groups=(DESK, LEADER), states=OPEN_STATES),
    )

    ticket_id = fields.Many2one("tsm.ticket", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", string="Engineer", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id")
    is_intern = fields.Boolean(
        string="Intern",
        help="An intern (实习) going with engineers earns nothing; the engineers keep their "
        "full share.",
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

    @api.depends("ticket_id.name", "employee_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.ticket_id.name} – {line.employee_id.sudo().name}"

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
        for line in self:
            allowed = rating_values(line.company_id)
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

    def _tsm_own(self):
        """The current user's own lines."""
        return self.filtered(lambda line: line.employee_id in self.env.user.employee_ids)

    def write(self, vals):
        if (
            "self_rating" in vals
            and not self._tsm_guard_trusted()
            and any(line.ticket_id.review_state != "none" for line in self)
        ):
            raise UserError(
                self.env._("The points of this ticket are reviewed: self-ratings are locked.")
            )
        return super().write(vals)
