from odoo import fields, models

from ..tools.trip_vocabulary import DEPT_MANAGER


class TsmTripRefuse(models.TransientModel):
    """Refuse trips with a reason the requester reads."""

    _name = "tsm.trip.refuse"
    _description = "Refuse a Business Trip"

    trip_ids = fields.Many2many(
        "tsm.trip", default=lambda self: self.env.context.get("active_ids", [])
    )
    reason = fields.Text(required=True)

    def action_refuse(self):
        """The trips' approver refuses them (role, state and separation of
        duties are checked again by the trips)."""
        self.ensure_one()
        self.env["tsm.trip"]._tsm_require(DEPT_MANAGER, action=self.env._("refuse trips"))
        self.trip_ids._tsm_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
