"""The review chain: stages in order, each its own column, nobody on their
own sheet or on two stages, send-back, to-dos and who sees what."""

from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .appraisal_common import A_SCORES, AppraisalCommon


class TestReviewChain(AppraisalCommon):
    def setUp(self):
        super().setUp()
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        self.sheet = self._generate(self.tpl_a, self.emp_engineer)

    def test_out_of_order_refused(self):
        with self.assertRaisesExactly(UserError, "which you do not review"):
            self.sheet.with_user(self.user_gm).action_approve_stage()
        with self.assertRaisesExactly(UserError, "which you do not review"):
            self._score(self.sheet, self.user_deputy, {"Initiative": 10}, approve=False)
        # Someone who reviews no stage of the sheet: a question of role.
        with self.assertRaisesExactly(AccessError, "not a reviewer"):
            self.sheet.with_user(self.user_hr).action_approve_stage()
        self._score(self.sheet, self.user_manager, A_SCORES)
        # The manager cannot change the first column after approving, nor type the second.
        line = self.sheet.line_ids.filtered(lambda line: line.name == "Initiative")
        with self.assertRaisesExactly(UserError, "which you do not review"):
            line.with_user(self.user_manager).score_1 = 3
        with self.assertRaisesExactly(UserError, "which you do not review"):
            line.with_user(self.user_manager).score_2 = 3
        with self.assertRaisesExactly(UserError, "only the Second Score column"):
            line.with_user(self.user_deputy).score_1 = 3
        self.assertEqual((line.score_1, line.score_2), (12, 12))

    def test_scores_validated(self):
        line = self.sheet.line_ids.filtered(lambda line: line.name == "Initiative")
        as_manager = line.with_user(self.user_manager)
        for bad in (16, -1, 7.3):
            with self.subTest(score=bad), self.assertRaises(ValidationError):
                as_manager.score_1 = bad
        as_manager.score_1 = 7.5
        self.assertEqual(line.score_1, 7.5)

    def test_nobody_reviews_own_sheet(self):
        own = self._generate(self.tpl_a, self.emp_manager)
        # The manager's own sheet goes to their own manager (the deputy GM).
        self.assertEqual(own.first_reviewer_user_id, self.user_deputy)
        # The manager cannot even read it while it is reviewed, nor approve it.
        with self.assertRaisesExactly(AccessError, "Appraisal Sheet"):
            self._score(own, self.user_manager, A_SCORES)
        with self.assertRaisesExactly(AccessError, "own appraisal"):
            own.with_user(self.user_manager).action_approve_stage()
        self.assertEqual(own.stage_sequence, 1)
        # The deputy GM's sheet: first review by the GM; the deputy stage
        # needs another member of the group, and the GM, who did the first
        # review, may not pass the sheet through a second stage alone.
        deputy_sheet = self._generate(self.tpl_a, self.emp_deputy)
        self.assertEqual(deputy_sheet.first_reviewer_user_id, self.user_gm)
        self._score(deputy_sheet, self.user_gm, A_SCORES)
        self.assertEqual(deputy_sheet.activity_ids.user_id, self.user_gm)
        with self.assertRaisesExactly(AccessError, "own appraisal"):
            deputy_sheet.with_user(self.user_deputy).action_approve_stage()
        with self.assertRaisesExactly(UserError, "You already acted on"):
            deputy_sheet.with_user(self.user_gm).action_approve_stage()
        with self.assertRaisesExactly(UserError, "You already acted on"):
            self._score(deputy_sheet, self.user_gm, {"Initiative": 10}, approve=False)
        self.assertEqual(deputy_sheet.stage_id.name, "Second review")
        # A small company lets one person hold both roles: allowed, and noted.
        self.company.tsm_allow_dual_role = True
        self._score(deputy_sheet, self.user_gm, {"Initiative": 10})
        self.assertEqual(deputy_sheet.stage_id.name, "Final approval")
        self.assertTrue(
            any("acted in two roles" in body for body in deputy_sheet.message_ids.mapped("body"))
        )

    def test_separation_counts_since_send_back(self):
        """After a send-back the previous stage reviews again: its reviewer's
        earlier approval no longer counts, the stages' people stay apart."""
        self._score(self.sheet, self.user_manager, A_SCORES)
        self.env["tsm.appraisal.sheet.send.back"].with_user(self.user_deputy).create(
            {"sheet_id": self.sheet.id, "reason": "Check execution"}
        ).action_confirm()
        self.assertEqual(self.sheet.stage_sequence, 1)
        self._score(self.sheet, self.user_manager, {"Execution": 8})
        self._score(self.sheet, self.user_deputy, {})
        self._score(self.sheet, self.user_gm, {})
        self.assertEqual(self.sheet.state, "approved")
        self.assertEqual(self.sheet.total, 86.5)

    def test_send_back_with_reason(self):
        self._score(self.sheet, self.user_manager, A_SCORES)
        wizard = Form(
            self.env["tsm.appraisal.sheet.send.back"]
            .with_user(self.user_deputy)
            .with_context(default_sheet_id=self.sheet.id)
        )
        wizard.reason = "Execution looks too low, please check the job reports"
        wizard.save().action_confirm()
        self.assertEqual(self.sheet.stage_sequence, 1)
        self.assertEqual(self.sheet.review_ids[-1].action, "send_back")
        self.assertIn("job reports", self.sheet.review_ids[-1].comment)
        self.assertFalse(self.sheet.reviewed_1_by, "the first review must be signed again")
        activity = self.sheet.activity_ids
        self.assertEqual(activity.user_id, self.user_manager)
        with self.assertRaisesRegex(UserError, "first review stage cannot send"):
            self.sheet.with_user(self.user_manager).action_send_back()

    def test_activities_follow_the_stage(self):
        self.assertEqual(self.sheet.activity_ids.user_id, self.user_manager)
        self.assertEqual(self.sheet.activity_ids.date_deadline, date(2026, 11, 25))
        self._score(self.sheet, self.user_manager, A_SCORES)
        self.assertEqual(self.sheet.activity_ids.user_id, self.user_deputy)
        self._score(self.sheet, self.user_deputy, {})
        self.assertEqual(self.sheet.activity_ids.user_id, self.user_gm)
        self._score(self.sheet, self.user_gm, {})
        self.assertFalse(self.sheet.activity_ids)

    def test_visibility_by_role(self):
        Sheet = self.env["tsm.appraisal.sheet"]
        # The engineer does not see the sheet while reviewers score it.
        self.assertFalse(Sheet.with_user(self.user_engineer).search([("id", "=", self.sheet.id)]))
        with self.assertRaises(AccessError):
            self.sheet.line_ids.with_user(self.user_engineer).read(["score_1"])
        # A colleague never sees it.
        self.assertFalse(Sheet.with_user(self.user_engineer2).search([("id", "=", self.sheet.id)]))
        # The area leader (not a reviewer) does not see it either.
        self.assertFalse(Sheet.with_user(self.user_leader).search([("id", "=", self.sheet.id)]))
        # The deputy GM can read it but not write at the manager's stage.
        self.assertTrue(Sheet.with_user(self.user_deputy).search([("id", "=", self.sheet.id)]))
        with self.assertRaises(AccessError):
            self.sheet.with_user(self.user_deputy).write({"remark": "x"})
        self._run_chain(self.sheet, {0: A_SCORES})
        mine = Sheet.with_user(self.user_engineer).search([])
        self.assertEqual(mine, self.sheet)
        self.assertEqual(mine.line_ids.mapped("score_3")[:1], [30])
        # Approved: locked for everyone.
        with self.assertRaisesExactly(UserError, "locked"):
            self.sheet.line_ids[1].with_user(self.user_gm).score_3 = 1

    def test_to_review_filter(self):
        mine = (
            self.env["tsm.appraisal.sheet"]
            .with_user(self.user_manager)
            .search([("can_review", "=", True)])
        )
        self.assertEqual(mine, self.sheet)
        self.assertFalse(
            self.env["tsm.appraisal.sheet"]
            .with_user(self.user_deputy)
            .search([("can_review", "=", True)])
        )
