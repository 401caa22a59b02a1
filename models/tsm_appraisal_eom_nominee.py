from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.appraisal_vocabulary import DEPT_MANAGER, DEPUTY_GM, HR_OFFICER

# Who reads the vote counts and the veto reasons: the people who run and
# check the rounds, not the staff.
CHECKERS = f"{DEPT_MANAGER},{HR_OFFICER}"


class TsmEomNominee(models.Model):
    """A candidate of a round, ranked by votes: the top ones are nominees,
    whom the checkers may veto, and the GM's confirmation makes them winners."""

    _name = "tsm.eom.nominee"
    _description = "Employee of the Month Candidate"
    _inherit = ["tsm.guard.mixin"]
    _order = "round_id, rank"
    # Made by closing the vote; changed only by veto and confirmation.
    _tsm_state_field = "round_id.state"

    round_id = fields.Many2one("tsm.eom.round", required=True, ondelete="cascade", index=True)
    employee_id = fields.Many2one("hr.employee", required=True)
    votes = fields.Integer(readonly=True, groups=CHECKERS)
    rank = fields.Integer(readonly=True)
    state = fields.Selection(
        [
            ("candidate", "Candidate"),
            ("nominee", "Nominee"),
            ("vetoed", "Vetoed"),
            ("winner", "Employee of the Month"),
        ],
        default="candidate",
        required=True,
    )
    veto_reason = fields.Char(readonly=True, groups=CHECKERS)
    vetoed_by_id = fields.Many2one("res.users", readonly=True, groups=CHECKERS)

    def _tsm_veto(self, reason):
        """Remove a nominee (customer complaint, quality incident,
        slackness); the next candidate by votes takes the place."""
        self.ensure_one()
        user = self.env.user
        award = self.round_id
        allowed = (
            user.has_group(DEPT_MANAGER) and award.department_id.manager_id.user_id == user
        ) or user.has_group(DEPUTY_GM)
        if not allowed:
            raise AccessError(
                self.env._("Only the manager, the deputy GM or the GM can veto a nominee.")
            )
        if award.state not in ("check", "confirm") or self.state != "nominee":
            raise UserError(self.env._("Only a nominee of a round being checked can be vetoed."))
        if not reason:
            raise UserError(self.env._("A veto needs a reason."))
        award._tsm_check_not_candidate(self.env._("veto"))
        self.sudo().write({"state": "vetoed", "veto_reason": reason, "vetoed_by_id": user.id})
        nxt = award.nominee_ids.filtered(lambda n: n.state == "candidate").sorted("rank")[:1]
        if nxt:
            nxt.sudo().state = "nominee"
        award.message_post(
            body=self.env._(
                "%(employee)s vetoed by %(user)s: %(reason)s",
                employee=self.employee_id.name,
                user=user.name,
                reason=reason,
            )
        )
