from odoo import api, models


class ReportTripDispatch(models.AbstractModel):
    """The trip dispatch form (出差派遣单) of the trips the reader may open."""

    _name = "report.hr_tech_service.report_trip_dispatch"
    _description = "Trip Dispatch Form"

    @api.model
    def _get_report_values(self, docids, data=None):
        trips = self.env["tsm.trip"].browse(docids)
        # Rendered as the printing user: a guessed URL shows only readable trips.
        trips.check_access("read")
        return {"doc_ids": docids, "doc_model": "tsm.trip", "docs": trips}


class ReportTripSettlement(models.AbstractModel):
    """The settlement sheet of the trips the reader may open (read as the
    dispatch form is)."""

    _name = "report.hr_tech_service.report_trip_settlement"
    _inherit = "report.hr_tech_service.report_trip_dispatch"
    _description = "Trip Settlement Sheet"
