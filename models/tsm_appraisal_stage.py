from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.appraisal_vocabulary import CONFIG_POLICY


class TsmAppraisalStage(models.Model):
    """One review stage of a template (初核 / 审核 / 核定: the department
    manager, the deputy GM and the GM by default)."""

    _name = "tsm.appraisal.stage"
    _description = "Appraisal Review Stage"
    _inherit = ["tsm.guard.mixin"]
    _order = "template_id, sequence, id"
    _tsm_policy = CONFIG_POLICY

    template_id = fields.Many2one(
        "tsm.appraisal.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    role = fields.Selection(
        [
            ("dept_manager", "Employee's department manager"),
            ("deputy_gm", "Deputy General Manager"),
            ("gm", "General Manager"),
            ("group", "Members of a group"),
        ],
        required=True,
        default="dept_manager",
    )
    group_id = fields.Many2one(
        "res.groups", help="For the 'Members of a group' role: who reviews at this stage."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Reviewer",
        help="Who gets the to-do for this stage (any member of the stage's group may review). "
        "Empty: the first member of the group.",
    )

    @api.constrains("role", "group_id")
    def _check_group(self):
        for stage in self:
            if stage.role == "group" and not stage.group_id:
                raise ValidationError(
                    self.env._("Stage %s reviews by group: choose the group.", stage.name)
                )

    def _tsm_group(self):
        """The group whose members may review at this stage (none for the
        department manager stage, which is per sheet)."""
        self.ensure_one()
        if self.role == "deputy_gm":
            return self.env.ref("hr_tech_service.group_tsm_deputy_gm")
        if self.role == "gm":
            return self.env.ref("hr_tech_service.group_tsm_gm")
        return self.group_id
