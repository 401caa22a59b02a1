from datetime import date

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
