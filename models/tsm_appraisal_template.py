from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools.appraisal_vocabulary import CONFIG_POLICY, HR_MANAGER, PERIOD_KINDS
from ..tools.period import period_bounds


class TsmAppraisalTemplate(models.Model):
    """A score sheet design: criteria in groups with their points, the grade
    scale, one to three review stages and who is appraised with it."""

    _name = "tsm.appraisal.template"
    _description = "Appraisal Template"
    _inherit = ["mail.thread", "tsm.guard.mixin"]
    _order = "sequence, id"
    _check_company_auto = True
    _tsm_policy = CONFIG_POLICY

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(help="Short reference, e.g. A.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the template in every company."
    )
    description = fields.Html(translate=True)
    period_kind = fields.Selection(PERIOD_KINDS, required=True, default="monthly", tracking=True)
    scale_id = fields.Many2one(
        "tsm.grade.scale", string="Grade Scale", required=True, tracking=True
    )
    stage_ids = fields.One2many(
        "tsm.appraisal.stage", "template_id", string="Review Stages", copy=True
    )
    group_ids = fields.One2many(
        "tsm.appraisal.criterion.group", "template_id", string="Criteria Groups", copy=True
    )
    criterion_ids = fields.One2many(
        "tsm.appraisal.criterion", "template_id", string="Criteria", copy=False
    )
    total_max = fields.Float(
        string="Sum of Max Points",
        compute="_compute_total_max",
        store=True,
        help="Totals are shown on a 100-point scale: total = sum of scores × 100 / this sum.",
    )
    department_ids = fields.Many2many(
        "hr.department",
        string="Departments",
        help="Employees of these departments get a sheet of this template in each period.",
    )
    employee_ids = fields.Many2many(
        "hr.employee",
        string="Other Employees",
        help="Further employees who get a sheet of this template in each period.",
    )
    auto_generate = fields.Boolean(
        string="Generate Automatically",
        default=True,
        help="The monthly scheduled action generates the sheets of each new period and "
        "starts their review.",
    )
    deadline_day = fields.Integer(
        help="Reviews are due on this day of the last month of the period.",
    )
    appeal_days = fields.Integer(
        help="Days after the final approval during which the employee may appeal."
    )
    sheet_count = fields.Integer(compute="_compute_sheet_count")
    problem = fields.Char(
        compute="_compute_problem", help="Why sheets cannot be generated from this template yet."
    )

    @api.depends("criterion_ids.max_points")
    def _compute_total_max(self):
        for template in self:
            template.total_max = sum(template.criterion_ids.mapped("max_points"))

    def _compute_sheet_count(self):
        counts = dict(
            self.env["tsm.appraisal.sheet"]._read_group(
                [("template_id", "in", self.ids)], ["template_id"], ["__count"]
            )
        )
        for template in self:
            template.sheet_count = counts.get(template, 0)

    @api.constrains("deadline_day")
    def _check_deadline_day(self):
        for template in self:
            if not 1 <= template.deadline_day <= 28:
                raise ValidationError(self.env._("The deadline day must be between 1 and 28."))

    @api.depends(
        "criterion_ids.max_points", "criterion_ids.group_id", "group_ids.max_points", "stage_ids"
    )
    def _compute_problem(self):
        for template in self:
            template.problem = template._tsm_problem()

    def _tsm_problem(self):
        """Why sheets cannot be made from this template yet, or False."""
        self.ensure_one()
        if not 1 <= len(self.stage_ids) <= 3:
            return self.env._(
                "Template %s needs one to three review stages (the sheet has one score column "
                "per stage).",
                self.name,
            )
        if not self.criterion_ids or self.total_max <= 0:
            return self.env._("The criteria of template %s carry no points.", self.name)
        sums = defaultdict(float)
        for criterion in self.criterion_ids:
            sums[criterion.group_id] += criterion.max_points
        for group in self.group_ids.filtered("max_points"):
            if float_compare(sums[group], group.max_points, precision_digits=2):
                return self.env._(
                    "The criteria of group “%(group)s” add up to %(sum)s points, but the group "
                    "is worth %(max)s.",
                    group=group.name,
                    sum=sums[group],
                    max=group.max_points,
                )
        return False

    def _tsm_check_usable(self):
        for template in self:
            problem = template._tsm_problem()
            if problem:
                raise ValidationError(problem)

    def copy(self, default=None):
        """Copy the criteria too, pointing at the copy's own groups."""
        copies = super().copy(default)
        for template, copy in zip(self, copies, strict=True):
            groups = dict(zip(template.group_ids, copy.group_ids, strict=True))
            for criterion in template.criterion_ids:
                criterion.copy(
                    {
                        "template_id": copy.id,
                        "group_id": groups.get(criterion.group_id, criterion.group_id).id,
                    }
                )
        return copies

    def copy_data(self, default=None):
        vals_list = super().copy_data(default)
        if not default or "name" not in default:
            for template, vals in zip(self, vals_list, strict=True):
                vals["name"] = self.env._("%s (copy)", template.name)
        return vals_list

    def action_view_sheets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_appraisal_sheet_action"
        )
        action["domain"] = [("template_id", "=", self.id)]
        action["context"] = {"default_template_id": self.id}
        return action

    def action_generate_current_period(self):
        """Generate (and start) the sheets of the current period for the
        employees assigned to these templates, in the current company."""
        self._tsm_require(HR_MANAGER, action=self.env._("generate appraisal sheets"))
        Sheet = self.env["tsm.appraisal.sheet"]
        today = fields.Date.context_today(self)
        sheets = Sheet
        for template in self.filtered(lambda t: t.period_kind != "assignment"):
            employees = template._tsm_assigned_employees(self.env.company)
            if employees:
                start, end, label = period_bounds(template.period_kind, today)
                sheets |= Sheet._tsm_generate(template, employees, start, end, label)
        return sheets._tsm_action_open()

    def _tsm_assigned_employees(self, company):
        """Employees of ``company`` who get a sheet of this template."""
        self.ensure_one()
        return self.env["hr.employee"].search(
            [
                ("company_id", "=", company.id),
                "|",
                ("department_id", "in", self.department_ids.ids),
                ("id", "in", self.employee_ids.ids),
            ]
        )
