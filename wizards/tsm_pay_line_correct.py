from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.flow import flow


class TsmPayLineCorrect(models.TransientModel):
    """Correct a line of a closed period: a new adjustment line in the next
    open period that references it."""

    _name = "tsm.pay.line.correct"
    _description = "Correct a Pay Line"

    line_id = fields.Many2one("tsm.pay.line", required=True, readonly=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    amount = fields.Monetary(
        string="Adjustment",
        required=True,
        help="Signed amount added to what was paid: negative to take back.",
    )
    reason = fields.Char(required=True)
    period_id = fields.Many2one(
        "tsm.pay.period", string="Paid In", compute="_compute_period_id", readonly=True
    )

    @api.depends("line_id")
    def _compute_period_id(self):
        for wizard in self:
            line = wizard.line_id
            wizard.period_id = (
                line.period_id._tsm_next_open_period() if line.period_state == "closed" else False
            )

    def action_confirm(self):
        self.ensure_one()
        line = self.line_id
        line._tsm_check_payroll()
        line._tsm_check_not_own(self.env._("correct"))
        if line.period_state != "closed":
            raise UserError(
                self.env._(
                    "Pay period %s is still open: cancel the line and create a new one instead.",
                    line.period_id.name,
                )
            )
        if line.currency_id.is_zero(self.amount):
            raise UserError(self.env._("The adjustment cannot be zero."))
        period = self.period_id
        adjustment = flow(self.env["tsm.pay.line"]).create(
            {
                "employee_id": line.employee_id.id,
                "company_id": line.company_id.id,
                "period_id": period.id,
                "date": period.date_start,
                "code_id": line.code_id.id,
                "amount": self.amount,
                "quantity": 1.0,
                "name": self.env._(
                    "Correction of %(line)s (%(period)s): %(reason)s",
                    line=line.name,
                    period=line.period_id.name,
                    reason=self.reason,
                ),
                "correction_of_id": line.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "tsm.pay.line",
            "res_id": adjustment.with_env(self.env).id,
            "view_mode": "form",
        }
