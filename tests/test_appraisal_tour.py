from datetime import date

from odoo.tests import tagged

from .common import TsmHttpCommon


@tagged("post_install", "-at_install")
class TestAppraisalReviewTour(TsmHttpCommon):
    def test_review_chain_in_browser(self):
        """The department manager, the deputy GM and the GM each review the
        sheet in the web client; every stage keeps its own score."""
        self.area.write({"screen_count": 300, "failure_rate": 0.1})
        sheet = self.env["tsm.appraisal.sheet"]._tsm_generate(
            self.env.ref("hr_tech_service.appraisal_template_a"),
            self.emp_engineer,
            date(2026, 11, 1),
            date(2026, 11, 30),
            "2026-11",
        )
        self.env.flush_all()
        self.start_tour("/odoo", "tsm_appraisal_first_review", login="tsm_manager")
        self.start_tour("/odoo", "tsm_appraisal_second_review", login="tsm_deputy")
        self.start_tour("/odoo", "tsm_appraisal_final_approval", login="tsm_gm")
        self.assertEqual(sheet.state, "approved")
        initiative = sheet.line_ids.filtered(lambda line: line.name == "Initiative")
        self.assertEqual((initiative.score_1, initiative.score_2, initiative.score_3), (12, 14, 15))
        self.assertEqual(sheet.total, 45)  # 30 computed + 15 typed
        self.assertEqual(sheet.band_id.code, "C")
        self.assertEqual(
            sheet.review_ids.mapped("user_id"), self.user_manager | self.user_deputy | self.user_gm
        )
