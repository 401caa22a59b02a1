from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmGradeScale(models.Model):
    """A grade scale: bands on the 100-point total, each half-open
    [minimum, next band's minimum), the top one closed at 100."""

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
