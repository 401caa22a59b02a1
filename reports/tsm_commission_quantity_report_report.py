from odoo import api, models


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
