from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import pdf_text
from .common_appraisal import AppraisalCommon
from .ticket_common import TicketCommon

# Template A's typed criteria, scored to 55.5 of 70 (+ 30 computed = 85.5).
A_SCORES = {
    "Initiative": 12,
    "Coordination": 8.5,
    "Loyalty": 13,
    "Planning": 6,
    "Execution": 7,
    "Work quality": 9,
}


class TestGradeScales(AppraisalCommon):
    def test_bands_are_half_open(self):
        abc = self.env.ref("hr_tech_service.grade_scale_abc")
        for total, code in [
            (100, "A"),
            (86, "A"),
            (85.999, "A"),
            (85.5, "B"),
            (70, "B"),
            (69.99, "C"),
            (0, "C"),
        ]:
            with self.subTest(total=total):
                self.assertEqual(abc._tsm_band_for(total).code, code)
        four = self.env.ref("hr_tech_service.grade_scale_four")
        self.assertEqual(four._tsm_band_for(90).code, "EXCELLENT")
        self.assertEqual(four._tsm_band_for(89.99).code, "GOOD")
        self.assertEqual(four._tsm_band_for(60).code, "PASS")
        self.assertEqual(four._tsm_band_for(59.5).code, "FAIL")
        dispatched = self.env.ref("hr_tech_service.grade_scale_dispatched")
        self.assertEqual(dispatched.band_ids.sorted("min_score").mapped("amount"), [-300, 200, 500])

    def test_bad_scale_refused(self):
        scale = self.env["tsm.grade.scale"].create({"name": "Bad"})
        with self.assertRaises(ValidationError):
            scale.band_ids = [
                (0, 0, {"code": "X", "name": "X", "min_score": 50}),
            ]


class TestTemplates(AppraisalCommon):
    def test_shipped_templates(self):
        self.assertEqual(self.tpl_a.total_max, 100)
        self.assertEqual(self.tpl_b.total_max, 100)
        self.assertEqual(self.tpl_c.total_max, 80)
        self.assertEqual(self.tpl_d.total_max, 100)
        for template in (self.tpl_a, self.tpl_b, self.tpl_c, self.tpl_d):
            self.assertFalse(template.problem, template.name)
            self.assertEqual(len(template.stage_ids), 3)
        self.assertEqual(self.tpl_a.with_context(lang="zh_CN").name, "技术支持人员月度考核")
        self.assertEqual(
            self.tpl_a.with_context(lang="zh_CN").stage_ids.mapped("name"), ["初核", "审核", "核定"]
        )
        self.assertEqual(
            self.tpl_a.criterion_ids.filtered(lambda c: c.kind == "computed").formula,
            "min(30, area_screens_x_failure_rate)",
        )
        loyalty = self.tpl_a.criterion_ids.filtered(lambda c: c.name == "Loyalty")
        self.assertEqual(loyalty.weight, 15)
        self.assertEqual(
            self.tpl_c.criterion_ids.filtered(lambda c: c.name == "Appearance").weight, 6.25
        )

    def test_wrong_formula_refused_with_reason(self):
        criterion = self.tpl_a.criterion_ids.filtered(lambda c: c.kind == "computed")
        for formula, reason in [
            ("min(30, screens_typo)", "unknown metrics: screens_typo"),
            ("min(30, ", "syntax error"),
            ("exec('1')", "only the functions"),
        ]:
            with self.assertRaisesRegex(ValidationError, reason), self.cr.savepoint():
                criterion.formula = formula
        self.assertEqual(criterion.formula, "min(30, area_screens_x_failure_rate)")
        # In Chinese, the reason is Chinese.
        with self.assertRaisesRegex(ValidationError, "未知指标"), self.cr.savepoint():
            criterion.with_context(lang="zh_CN").formula = "nope"

    def test_weights_that_do_not_add_up(self):
        template = self.tpl_a.copy({"name": "A broken"})
        template.criterion_ids.filtered(lambda c: c.name == "Loyalty").max_points = 10
        self.assertIn("add up to 35", template.problem)
        with self.assertRaisesRegex(ValidationError, "add up to 35"):
            self._generate(template, self.emp_engineer)
        self.assertFalse(self.Sheet.search([("template_id", "=", template.id)]))


