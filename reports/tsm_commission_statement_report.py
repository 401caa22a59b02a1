from odoo import api, models


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
