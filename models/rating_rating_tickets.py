from odoo import api, fields, models

from ..tools.policy import Allow


class RatingRating(models.Model):
    """The ticket a rating is about, for the record rules of ticket ratings
    (security/tsm_ticket_security.xml): they are read by the service desk
    and the managers who may read the ticket, never by its engineers, and
    written only by the customer's rating page."""

    _name = "rating.rating"
    _inherit = ["rating.rating", "tsm.guard.mixin"]
    # Only the ticket link is this addon's (computed); deleting ratings stays
    # as Odoo has it.
    _tsm_policy = (Allow(on="unlink"),)

    tsm_ticket_id = fields.Many2one(
        "tsm.ticket",
        string="Service Ticket",
        compute="_compute_tsm_ticket_id",
        store=True,
        index="btree_not_null",
        ondelete="cascade",
    )

    @api.depends("res_model", "res_id")
    def _compute_tsm_ticket_id(self):
        for rating in self:
            rating.tsm_ticket_id = rating.res_id if rating.res_model == "tsm.ticket" else False