class TestTemplateA(AppraisalCommon):
    """Technical support staff: workload computed from the area's screens ×
    failure rate, 85.5 is a B."""

    def test_end_to_end_85_5_is_b(self):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        sheet = self._generate(self.tpl_a, self.emp_engineer)
        self.assertEqual(sheet.state, "review")
        self.assertEqual(sheet.stage_id.name, "First review")
        self.assertEqual(sheet.first_reviewer_user_id, self.user_manager)
        self.assertEqual(sheet.deadline, date(2026, 11, 25))
        workload = sheet.line_ids.filtered(lambda line: line.kind == "computed")
        self.assertEqual((workload.score_1, workload.score_2, workload.score_3), (30, 30, 30))
        self._run_chain(sheet, {0: A_SCORES})
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(sheet.total, 85.5)
        self.assertEqual(sheet.band_id.code, "B")
        self.assertEqual((sheet.total_1, sheet.total_2, sheet.total_3), (85.5, 85.5, 85.5))
        self.assertFalse(sheet.pay_line_count, "the A/B/C scale carries no money")
        self.assertIn(self.user_manager.name, sheet.reviewed_1_by)
        self.assertIn(self.user_deputy.name, sheet.reviewed_2_by)
        self.assertIn(self.user_gm.name, sheet.reviewed_3_by)

    def test_each_stage_keeps_its_scores(self):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        sheet = self._generate(self.tpl_a, self.emp_engineer)
        self._score(sheet, self.user_manager, A_SCORES)
        # The second stage starts from the first stage's scores and changes one.
        self.assertEqual(
            sheet.line_ids.filtered(lambda line: line.name == "Initiative").score_2, 12
        )
        self._score(sheet, self.user_deputy, {"Initiative": 15})
        self._score(sheet, self.user_gm, {"Execution": 10})
        line = sheet.line_ids.filtered(lambda line: line.name == "Initiative")
        self.assertEqual((line.score_1, line.score_2, line.score_3), (12, 15, 15))
        self.assertEqual((sheet.total_1, sheet.total_2, sheet.total_3), (85.5, 88.5, 91.5))
        self.assertEqual(sheet.total, 91.5)
        self.assertEqual(sheet.band_id.code, "A")
        self.assertEqual(sheet.review_ids.mapped("total"), [85.5, 88.5, 91.5])

    def test_computed_criteria_refresh_until_first_review(self):
        self.area.write({"screen_count": 100, "failure_rate": 0.1})
        sheet = self._generate(self.tpl_a, self.emp_engineer)
        workload = sheet.line_ids.filtered(lambda line: line.kind == "computed")
        self.assertEqual(workload.score_1, 10)
        self.area.screen_count = 500  # 50 expected failures, capped at 30
        sheet.with_user(self.user_manager).action_refresh_computed()
        self.assertEqual(workload.score_1, 30)
        with self.assertRaisesExactly(AccessError, "refresh"):
            workload.with_user(self.user_manager).score_1 = 5
        # Only the first reviewer (or an HR Manager) refreshes, never the employee.
        with self.assertRaisesExactly(AccessError, "first reviewer"):
            sheet.with_user(self.user_deputy).action_refresh_computed()
        with self.assertRaisesExactly(AccessError, "own appraisal"):
            sheet.with_user(self.user_engineer).action_refresh_computed()
        self._score(sheet, self.user_manager, A_SCORES)
        with self.assertRaisesExactly(UserError, "no longer be refreshed"):
            sheet.with_user(self.user_manager).action_refresh_computed()
        self.assertEqual(workload.score_1, 30)


