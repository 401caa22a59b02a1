from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.flow import flow
from ..tools.policy import Allow
from ..tools.ticket_vocabulary import LEADER

TASK_FIELDS = "name company_id kind employee_id area_id description date_deadline"


class TsmTask(models.Model):
    """A task beyond daily work (inspection 巡检, system upgrade): done by
    its deadline it gets a quality score, late it gets 0;
    the scores are summed for the half-year appraisal."""

    _name = "tsm.task"
    _description = "Assigned Task"
    _inherit = ["mail.thread", "mail.activity.mixin", "tsm.guard.mixin"]
    _order = "date_deadline desc, id desc"
    _check_company_auto = True
    # Supervisors assign and score the tasks of others (record rules: their
    # area, their department); nobody scores their own. The engineer marks
    # the task done ("Mark Done" sets the day); a supervisor may correct the
    # day it was done.
    _tsm_policy = (
        Allow(f"{TASK_FIELDS} quality_score", groups=LEADER, states=("open",), who="_tsm_not_own"),
        Allow("quality_score date_done", groups=LEADER, states=("done",), who="_tsm_not_own"),
        Allow(on="unlink", groups=LEADER, states=("open", "cancelled"), who="_tsm_not_own"),
    )

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
        help="The quality score when done by the deadline, 0 when late.",
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

    def _tsm_own(self):
        """The current user's own tasks."""
        return self.filtered(lambda task: task.employee_id in self.env.user.employee_ids)

    def _tsm_not_own(self):
        return self - self._tsm_own()

    def action_done(self):
        """The engineer (or a supervisor) marks the task done today."""
        if not self.env.user.has_group(LEADER) and self - self._tsm_own():
            raise AccessError(
                self.env._("Only the engineer of a task or a supervisor marks it done.")
            )
        for task in self:
            if task.state != "open":
                raise UserError(self.env._("Task %s is not open.", task.name))
            flow(task).write(
                {"state": "done", "date_done": task.date_done or fields.Date.context_today(task)}
            )
        return True

    def action_cancel(self):
        self._tsm_require(LEADER, action=self.env._("cancel assigned tasks"))
        for task in self:
            if task.state != "open":
                raise UserError(self.env._("Task %s is not open.", task.name))
        own = self._tsm_own()
        if own:
            raise AccessError(
                self.env._("Your own task %s is cancelled by your supervisor.", own[0].name)
            )
        flow(self).write({"state": "cancelled"})
        return True

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
