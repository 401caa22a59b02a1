from odoo import api, models


class ReportJobHandover(models.AbstractModel):
    """The site hand-over sheet (交接表), for those who may open the job."""

    _name = "report.hr_tech_service.report_job_handover"
    _description = "Site Hand-over Sheet"

    @api.model
    def _get_report_values(self, docids, data=None):
        jobs = self.env["tsm.job"].browse(docids)
        # Rendered as the printing user: a guessed URL shows only readable jobs.
        jobs.check_access("read")
        return {"doc_ids": docids, "doc_model": "tsm.job", "docs": jobs}