class TestTemplateB(AppraisalCommon):
    """Dispatched staff, per assignment: the grade pays +500 / +200 / -300."""

    def _sheet_at(self, employee, total):
        sheet = self._generate(
            self.tpl_b, employee, (date(2026, 11, 3), date(2026, 11, 20), "Site X")
        )
        # Spread ``total`` over the criteria in whole and half points.
        remaining = total
        scores = {}
        for line in sheet.line_ids:
            points = min(line.max_points, remaining)
            scores[line.name] = points
            remaining -= points
        self._run_chain(sheet, {0: scores})
        return sheet

    def test_86_pays_500(self):
        sheet = self._sheet_at(self.emp_engineer, 86)
        self.assertEqual(sheet.total, 86)
        self.assertEqual(sheet.band_id.code, "EXCELLENT")
        self.assertEqual(sheet.grade_amount, 500)
        line = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.appraisal.sheet"), ("res_id", "=", sheet.id)]
        )
        self.assertEqual(
            (line.amount, line.code, line.employee_id), (500, "APPR_GRADE", self.emp_engineer)
        )
        self.assertEqual(line.period_id.name, "2026-11")
        self.assertEqual(line.state, "draft")

    def test_pass_and_fail(self):
        passed = self._sheet_at(self.emp_engineer, 70)
        failed = self._sheet_at(self.emp_engineer2, 69.5)
        self.assertEqual(passed.band_id.code, "PASS")
        self.assertEqual(failed.band_id.code, "FAIL")
        amounts = (
            self.env["tsm.pay.line"]
            .search(
                [("res_model", "=", "tsm.appraisal.sheet"), ("res_id", "in", (passed | failed).ids)]
            )
            .mapped("amount")
        )
        self.assertEqual(sorted(amounts), [-300, 200])


class TestTemplateC(AppraisalCommon):
    """Engineering department: 80 points of criteria, shown on 100."""

    def test_80_point_template_scaled_to_100(self):
        sheet = self._generate(self.tpl_c, self.emp_engineer)
        self.assertEqual(sheet.max_total, 80)
        scores = {
            "Initiative": 9,
            "Coordination": 9,
            "Loyalty": 14,
            "Appearance": 4,
            "Planning": 7,
            "Execution": 9,
            "Work quality": 11,
            "Paperwork": 9,
        }  # 72 of 80
        self._run_chain(sheet, {0: scores})
        self.assertEqual(sheet.total, 90)
        self.assertEqual(sheet.band_id.code, "EXCELLENT")
        sheet2 = self._generate(self.tpl_c, self.emp_engineer2)
        self._run_chain(sheet2, {0: dict(scores, Paperwork=8.5)})  # 71.5 of 80
        self.assertEqual(sheet2.total, 89.38)
        self.assertEqual(sheet2.band_id.code, "GOOD")


class TestTemplateD(AppraisalCommon):
    """Field service engineer: every criterion computed, nothing typed."""

    def test_sheet_fills_from_metrics(self):
        """Template D's layout on entered metrics (figures typed by HR): each
        criterion takes its metric, capped at its points."""
        template = self.tpl_d.copy({"name": "D on entered figures"})
        Metric = self.env["tsm.metric"]
        Value = self.env["tsm.metric.value"].with_user(self.user_hr)
        for criterion, (code, value) in zip(
            template.criterion_ids.sorted("sequence"),
            [("d_workload", 45), ("d_customer", 14), ("d_worklog", 9), ("d_form", 12)],
            strict=True,
        ):
            metric = Metric.create({"code": code, "name": code, "kind": "entered"})
            criterion.formula = code
            Value.create(
                [
                    {
                        "metric_id": metric.id,
                        "employee_id": self.emp_engineer.id,
                        "date": "2026-11-15",
                        "value": value,
                    },
                    # Another month's figure counts for that month only.
                    {
                        "metric_id": metric.id,
                        "employee_id": self.emp_engineer.id,
                        "date": "2026-10-31",
                        "value": 5,
                    },
                ]
            )
        sheet = self._generate(template, self.emp_engineer)
        self.assertTrue(all(line.kind == "computed" for line in sheet.line_ids))
        scores = {line.criterion_id.formula: line.score_1 for line in sheet.line_ids}
        # 12 entered for a 10-point form criterion: capped at 10.
        self.assertEqual(scores, {"d_workload": 45, "d_customer": 14, "d_worklog": 9, "d_form": 10})
        self._run_chain(sheet)
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(sheet.total, 78)
        self.assertEqual(sheet.band_id.code, "B")


