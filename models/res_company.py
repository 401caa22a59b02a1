from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    tsm_pay_period_start_day = fields.Integer(
        string="Pay Period Start Day",
        default=1,
        help="Day of the month a pay period starts on (1 = calendar month). A period "
        "starting on the 26th runs to the 25th of the next month and is named after "
        "the month it ends in.",
    )

    tsm_allow_dual_role = fields.Boolean(
        string="One Person in Two Review Roles",
        help="Small companies only: lets one person act on two stages of the same review "
        "chain (e.g. a general manager who is also the department manager). Each such "
        "use is noted on the document. Off: every stage needs another person.",
    )

    @api.model
    def _tsm_apply_defaults(self, names):
        """Give the companies that exist when the addon is installed the
        shipped values (``ir.default`` data) of the settings ``names``; new
        companies get them from the ORM. Called once, from noupdate data."""
        IrDefault = self.env["ir.default"].sudo()
        Company = self.sudo().with_context(active_test=False)
        for name in names:
            value = IrDefault._get("res.company", name)
            if value is not None:
                Company.search([(name, "in", (False, 0))]).write({name: value})

    @api.constrains("tsm_pay_period_start_day")
    def _check_tsm_pay_period_start_day(self):
        for company in self:
            if not 1 <= company.tsm_pay_period_start_day <= 28:
                raise ValidationError(
                    self.env._("The pay period start day must be between 1 and 28.")
                )
