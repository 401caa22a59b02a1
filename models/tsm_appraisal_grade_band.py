from odoo import api, fields, models

from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmGradeBand(models.Model):
    """A grade of a scale, from its minimum total up to the next band's; it
    may carry money paid or deducted in the month's salary at approval."""

    _name = "tsm.grade.band"
    _description = "Grade Band"
    _inherit = ["tsm.guard.mixin"]
    _tsm_policy = CONFIG_POLICY
    _order = "scale_id, min_score desc"

    scale_id = fields.Many2one("tsm.grade.scale", required=True, ondelete="cascade", index=True)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short stable code (e.g. A, B, C) used by yearly rules and reports.",
    )
    min_score = fields.Float(
        string="From Score",
        required=True,
        digits=(16, 2),
        help="Lowest total (inclusive) of this band; the band ends where the next one starts.",
    )
    max_score = fields.Float(string="Below", compute="_compute_max_score", digits=(16, 2))
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    amount = fields.Monetary(
        help="Money paid (positive) or deducted (negative) in the month's salary for this grade.",
    )
    pay_code_id = fields.Many2one(
        "tsm.pay.code",
        default=lambda self: self.env.ref(
            "hr_tech_service.pay_code_appraisal", raise_if_not_found=False
        ),
    )
    color = fields.Integer()

    _sql_constraints = [
        ("code_scale_uniq", "unique(scale_id, code)", "Band codes must be unique in a scale."),
    ]

    @api.depends("scale_id.band_ids.min_score")
    def _compute_max_score(self):
        for band in self:
            higher = [b.min_score for b in band.scale_id.band_ids if b.min_score > band.min_score]
            band.max_score = min(higher) if higher else 100.0

    @api.depends("name", "min_score", "max_score")
    def _compute_display_name(self):
        for band in self:
            closing = "]" if band.max_score >= 100 else ")"
            band.display_name = f"{band.name} [{band.min_score:g}, {band.max_score:g}{closing}"
