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


class ReportQuantityReport(models.AbstractModel):
    """The monthly quantity report (工程量统计表); its crew split shows the
    commission lines the reader may read (a crew member: their own)."""

    _name = "report.hr_tech_service.report_quantity_report"
    _description = "Monthly Quantity Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["tsm.quantity.report"].browse(docids)
        reports.check_access("read")
        return {"doc_ids": docids, "doc_model": "tsm.quantity.report", "docs": reports}


class ReportCommissionStatement(models.AbstractModel):
    """An employee's commission per job: a crew member prints their own, a
    job lead the rows of the jobs they lead, the engineering manager,
    finance, payroll and HR anyone's."""

    _name = "report.hr_tech_service.report_commission_statement"
    _description = "Commission Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        employees = self.env["hr.employee"].browse(docids)
        statements = employees._tsm_commission_statements()
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "statements": statements,
        }
