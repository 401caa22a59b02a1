from odoo import api, models


class ReportAppraisalSheet(models.AbstractModel):
    """The paper appraisal sheet. Rendered as the printing user, who must be
    able to read each sheet: a guessed ``/report/pdf/...`` URL shows an
    employee their own sheet once it is approved, never a colleague's or the
    reviewers' draft scores."""

    _name = "report.hr_tech_service.report_appraisal_sheet"
    _description = "Appraisal Sheet Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["tsm.appraisal.sheet"].browse(docids)
        docs.check_access("read")
        docs.line_ids.check_access("read")
        return {"doc_ids": docids, "doc_model": "tsm.appraisal.sheet", "docs": docs}
