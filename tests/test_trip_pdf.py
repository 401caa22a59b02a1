from .common import pdf_text
from .trip_common import TripCommon


class TestTripReports(TripCommon):
    """The dispatch form (出差派遣单) and the settlement sheet, printed in the
    language of the employee who filed the trip."""

    def _render(self, xmlid, trip, user, pdf=False):
        report = self.env.ref(xmlid).with_user(user)
        if pdf:
            content, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
                report.report_name, trip.ids
            )
            self.assertEqual(kind, "pdf")
            return pdf_text(content)
        return report._render_qweb_html(report.report_name, trip.ids)[0].decode()

    def test_dispatch_form_in_english_and_chinese(self):
        trip = self._trip(user=self.user_engineer, description="Commission pump 2")
        trip.leg_ids[0].with_user(self.user_engineer).transport_mode = "flight"
        trip.with_user(self.user_engineer).action_submit()
        trip.with_user(self.user_manager).action_approve()
        self.user_engineer.lang = "en_US"
        html = self._render("hr_tech_service.action_report_trip_dispatch", trip, self.user_engineer)
        for text in (
            "Business Trip Dispatch Form",
            trip.name,
            "Engineer Zhang",
            "Technical guidance",
            "Wuhan site",
            "Out of province",
            "Return Journey",
            "Not approved",
            "Manager Chen",
            "Applicant",
            "Commission pump 2",
        ):
            self.assertIn(text, html)
        self.user_engineer.lang = "zh_CN"
        text = self._render(
            "hr_tech_service.action_report_trip_dispatch", trip, self.user_engineer, pdf=True
        )
        for chinese in ("出差派遣单", "技术指导", "省外", "行程", "申请人", "部门经理"):
            self.assertIn(chinese, text)

    def test_settlement_sheet(self):
        trip = self._run_trip(self._trip(nights=9))
        self.user_engineer.lang = "en_US"
        html = self._render(
            "hr_tech_service.action_report_trip_settlement", trip, self.user_manager
        )
        self.assertIn("Trip Settlement Sheet", html)
        self.assertIn("Maximum days per trip reached", html)
        self.assertIn("840.00", html)
        self.assertIn("Net Payable", html)
        self.user_engineer.lang = "zh_CN"
        text = self._render(
            "hr_tech_service.action_report_trip_settlement", trip, self.user_manager, pdf=True
        )
        for chinese in ("出差结算单", "出发日", "840.00", "应付净额"):
            self.assertIn(chinese, text)
