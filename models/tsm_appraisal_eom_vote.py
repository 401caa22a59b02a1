from odoo import fields, models


class TsmEomVote(models.Model):
    """A vote. Nobody reads votes: no access rights are granted on this
    model, the round counts them with superuser rights."""

    _name = "tsm.eom.vote"
    _description = "Employee of the Month Vote"
    _inherit = ["tsm.guard.mixin"]
    _tsm_state_field = "round_id.state"

    round_id = fields.Many2one("tsm.eom.round", required=True, ondelete="cascade", index=True)
    voter_user_id = fields.Many2one("res.users", required=True, index=True)
    employee_id = fields.Many2one("hr.employee", required=True)

    _sql_constraints = [
        ("one_vote_uniq", "unique(round_id, voter_user_id)", "Each person votes once per round."),
    ]
