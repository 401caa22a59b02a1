from odoo import fields, models


class TsmAppraisalSheetAppeal(models.TransientModel):
    _name = "tsm.appraisal.sheet.appeal"
    _description = "Appeal an Appraisal"

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True)
    reason = fields.Text(required=True, help="What you contest, and why.")

    def action_confirm(self):
        self.ensure_one()
        self.sheet_id._tsm_appeal(self.reason)
        return {"type": "ir.actions.act_window_close"}
