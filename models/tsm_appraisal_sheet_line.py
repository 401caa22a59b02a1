from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.appraisal_vocabulary import SCORE_FIELDS
from ..tools.policy import Allow


class TsmAppraisalSheetLine(models.Model):
    """One criterion of a sheet, with one score column per review stage."""

    _name = "tsm.appraisal.sheet.line"
    _description = "Appraisal Sheet Line"
    _inherit = ["tsm.guard.mixin"]
    _order = "sheet_id, sequence, id"
    # Each stage's column is typed by that stage's reviewer while the sheet
    # is at that stage, on typed criteria only; earlier columns stay as they
    # were approved. Lines are made by the generation; the criterion, points,
    # computed values and the sheet they belong to never change.
    _tsm_state_field = "state"
    _tsm_policy = (
        Allow("score_1", states=("review",), who="_tsm_at_stage_1", on="write"),
        Allow("score_2", states=("review",), who="_tsm_at_stage_2", on="write"),
        Allow("score_3", states=("review",), who="_tsm_at_stage_3", on="write"),
        Allow("remark", states=("review",), who="_tsm_of_current_reviewer", on="write"),
    )

    sheet_id = fields.Many2one("tsm.appraisal.sheet", required=True, ondelete="cascade", index=True)
    criterion_id = fields.Many2one(
        "tsm.appraisal.criterion", string="Template Criterion", ondelete="restrict", readonly=True
    )
    sequence = fields.Integer(readonly=True)
    group_name = fields.Char(related="criterion_id.group_id.name", string="Group")
    name = fields.Char(related="criterion_id.name", string="Criterion")
    max_points = fields.Float(string="Max", readonly=True, digits=(16, 2))
    kind = fields.Selection(
        [("manual", "Typed"), ("computed", "Computed")], readonly=True, default="manual"
    )
    computed_value = fields.Float(readonly=True, digits=(16, 2))
    score_1 = fields.Float(string="First Score", digits=(16, 2))
    score_2 = fields.Float(string="Second Score", digits=(16, 2))
    score_3 = fields.Float(string="Third Score", digits=(16, 2))
    final_score = fields.Float(compute="_compute_final_score", digits=(16, 2), string="Score")
    remark = fields.Char()
    state = fields.Selection(related="sheet_id.state")
    stage_sequence = fields.Integer(related="sheet_id.stage_sequence")

    @api.depends("score_1", "score_2", "score_3", "sheet_id.state", "sheet_id.stage_sequence")
    def _compute_final_score(self):
        for line in self:
            line.final_score = line[SCORE_FIELDS[line.sheet_id._tsm_score_column()]]

    @api.constrains("score_1", "score_2", "score_3")
    def _check_scores(self):
        for line in self:
            for fname in SCORE_FIELDS:
                score = line[fname]
                if score < 0 or score > line.max_points + 1e-6:
                    raise ValidationError(
                        self.env._(
                            "The score of “%(criterion)s” must lie between 0 and %(max)s, not "
                            "%(score)s.",
                            criterion=line.name,
                            max=line.max_points,
                            score=score,
                        )
                    )
                if line.kind == "manual" and abs(score * 2 - round(score * 2)) > 1e-6:
                    raise ValidationError(
                        self.env._(
                            "Scores are whole or half points: %(score)s is not allowed for "
                            "“%(criterion)s”.",
                            score=score,
                            criterion=line.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Write policy
    # ------------------------------------------------------------------
    def _tsm_of_current_reviewer(self):
        sheets = self.sheet_id._tsm_is_current_reviewer()
        return self.filtered(lambda line: line.sheet_id in sheets)

    def _tsm_at_stage(self, number):
        """The typed lines of sheets at stage ``number`` that the current
        user reviews now."""
        return self._tsm_of_current_reviewer().filtered(
            lambda line: line.kind == "manual" and line.sheet_id.stage_sequence == number
        )

    def _tsm_at_stage_1(self):
        return self._tsm_at_stage(1)

    def _tsm_at_stage_2(self):
        return self._tsm_at_stage(2)

    def _tsm_at_stage_3(self):
        return self._tsm_at_stage(3)

    def _tsm_guard_refuse(self, operation, name):
        """Say precisely why a score cannot be typed."""
        if operation == "write" and name in SCORE_FIELDS:
            sheet, user = self.sheet_id, self.env.user
            if self.kind == "computed":
                raise AccessError(
                    self.env._("Computed criteria come from the metrics; refresh them instead.")
                )
            if sheet.employee_user_id == user:
                raise AccessError(self.env._("Nobody may review their own appraisal sheet."))
            if any(sheet._tsm_is_reviewer(user, stage) for stage in sheet.template_id.stage_ids):
                if sheet.state != "review":
                    raise UserError(
                        self.env._("Appraisal sheet %s is locked: it is not in review.", sheet.name)
                    )
                if not sheet._tsm_is_reviewer(user):
                    raise sheet._tsm_not_at_your_stage()
                allowed = SCORE_FIELDS[sheet.stage_sequence - 1]
                if name != allowed:
                    raise UserError(
                        self.env._(
                            "At stage %(stage)s only the %(column)s column can be changed: "
                            "earlier stages' scores are kept as they were approved.",
                            stage=sheet.stage_id.name,
                            column=self._fields[allowed]._description_string(self.env),
                        )
                    )
                sheet._tsm_check_other_actor(sheet._tsm_other_stage_users(), self.env._("score"))
        return super()._tsm_guard_refuse(operation, name)
