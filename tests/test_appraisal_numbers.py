"""The shipped templates A-D end to end: computed and typed criteria, totals
on 100, grades and the grade money."""

from datetime import date

from odoo.exceptions import AccessError, UserError

from .appraisal_common import A_SCORES, AppraisalCommon
from .ticket_common import TicketCommon


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
    """Template D fills from real tickets, with nothing typed: the workload
    from the reviewed points, the customer, work-log and form scores from the
    callbacks and quality marks."""

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
