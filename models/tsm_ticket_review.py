from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.flow import flow
from ..tools.ticket_vocabulary import LEADER, MANAGER, SOLVED_STATES, rating_values


class TsmTicketReview(models.Model):
    """The review of a solved ticket: the technical supervisor's (and the
    department head's) reviewed value of the engineers' self-ratings, and
    the supervisor's marks on the ticket form and the work log."""

    _inherit = "tsm.ticket"

    # The supervisor reviews the engineers' self-ratings into one value, which
    # the engineers who are not interns share equally.
    reviewed_points = fields.Float(
        string="Reviewed Value",
        copy=False,
        tracking=True,
        help="The value the technical supervisor (and the department head) set after "
        "reviewing the engineers' self-ratings; split among the engineers.",
    )
    review_state = fields.Selection(
        [
            ("none", "Not Reviewed"),
            ("supervisor", "Supervisor Reviewed"),
            ("head", "Head Reviewed"),
        ],
        default="none",
        required=True,
        copy=False,
        tracking=True,
        index=True,
    )
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    head_reviewed_by_id = fields.Many2one(
        "res.users", string="Department Head Review By", readonly=True, copy=False
    )
    self_rating_avg = fields.Float(string="Average Self-rating", compute="_compute_self_rating_avg")
    # Form quality: each mark costs every engineer of the ticket a deduction.
    form_unqualified = fields.Boolean(string="Unqualified Ticket Form", copy=False, tracking=True)
    form_unqualified_reason = fields.Char(string="Form Problem", copy=False)
    worklog_unqualified = fields.Boolean(string="Unqualified Work Log", copy=False, tracking=True)
    worklog_unqualified_reason = fields.Char(string="Work Log Problem", copy=False)
    quality_checked_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    @api.depends("engineer_line_ids.self_rating")
    def _compute_self_rating_avg(self):
        for ticket in self:
            ratings = [r for r in ticket.engineer_line_ids.mapped("self_rating") if r]
            ticket.self_rating_avg = sum(ratings) / len(ratings) if ratings else 0.0

    @api.constrains("reviewed_points")
    def _check_reviewed_points(self):
        for ticket in self:
            allowed = rating_values(ticket.company_id)
            choices = ", ".join(format(value, "g") for value in allowed)
            if ticket.reviewed_points and ticket.reviewed_points not in allowed:
                raise ValidationError(
                    self.env._(
                        "The reviewed value %(value)s of ticket %(ticket)s is not one of the "
                        "allowed values %(allowed)s.",
                        value=ticket.reviewed_points,
                        ticket=ticket.name,
                        allowed=choices,
                    )
                )

    def _tsm_reviewable(self):
        """Tickets whose reviewed value the current supervisor may set: not
        one they worked on, and reviewed by the department head only for a
        department manager."""
        is_manager = self.env.user.has_group(MANAGER)
        return self._tsm_not_worked_on().filtered(
            lambda ticket: is_manager or ticket.review_state != "head"
        )

    def action_review(self):
        """The technical supervisor reviews the self-ratings and sets the value."""
        action = self.env._("review")
        self._tsm_require(LEADER, action=self.env._("review ticket points"))
        self._tsm_check_state(SOLVED_STATES, self.env._("reviewed"))
        if any(ticket.review_state != "none" for ticket in self):
            raise UserError(
                self.env._(
                    "These points are reviewed already; the department head may change them."
                )
            )
        self._tsm_check_not_worked_on(action)
        for ticket in self:
            points = ticket.reviewed_points or ticket._tsm_proposed_points()
            flow(ticket).write(
                {
                    "reviewed_points": points,
                    "review_state": "supervisor",
                    "reviewed_by_id": self.env.user.id,
                }
            )
        return True

    def action_review_head(self):
        """The department head confirms (or changes) the reviewed value; not
        the supervisor who reviewed it first."""
        action = self.env._("confirm")
        self._tsm_require(MANAGER, action=self.env._("confirm reviewed ticket points"))
        self._tsm_check_state(SOLVED_STATES, self.env._("reviewed"))
        for ticket in self:
            ticket._tsm_check_other_actor(
                ticket.sudo().engineer_line_ids.user_id | ticket.reviewed_by_id, action
            )
            points = ticket.reviewed_points or ticket._tsm_proposed_points()
            flow(ticket).write(
                {
                    "reviewed_points": points,
                    "review_state": "head",
                    "head_reviewed_by_id": self.env.user.id,
                    "reviewed_by_id": ticket.reviewed_by_id.id or self.env.user.id,
                }
            )
        return True

    def _tsm_proposed_points(self):
        """The allowed value nearest the engineers' average self-rating."""
        self.ensure_one()
        allowed = rating_values(self.company_id)
        if not allowed:
            return 0.0
        average = self.self_rating_avg or allowed[0]
        return min(allowed, key=lambda value: (abs(value - average), value))

    def action_mark_quality(self):
        """Supervisor: record the marks on the ticket form and the work log."""
        self._tsm_require(LEADER, action=self.env._("mark ticket forms and work logs"))
        self._tsm_check_state(SOLVED_STATES, self.env._("marked"))
        self._tsm_check_not_worked_on(self.env._("mark"))
        for ticket in self:
            if (ticket.form_unqualified and not ticket.form_unqualified_reason) or (
                ticket.worklog_unqualified and not ticket.worklog_unqualified_reason
            ):
                raise UserError(
                    self.env._("Say why the form or work log of %s is unqualified.", ticket.name)
                )
        flow(self).write({"quality_checked_by_id": self.env.user.id})
        return True
