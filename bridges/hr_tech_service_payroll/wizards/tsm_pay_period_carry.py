from odoo import api, fields, models
from odoo.exceptions import UserError

PAYROLL = "hr_tech_service.group_tsm_payroll"


class TsmPayPeriodCarry(models.TransientModel):
    """Carry the approved lines no payslip paid over to the next open period,
    with a note, so that the period can close and the next payslips pay
    them."""

    _name = "tsm.pay.period.carry"
    _description = "Carry Over Unpaid Pay Lines"

    period_id = fields.Many2one("tsm.pay.period", required=True, readonly=True)
    currency_id = fields.Many2one(related="period_id.currency_id")
    line_ids = fields.Many2many(
        "tsm.pay.line", string="Lines to Carry Over", compute="_compute_lines", readonly=True
    )
    line_count = fields.Integer(compute="_compute_lines")
    amount = fields.Monetary(string="Total", compute="_compute_lines")
    target_period_id = fields.Many2one(
        "tsm.pay.period", string="Carried Over To", compute="_compute_target_period_id"
    )
    note = fields.Text(required=True, help="Why these lines were not paid this period.")
    close_period = fields.Boolean(string="Close the Period Afterwards", default=True)

    @api.depends("period_id")
    def _compute_lines(self):
        for wizard in self:
            lines = wizard.period_id._tsm_payslip_unpaid_lines().with_env(self.env)
            wizard.line_ids = lines
            wizard.line_count = len(lines)
            wizard.amount = sum(lines.sudo().mapped("amount"))

    @api.depends("period_id")
    def _compute_target_period_id(self):
        for wizard in self:
            period = wizard.period_id
            wizard.target_period_id = (
                period._tsm_next_open_period() if period.state == "open" else False
            )

    def action_confirm(self):
        self.ensure_one()
        period = self.period_id
        period._tsm_require(PAYROLL, action=self.env._("carry over pay lines"))
        if period.state != "open":
            raise UserError(self.env._("Pay period %s is closed.", period.name))
        note = (self.note or "").strip()
        if not note:
            raise UserError(self.env._("Say why the lines are carried over."))
        # What the period holds now, not what the dialog showed.
        lines = period._tsm_payslip_unpaid_lines()
        if not lines:
            raise UserError(
                self.env._(
                    "Pay period %s has no approved lines waiting for a payslip.", period.name
                )
            )
        lines.with_env(self.env)._tsm_check_not_own(self.env._("carry over"))
        lines._tsm_carry_over(period._tsm_next_open_period(), note)
        if self.close_period:
            period.action_close()
        return {"type": "ir.actions.act_window_close"}
