from odoo import fields, models


class TsmPayCode(models.Model):
    """A kind of pay line (appraisal reward, trip allowance, commission
    instalment...). Payroll asks for amounts by code."""

    _name = "tsm.pay.code"
    _description = "Pay Code"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable identifier payroll rules and exports use, e.g. TRIP_ALLOW.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    allow_negative = fields.Boolean(
        string="Allows Deductions",
        help="Amounts of this code may be negative (a penalty or a deduction).",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The pay code must be unique."),
    ]

    def _compute_display_name(self):
        for code in self:
            code.display_name = f"{code.code} {code.name}" if code.code else code.name
