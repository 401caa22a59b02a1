from odoo import fields, models


class TsmAppraisalSheetSendBack(models.TransientModel):
    _name = "tsm.appraisal.sheet.send.back"
    _description = "Send an Appraisal Sheet Back"

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.sheet_id._tsm_send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
