from odoo import api, models


class ReportTsmTicket(models.AbstractModel):
    """The printed service ticket: only tickets the reader may open in the
    client (a guessed /report/pdf/... URL shows nothing more)."""

    _name = "report.hr_tech_service.report_tsm_ticket"
    _description = "Service Ticket Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        tickets = self.env["tsm.ticket"].browse(docids)
        tickets.check_access("read")
        return {"doc_ids": docids, "doc_model": "tsm.ticket", "docs": tickets, "data": data}
