from odoo import fields, models

from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmAppraisalCriterionGroup(models.Model):
    """A heading of a template's criteria (work attitude, ability, ...)."""

    _name = "tsm.appraisal.criterion.group"
    _description = "Appraisal Criteria Group"
    _inherit = ["tsm.guard.mixin"]
    _order = "template_id, sequence, id"
    _tsm_policy = CONFIG_POLICY

    template_id = fields.Many2one(
        "tsm.appraisal.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    max_points = fields.Float(
        string="Points",
        digits=(16, 2),
        help="The group's points; when set, its criteria must add up to it.",
    )
