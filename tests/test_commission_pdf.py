from datetime import date

from odoo.exceptions import AccessError

from .commission_common import CommissionCommon


class TestCommissionPdf(CommissionCommon):
    def _render(self, xmlid, records, user):
        report = self.env.ref(xmlid).with_user(user)
        return report._render_qweb_html(report.report_name, records.ids)[0].decode()

    def test_handover_quantity_report_and_statement(self):
        job = self._job("weld", handover_notes="Butt fusion, 1.6 MPa")
        html = self._render("hr_tech_service.action_report_job_handover", job, self.user_eng)
        for text in ("Site Hand-over Sheet", job.name, "Butt fusion", "Leader Zhao", "Deputy Li"):
            self.assertIn(text, html)

        report = self._report(job, [("winding", 700, 80.0, True), ("winding", 700, 4920.0)])
        self._submit_verify(report)
        html = self._render("hr_tech_service.action_report_quantity_report", report, self.user_eng)
        for text in ("Monthly Quantity Report", "Crew Split", "28.00", "1,012.00", "Engineer Zhou"):
            self.assertIn(text, html)

        job.write({"date_done": date(2026, 4, 30)})
        job.with_user(self.user_eng).action_complete()
        html = self._render(
            "hr_tech_service.action_report_commission_statement", self.emp_engineer, self.user_hr
        )
        for text in ("Commission Statement", job.name, "506.00", "455.40", "50.60", "04/30/2028"):
            self.assertIn(text, html)

    def test_crew_member_prints_their_own_statement(self):
        """Commission > My Commission Statement prints the user's own
        statement; a colleague's is refused."""
        job = self._job("weld")
        self._submit_verify(self._report(job, [("winding", 700, 5000.0)]))
        menu_action = self.env.ref("hr_tech_service.tsm_commission_statement_mine_action")
        action = menu_action.with_user(self.user_engineer).run()
        self.assertEqual(action["report_name"], "hr_tech_service.report_commission_statement")
        self.assertEqual(action["context"]["active_ids"], self.emp_engineer.ids)
        html = self._render(
            "hr_tech_service.action_report_commission_statement",
            self.emp_engineer,
            self.user_engineer,
        )
        for text in ("Engineer Zhang", job.name, "500.00", "300.00", "200.00"):
            self.assertIn(text, html)
        with self.assertRaisesExact(AccessError, "Engineer Zhou"):
            self._render(
                "hr_tech_service.action_report_commission_statement",
                self.emp_engineer2,
                self.user_engineer,
            )
