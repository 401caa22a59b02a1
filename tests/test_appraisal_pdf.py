"""The paper-form PDF of a sheet, in Chinese."""

from .appraisal_common import A_SCORES, AppraisalCommon
from .common import pdf_text


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
