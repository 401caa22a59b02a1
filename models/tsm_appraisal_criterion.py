from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import appraisal_formula as tsm_formula
from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmAppraisalCriterion(models.Model):
    """A criterion: typed by each reviewer (0..max, half points), or computed
    by a formula over the employee's metrics of the period."""

    _name = "tsm.appraisal.criterion"
    _description = "Appraisal Criterion"
    _inherit = ["tsm.guard.mixin"]
    _order = "template_id, sequence, id"
    _tsm_policy = CONFIG_POLICY

    template_id = fields.Many2one(
        "tsm.appraisal.template", required=True, ondelete="cascade", index=True
    )
    group_id = fields.Many2one(
        "tsm.appraisal.criterion.group",
        ondelete="restrict",
        domain="[('template_id', '=', template_id)]",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True, help="What reviewers look at.")
    max_points = fields.Float(required=True, digits=(16, 2))
    weight = fields.Float(
        compute="_compute_weight", digits=(16, 2), help="Share of the 100-point total (%)."
    )
    kind = fields.Selection(
        [("manual", "Typed by reviewers"), ("computed", "Computed by formula")],
        required=True,
        default="manual",
    )
    formula = fields.Char(
        help="Arithmetic over metric codes, e.g. min(30, area_screens_x_failure_rate). "
        "Allowed: numbers, metric codes, + - * / // % **, comparisons, and/or/not, "
        "x if condition else y, min, max, abs, round, floor, ceil. The result is "
        "kept between 0 and the max points."
    )

    @api.depends("max_points", "template_id.total_max")
    def _compute_weight(self):
        for criterion in self:
            total = criterion.template_id.total_max
            criterion.weight = criterion.max_points * 100 / total if total else 0.0

    @api.constrains("max_points", "kind", "formula")
    def _check_criterion(self):
        metric_codes = set(
            self.env["tsm.metric"].sudo().search([("active", "=", True)]).mapped("code")
        )
        for criterion in self:
            if criterion.max_points <= 0:
                raise ValidationError(
                    self.env._("Criterion “%s” must be worth more than 0 points.", criterion.name)
                )
            if criterion.kind != "computed":
                continue
            try:
                _tree, names = tsm_formula.parse(criterion.formula or "", self.env)
            except tsm_formula.FormulaError as error:
                raise ValidationError(
                    self.env._(
                        "The formula of criterion “%(criterion)s” is refused: %(reason)s.",
                        criterion=criterion.name,
                        reason=error,
                    )
                ) from None
            unknown = names - metric_codes
            if unknown:
                raise ValidationError(
                    self.env._(
                        "The formula of criterion “%(criterion)s” uses unknown metrics: "
                        "%(metrics)s. See Configuration → Appraisal → Metrics.",
                        criterion=criterion.name,
                        metrics=", ".join(sorted(unknown)),
                    )
                )

    def _tsm_parsed(self):
        """{criterion: parsed formula} of the computed criteria."""
        return {
            criterion: tsm_formula.parse(criterion.formula, self.env)[0]
            for criterion in self
            if criterion.kind == "computed"
        }

    def _tsm_metric_codes(self):
        codes = set()
        for criterion in self.filtered(lambda c: c.kind == "computed"):
            codes |= tsm_formula.parse(criterion.formula, self.env)[1]
        return codes
