"""After the final approval: the appeal and the improvement plan."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError

from .appraisal_common import AppraisalCommon


class TestAfterApproval(AppraisalCommon):
    def setUp(self):
        super().setUp()
        self.sheet = self._generate(
            self.tpl_b, self.emp_engineer, (date(2026, 11, 1), date(2026, 11, 20), "Site Y")
        )
        scores = {line.name: line.max_points for line in self.sheet.line_ids}
        scores["Innovation that raised efficiency"] = 5.5  # 85.5: pass, +200
        with freeze_time("2026-11-21"):
            self._run_chain(self.sheet, {0: scores})

    def test_appeal_reopens_final_stage(self):
        self.assertEqual(self.sheet.band_id.code, "PASS")
        self.assertEqual(self.sheet.pay_line_count, 1)
        with freeze_time("2026-11-25"):
            self.assertTrue(self.sheet.with_user(self.user_engineer).can_appeal)
            appeal = (
                self.env["tsm.appraisal.sheet.appeal"]
                .with_user(self.user_engineer)
                .create(
                    {"sheet_id": self.sheet.id, "reason": "The uptime improvement was not counted"}
                )
            )
            appeal.action_confirm()
            self.assertEqual(self.sheet.state, "review")
            self.assertTrue(self.sheet.is_appeal)
            self.assertEqual(self.sheet.stage_id.name, "Final approval")
            self.assertEqual(self.sheet.activity_ids.user_id, self.user_gm)
            self._score(self.sheet, self.user_gm, {"Innovation that raised efficiency": 6})
        self.assertEqual(self.sheet.total, 86)
        self.assertEqual(self.sheet.band_id.code, "EXCELLENT")
        self.assertEqual(
            [r.action for r in self.sheet.review_ids],
            ["approve", "approve", "approve", "appeal", "approve"],
        )
        line = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.appraisal.sheet"), ("res_id", "=", self.sheet.id)]
        )
        self.assertEqual(line.amount, 500, "the draft grade line follows the appeal")

    def test_appeal_only_by_employee_in_time(self):
        with (
            freeze_time("2026-11-25"),
            self.assertRaisesExactly(AccessError, "Only the appraised employee"),
        ):
            self.sheet.with_user(self.user_engineer2).action_appeal()
        with freeze_time("2026-12-20"), self.assertRaisesExactly(UserError, "within 7 days"):
            self.sheet.with_user(self.user_engineer).action_appeal()

    def test_appeal_once_and_hidden_meanwhile(self):
        """While the final stage re-checks, the employee sees nothing of the
        sheet (its scores are a reviewer's draft again); one appeal only."""
        Sheet = self.env["tsm.appraisal.sheet"].with_user(self.user_engineer)
        with freeze_time("2026-11-25"):
            self.sheet.with_user(self.user_engineer)._tsm_appeal("Uptime not counted")
            self.assertFalse(Sheet.search([("id", "=", self.sheet.id)]))
            self.assertFalse(
                self.env["tsm.appraisal.sheet.line"]
                .with_user(self.user_engineer)
                .search([("sheet_id", "=", self.sheet.id)])
            )
            self._score(self.sheet, self.user_gm, {})
            self.assertEqual(Sheet.search([("id", "=", self.sheet.id)]), self.sheet)
            with self.assertRaisesExactly(UserError, "only once"):
                self.sheet.with_user(self.user_engineer).action_appeal()

    def test_improvement_plan(self):
        Improvement = self.env["tsm.appraisal.improvement"]
        item = Improvement.with_user(self.user_engineer).create(
            {
                "sheet_id": self.sheet.id,
                "goal": "Raise equipment uptime at site Y",
                "action": "Weekly preventive maintenance",
                "due_date": "2027-01-31",
            }
        )
        item.with_user(self.user_manager).write(
            {"follow_up": "On track in December", "state": "done"}
        )
        self.assertEqual(item.state, "done")
        with self.assertRaises(AccessError):
            item.with_user(self.user_engineer2).write({"goal": "x"})
        # The employee writes the plan, the manager the follow-up.
        with self.assertRaisesExactly(AccessError, "Manager's Follow-up"):
            item.with_user(self.user_engineer).write({"follow_up": "Done, trust me"})
        with self.assertRaisesExactly(AccessError, "Goal"):
            item.with_user(self.user_manager).write({"goal": "Something easier"})
        self.assertEqual(
            (item.goal, item.follow_up),
            ("Raise equipment uptime at site Y", "On track in December"),
        )
        draft = self._generate(self.tpl_a, self.emp_engineer2)
        with self.assertRaisesExactly(UserError, "follows an approved appraisal"):
            Improvement.create({"sheet_id": draft.id, "goal": "x"})
