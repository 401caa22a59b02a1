from odoo import fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

PAYROLL = "hr_tech_service.group_tsm_payroll"


class TsmPayPeriod(models.Model):
    """Where payslips pay the lines, closing a period does not pay them: an
    approved line of a code the company's payslips read is paid by a
    confirmed payslip or carried over, explicitly, to the next open period."""

    _inherit = "tsm.pay.period"

    payslip_unpaid_count = fields.Integer(
        string="Waiting for a Payslip",
        compute="_compute_payslip_unpaid_count",
        help="Approved lines of codes the company's payslips read that no confirmed payslip "
        "paid yet. The period closes once they are paid or carried over.",
    )

    def _compute_payslip_unpaid_count(self):
        domain = self._tsm_payslip_unpaid_domain()
        counts = (
            dict(self.env["tsm.pay.line"].sudo()._read_group(domain, ["period_id"], ["__count"]))
            if domain
            else {}
        )
        for period in self:
            period.payslip_unpaid_count = counts.get(period._origin, 0)

    def _tsm_payslip_unpaid_domain(self):
        """Approved lines of these periods that payslips should pay; None when
        there are none to look for."""
        periods = self._origin.filtered("id")
        codes = self.env["tsm.pay.code"]._tsm_payslip_codes(periods.company_id)
        parts = [
            [
                ("period_id", "in", periods.filtered(lambda p, c=company: p.company_id == c).ids),
                ("code_id", "in", company_codes.ids),
            ]
            for company, company_codes in codes.items()
            if company_codes
        ]
        if not parts:
            return None
        return expression.AND([[("state", "=", "approved")], expression.OR(parts)])

    def _tsm_payslip_unpaid_lines(self):
        domain = self._tsm_payslip_unpaid_domain()
        Line = self.env["tsm.pay.line"].sudo()
        return Line.search(domain, order="employee_id, date, id") if domain else Line

    def action_close(self):
        self._tsm_require(PAYROLL, action=self.env._("close a pay period"))
        waiting = self._tsm_payslip_unpaid_lines()
        if waiting:
            raise UserError(
                self.env._(
                    "Pay period %(period)s still has %(count)s approved lines that no confirmed "
                    "payslip paid (e.g. %(lines)s). Confirm the payslips that pay them, or carry "
                    "them over to the next open period (Carry Over Unpaid Lines), then close it.",
                    period=", ".join(waiting.period_id.mapped("name")),
                    count=len(waiting),
                    lines=", ".join(
                        f"{line.employee_id.name} {line.code} {line.amount}" for line in waiting[:5]
                    ),
                )
            )
        return super().action_close()

    def action_carry_over(self):
        self.ensure_one()
        self._tsm_require(PAYROLL, action=self.env._("carry over pay lines"))
        if self.state != "open":
            raise UserError(self.env._("Pay period %s is closed.", self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Carry Over Unpaid Lines"),
            "res_model": "tsm.pay.period.carry",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }
