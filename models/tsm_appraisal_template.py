from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..tools import appraisal_formula as tsm_formula
from ..tools.period import period_bounds
from ..tools.policy import Allow

HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"
# Configuration: HR Managers set up templates, stages, criteria groups and
# criteria; their computed sums are the ORM's.
CONFIG_POLICY = (Allow("*", groups=HR_MANAGER), Allow(on="unlink", groups=HR_MANAGER))

PERIOD_KINDS = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_year", "Half-year"),
    ("annual", "Annual"),
    ("assignment", "Per assignment"),
]


class TsmAppraisalTemplate(models.Model):
    """A score sheet design (RULES.md §1.3): criteria in groups with their
    points, the grade scale and the review stages."""

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
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "hr_tech_service.tsm_appraisal_sheet_action"
        )
        action["domain"] = [("id", "in", sheets.ids)]
        return action

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


class TsmAppraisalStage(models.Model):
    """One review stage of a template (初核 / 审核 / 核定, RULES.md §1.2)."""

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


class TsmAppraisalCriterionGroup(models.Model):
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
