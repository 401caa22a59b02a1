from contextlib import contextmanager
from datetime import date

from .common import TsmCommon

SCORE_FIELDS = ("score_1", "score_2", "score_3")
# Template A's typed criteria, scored to 55.5 of 70 (+ 30 computed = 85.5, a B).
A_SCORES = {
    "Initiative": 12,
    "Coordination": 8.5,
    "Loyalty": 13,
    "Planning": 6,
    "Execution": 7,
    "Work quality": 9,
}


class AppraisalSetup:
    """Templates A-D as shipped, and helpers to generate and review sheets
    (for TsmCommon and TsmRpcCommon alike)."""

    @classmethod
    def _appraisal_setup(cls):
        cls.tpl_a = cls.env.ref("hr_tech_service.appraisal_template_a")
        cls.tpl_b = cls.env.ref("hr_tech_service.appraisal_template_b")
        cls.tpl_c = cls.env.ref("hr_tech_service.appraisal_template_c")
        cls.tpl_d = cls.env.ref("hr_tech_service.appraisal_template_d")
        cls.Sheet = cls.env["tsm.appraisal.sheet"]
        cls.nov = (date(2026, 11, 1), date(2026, 11, 30), "2026-11")

    @contextmanager
    def assertRaisesExactly(self, exception, text):
        """The call raises ``exception`` itself, not a subclass (an
        AccessError is also a UserError), with ``text`` in its message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertIs(type(catcher.exception), exception, str(catcher.exception))
        self.assertIn(text, str(catcher.exception))

    def _generate(self, template, employees, period=None, start_review=True):
        date_start, date_end, label = period or self.nov
        return self.Sheet._tsm_generate(
            template, employees, date_start, date_end, label, start_review=start_review
        )

    def _score(self, sheet, user, scores, approve=True):
        """As ``user``, type ``scores`` ({criterion name: points}) in the
        current stage's column, then approve the stage."""
        sheet = sheet.with_user(user)
        column = SCORE_FIELDS[sheet.stage_sequence - 1]
        for line in sheet.line_ids:
            if line.name in scores:
                line[column] = scores[line.name]
        if approve:
            sheet.action_approve_stage()
        return sheet

    def _run_chain(self, sheet, scores_by_stage=None, default=None):
        """Review a sheet through its three default stages (manager, deputy
        GM, GM). Each stage types ``scores_by_stage[i]`` (or keeps the
        pre-filled scores)."""
        users = (self.user_manager, self.user_deputy, self.user_gm)
        for index, user in enumerate(users):
            scores = (scores_by_stage or {}).get(index, default if index == 0 else {})
            self._score(sheet, user, scores or {})
        return sheet


class AppraisalCommon(AppraisalSetup, TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._appraisal_setup()