class TestTemplateDFromTickets(TicketCommon, AppraisalCommon):
    """Template D fills from real tickets, with nothing typed (RULES.md §1.3 D,
    §2.3, §2.4)."""

    def test_sheet_fills_from_tickets(self):
        # 10 valid tickets at 1.5 = 15 of 20 standard points: 60 × 0.75 = 45.
        tickets = [self._done_ticket(self.emp_engineer, points=1.5) for _i in range(10)]
        # Three dissatisfied callbacks: 20 − 3 × 2 = 14.
        for ticket in tickets[:3]:
            self._callback(ticket, "dissatisfied")
        # One unqualified work log: 10 − 1 = 9; forms all fine: 10.
        tickets[4].with_user(self.user_leader).write(
            {"worklog_unqualified": True, "worklog_unqualified_reason": "No times noted"}
        )
        # A ticket of October and an invalid one change nothing.
        self._done_ticket(self.emp_engineer, points=2, day=date(2026, 10, 30))
        self._solve(self._new_ticket(self.emp_engineer, rating=2), visits=self.env["hr.employee"])
        sheet = self._generate(self.tpl_d, self.emp_engineer)
        scores = {line.criterion_id.formula: line.score_1 for line in sheet.line_ids}
        self.assertEqual(
            scores,
            {"workload_score": 45, "customer_score": 14, "worklog_score": 9, "form_score": 10},
        )
        self._run_chain(sheet)
        self.assertEqual(sheet.state, "approved")
        self.assertEqual(sheet.total, 78)


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


