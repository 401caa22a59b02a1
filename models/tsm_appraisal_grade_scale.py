from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from .tsm_appraisal_template import CONFIG_POLICY


class TsmGradeScale(models.Model):
    """A grade scale (RULES.md §1.4): bands on the 100-point total, each
    half-open [minimum, next band's minimum), the top one closed at 100."""

    _name = "tsm.grade.scale"
    _description = "Grade Scale"
    _inherit = ["tsm.guard.mixin"]
    _tsm_policy = CONFIG_POLICY
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    band_ids = fields.One2many("tsm.grade.band", "scale_id", string="Bands", copy=True)
    description = fields.Text(translate=True)

    @api.constrains("band_ids")
    def _check_bands(self):
        for scale in self:
            mins = scale.band_ids.mapped("min_score")
            if not mins:
                continue
            if min(mins) != 0:
                raise ValidationError(
                    self.env._("The lowest band of scale %s must start at 0.", scale.name)
                )
            if len(set(mins)) != len(mins):
                raise ValidationError(
                    self.env._("Two bands of scale %s start at the same score.", scale.name)
                )
            if any(not 0 <= value <= 100 for value in mins):
                raise ValidationError(
                    self.env._("Band minimums of scale %s must lie between 0 and 100.", scale.name)
                )

    def _tsm_band_for(self, total):
        """The band of this scale for a 100-point ``total`` (rounded to two
        decimals first): the band with the highest minimum ≤ total."""
        self.ensure_one()
        total = float_round(total, precision_digits=2)
        bands = self.band_ids.sorted("min_score", reverse=True)
        for band in bands:
            if total >= band.min_score:
                return band
        return bands[-1:] if bands else self.env["tsm.grade.band"]


class TsmGradeBand(models.Model):
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
