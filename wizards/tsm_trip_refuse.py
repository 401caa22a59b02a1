from odoo import fields, models


class TsmTripRefuse(models.TransientModel):
    """Refuse trips with a reason the requester reads."""

    _name = "tsm.trip.refuse"
    _description = "Refuse a Business Trip"

    trip_ids = fields.Many2many(
        "tsm.trip", default=lambda self: self.env.context.get("active_ids", [])
    )
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.trip_ids._tsm_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
