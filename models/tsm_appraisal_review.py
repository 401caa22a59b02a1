from odoo import fields, models


class TsmAppraisalReview(models.Model):
    """What a reviewer did at a stage: the signatures and the history."""

    _name = "tsm.appraisal.review"
    _description = "Appraisal Review"
    _inherit = ["tsm.guard.mixin"]
    _order = "id"
    # Written only by the sheet's buttons (approve, send back, appeal).
    _tsm_state_field = "sheet_id.state"

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("tsm.appraisal.stage", ondelete="set null")
    user_id = fields.Many2one("res.users", string="By", required=True)
    date = fields.Date(default=fields.Date.context_today, required=True)
    action = fields.Selection(
        [("approve", "Approved"), ("send_back", "Sent back"), ("appeal", "Appealed")],
        required=True,
    )
    comment = fields.Text()
    total = fields.Float(digits=(16, 2))
