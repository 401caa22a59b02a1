from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class TsmTask(models.Model):
    """A task beyond daily work (inspection 巡检, system upgrade, RULES.md
    §2.6): done by its deadline it gets a quality score, late it gets 0;
    the scores are summed for the half-year appraisal."""

    _name = "tsm.task"
    _description = "Assigned Task"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(
        [("inspection", "Inspection"), ("upgrade", "System Upgrade"), ("other", "Other")],
        required=True,
        default="inspection",
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Engineer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    area_id = fields.Many2one(
        "tsm.area",
        compute="_compute_area_id",
        store=True,
        readonly=False,
        index=True,
        check_company=True,
    )
    description = fields.Text()
    date_deadline = fields.Date(string="Deadline", required=True, index=True, tracking=True)
    date_done = fields.Date(string="Done On", copy=False, tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    quality_score = fields.Float(
        tracking=True, help="The supervisor's score of the work, counted when done on time."
    )
    is_late = fields.Boolean(compute="_compute_score", store=True)
    score = fields.Float(
        compute="_compute_score",
        store=True,
        help="The quality score when done by the deadline, 0 when late (RULES.md §2.6).",
    )
    half_year = fields.Char(compute="_compute_half_year", store=True, index=True)

    @api.depends("employee_id")
    def _compute_area_id(self):
        for task in self:
            task.area_id = task.area_id or task.employee_id.tsm_area_id

    @api.depends("state", "date_done", "date_deadline", "quality_score")
    def _compute_score(self):
        today = fields.Date.context_today(self)
        for task in self:
            done_on = task.date_done if task.state == "done" else None
            late = bool(task.date_deadline) and (done_on or today) > task.date_deadline
            task.is_late = late and task.state != "cancelled"
            task.score = task.quality_score if task.state == "done" and not late else 0.0

    @api.depends("date_deadline")
    def _compute_half_year(self):
        for task in self:
            day = task.date_deadline
            task.half_year = day and f"{day.year}-H{1 if day.month <= 6 else 2}"

    @api.constrains("quality_score")
    def _check_quality_score(self):
        for task in self:
            if task.quality_score < 0:
                raise ValidationError(self.env._("A task's quality score cannot be negative."))

    def action_done(self):
        for task in self:
            if task.state != "open":
                raise UserError(self.env._("Task %s is not open.", task.name))
            task.write(
                {"state": "done", "date_done": task.date_done or fields.Date.context_today(task)}
            )

    def action_cancel(self):
        self.write({"state": "cancelled"})

    @api.model
    def _tsm_metric_task_score(self, metric, employees, date_from, date_to):
        groups = self.sudo()._read_group(
            [
                ("employee_id", "in", employees.ids),
                ("date_deadline", ">=", date_from),
                ("date_deadline", "<=", date_to),
                ("state", "!=", "cancelled"),
            ],
            ["employee_id"],
            ["score:sum"],
        )
        return {employee.id: score for employee, score in groups}