class TestGeneration(AppraisalCommon):
    def test_generate_twice_creates_nothing(self):
        employees = self.emp_engineer | self.emp_engineer2
        first = self._generate(self.tpl_c, employees)
        self.assertEqual(len(first), 2)
        self.assertFalse(self._generate(self.tpl_c, employees))
        self.assertEqual(self.Sheet.search_count([("template_id", "=", self.tpl_c.id)]), 2)
        wizard = (
            self.env["tsm.appraisal.sheet.generate"]
            .with_user(self.user_hr)
            .create(
                {
                    "template_id": self.tpl_c.id,
                    "day": "2026-11-10",
                    "scope": "employee",
                    "employee_ids": [(6, 0, employees.ids)],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "already exist"):
            wizard.action_generate()

    def test_wizard_for_a_department(self):
        wizard = Form(self.env["tsm.appraisal.sheet.generate"].with_user(self.user_hr))
        wizard.template_id = self.tpl_c
        wizard.day = date(2026, 10, 7)
        wizard.scope = "department"
        wizard.department_ids.add(self.department)
        wizard = wizard.save()
        self.assertEqual(
            (wizard.date_start, wizard.date_end, wizard.label),
            (date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
        )
        action = wizard.action_generate()
        sheets = self.Sheet.search(action["domain"])
        self.assertEqual(
            set(sheets.employee_id.ids),
            set(self.env["hr.employee"].search([("department_id", "=", self.department.id)]).ids),
        )
        with self.assertRaises(AccessError):
            self.env["tsm.appraisal.sheet.generate"].with_user(self.user_engineer).create(
                {"template_id": self.tpl_c.id}
            ).action_generate()
        # An HR Officer reads the sheets; generating them is the HR Manager's.
        officer = self._tsm_user(
            "tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR Officer Ma"
        )
        with self.assertRaisesExactly(AccessError, "generate appraisal sheets"):
            wizard.with_user(officer).action_generate()

    def test_monthly_cron_generates_for_assigned_employees(self):
        self.tpl_c.department_ids = self.department
        with freeze_time("2026-12-01"):
            created = self.Sheet._cron_generate_sheets()
            self.assertEqual(
                set(created.filtered(lambda s: s.template_id == self.tpl_c).employee_id.ids),
                set(
                    self.env["hr.employee"].search([("department_id", "=", self.department.id)]).ids
                ),
            )
            self.assertEqual(set(created.mapped("period_label")), {"2026-12"})
            again = self.Sheet._cron_generate_sheets()
            self.assertFalse(again.filtered(lambda s: s.template_id == self.tpl_c))

    def test_late_reminder(self):
        sheet = self._generate(self.tpl_c, self.emp_engineer)
        with freeze_time("2026-11-24"):
            self.assertFalse(self.Sheet._cron_remind_late())
        with freeze_time("2026-11-27"):
            late = self.Sheet._cron_remind_late()
            self.assertIn(sheet, late)
            self.assertIn("Reminder", sheet.message_ids[0].body)
            self.assertIn(self.user_manager.partner_id, sheet.message_ids[0].partner_ids)
            self.assertTrue(
                self.Sheet.search(
                    [
                        ("id", "=", sheet.id),
                        ("state", "=", "review"),
                        ("deadline", "<", "2026-11-27"),
                    ]
                )
            )
            self.assertFalse(self.Sheet._cron_remind_late(), "one reminder a week")


class TestYearlyRules(AppraisalCommon):
    def _approve_months(self, employee, months, grade_scores):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        for month in months:
            start = date(2026, month, 1)
            end = (
                date(2026, month + 1, 1) - __import__("datetime").timedelta(days=1)
                if month < 12
                else date(2026, 12, 31)
            )
            sheet = self._generate(self.tpl_a, employee, (start, end, f"2026-{month:02d}"))
            self._run_chain(sheet, {0: grade_scores})

    def test_six_a_grades_flag_promotion_review(self):
        best = {
            name: line_max
            for name, line_max in [
                ("Initiative", 15),
                ("Coordination", 10),
                ("Loyalty", 15),
                ("Planning", 8),
                ("Execution", 10),
                ("Work quality", 12),
            ]
        }
        self._approve_months(self.emp_engineer, range(1, 6), best)
        Flag = self.env["tsm.appraisal.flag"]
        self.assertFalse(
            Flag.search([("employee_id", "=", self.emp_engineer.id)]),
            "five A grades are not enough",
        )
        self._approve_months(self.emp_engineer, [6], best)
        flag = Flag.search([("employee_id", "=", self.emp_engineer.id)])
        self.assertEqual(flag.rule_id, self.env.ref("hr_tech_service.yearly_rule_promotion"))
        self.assertEqual(flag.year, 2026)
        self.assertEqual(len(flag.sheet_ids), 6)
        self.assertEqual(set(flag.sheet_ids.mapped("grade_code")), {"A"})
        self.assertTrue(flag.activity_ids, "HR gets a to-do")
        self.assertEqual(flag.activity_ids.user_id, self.user_hr)
        self.assertEqual(self.emp_engineer.tsm_flag_ids, flag)
        self.assertIn("A", self.emp_engineer.with_context(tsm_grid_year=2026).tsm_appraisal_grid)
        # The seventh A joins the same case.
        self._approve_months(self.emp_engineer, [7], best)
        self.assertEqual(len(flag.sheet_ids), 7)
        self.assertEqual(Flag.search_count([("employee_id", "=", self.emp_engineer.id)]), 1)
        with self.assertRaises(AccessError):
            flag.with_user(self.user_engineer).read(["name"])


class TestEmployeeOfTheMonth(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.voters = {}
        for i in range(4):
            user = cls.env["res.users"].create(
                {
                    "name": f"Staff {i}",
                    "login": f"tsm_staff_{i}",
                    "password": f"tsm_staff_{i}",
                    "groups_id": [(6, 0, [cls.env.ref("hr_tech_service.group_tsm_employee").id])],
                    "company_id": cls.company.id,
                    "company_ids": [(6, 0, cls.company.ids)],
                }
            )
            cls.voters[i] = cls.env["hr.employee"].create(
                {
                    "name": f"Staff {i}",
                    "user_id": user.id,
                    "department_id": cls.department.id,
                    "company_id": cls.company.id,
                }
            )

    def test_full_round(self):
        award = (
            self.env["tsm.eom.round"]
            .with_user(self.user_manager)
            .create(
                {
                    "department_id": self.department.id,
                    "month": "2026-11-01",
                    "company_id": self.company.id,
                }
            )
        )
        self.assertEqual((award.winner_count, award.amount), (2, 200))
        votes = [
            (self.user_engineer, self.emp_engineer2),
            (self.voters[0].user_id, self.emp_engineer2),
            (self.voters[1].user_id, self.emp_engineer2),
            (self.voters[2].user_id, self.emp_engineer),
            (self.voters[3].user_id, self.emp_engineer),
            (self.user_engineer2, self.emp_leader),
        ]
        for user, nominee in votes:
            award.with_user(user)._tsm_vote(nominee)
        with self.assertRaisesRegex(UserError, "already voted"):
            award.with_user(self.user_engineer)._tsm_vote(self.emp_leader)
        with self.assertRaisesRegex(UserError, "yourself"):
            award.with_user(self.user_leader)._tsm_vote(self.emp_leader)
        with self.assertRaisesRegex(UserError, "Only the staff"):
            award.with_user(self.user_gm)._tsm_vote(self.emp_engineer)
        # Anonymous: nobody reads the votes, not even the GM.
        with self.assertRaises(AccessError):
            self.env["tsm.eom.vote"].with_user(self.user_gm).search([])
        self.assertEqual(award.vote_count, 6)
        award.with_user(self.user_manager).action_close_voting()
        nominees = award.nominee_ids.filtered(lambda n: n.state == "nominee")
        self.assertEqual(nominees.employee_id, self.emp_engineer2 | self.emp_engineer)
        # A veto with a reason removes a nominee; the next candidate moves up.
        veto = nominees.filtered(lambda n: n.employee_id == self.emp_engineer)
        with self.assertRaises(AccessError):
            veto.with_user(self.user_engineer2)._tsm_veto("no")
        self.env["tsm.eom.veto.wizard"].with_user(self.user_deputy).create(
            {"nominee_id": veto.id, "reason": "Customer complaint on 12 November"}
        ).action_veto()
        self.assertEqual(veto.state, "vetoed")
        self.assertEqual(
            award.nominee_ids.filtered(lambda n: n.state == "nominee").employee_id,
            self.emp_engineer2 | self.emp_leader,
        )
        with self.assertRaises(AccessError):
            award.with_user(self.user_manager).action_confirm()
        award.with_user(self.user_manager).action_manager_check()
        self.assertEqual(award.state, "check")
        award.with_user(self.user_deputy).action_deputy_check()
        self.assertEqual(award.state, "confirm")
        award.with_user(self.user_gm).action_confirm()
        self.assertEqual(award.state, "done")
        lines = self.env["tsm.pay.line"].search(
            [("res_model", "=", "tsm.eom.round"), ("res_id", "=", award.id)]
        )
        self.assertEqual(
            sorted(lines.mapped("employee_id.name")),
            sorted([self.emp_engineer2.name, self.emp_leader.name]),
        )
        self.assertEqual(set(lines.mapped("amount")), {200})
        self.assertEqual(set(lines.mapped("code")), {"EMP_MONTH"})


class TestSheetReport(AppraisalCommon):
    def test_pdf_in_chinese(self):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        sheet = self._generate(self.tpl_a, self.emp_engineer)
        self._run_chain(sheet, {0: A_SCORES})
        report = self.env.ref("hr_tech_service.action_report_appraisal_sheet")
        html = report._render_qweb_html(report.report_name, sheet.ids)[0].decode()
        self.assertIn("85.5", html)
        self.assertIn("Work quality", html)
        self.user_gm.lang = "zh_CN"
        pdf, kind = (
            report.with_user(self.user_gm)
            .with_context(force_report_rendering=True, lang="zh_CN")
            ._render_qweb_pdf(report.report_name, sheet.ids)
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        for chinese in ("技术支持人员月度考核", "工作品质", "初核", "核定", "85.5"):
            self.assertIn(chinese, text)


@tagged("is_query_count")
class TestGenerationQueries(AppraisalCommon):
    def test_fixed_queries_per_template(self):
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        small = self._make_employees(10, "S")
        large = self._make_employees(100, "L")
        (small | large).write({"tsm_area_id": self.area.id, "parent_id": self.emp_manager.id})
        Sheet = self.Sheet
        self._generate(
            self.tpl_a, self.emp_engineer, (date(2026, 9, 1), date(2026, 9, 30), "2026-09")
        )
        self.env.invalidate_all()
        count_small = self._count_queries(
            lambda: Sheet._tsm_generate(
                self.tpl_a, small, date(2026, 10, 1), date(2026, 10, 31), "2026-10"
            )
        )
        self.env.invalidate_all()
        # 10 sheets × 7 lines vs 100 × 7: the ORM inserts 100 rows per
        # INSERT (sheets, lines, activities, followers), nothing per sheet.
        with self.assertQueryCount(count_small + 20):
            Sheet._tsm_generate(self.tpl_a, large, date(2026, 10, 1), date(2026, 10, 31), "2026-10")
        self.assertEqual(Sheet.search_count([("date_start", "=", "2026-10-01")]), 110)
