from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class ReportTsmScorecard(models.AbstractModel):
    """The engineers' scorecard of a month: ``data['date_from']`` /
    ``data['date_to']``, by default the previous calendar month."""

    _name = "report.hr_tech_service.report_tsm_scorecard"
    _description = "Engineer Scorecard"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        first = today.replace(day=1) - relativedelta(months=1)
        date_from = fields.Date.to_date(data.get("date_from")) or first
        date_to = fields.Date.to_date(data.get("date_to")) or (
            date_from + relativedelta(months=1, days=-1)
        )
        employees = self.env["hr.employee"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "hr.employee",
            "docs": employees,
            "date_from": date_from,
            "date_to": date_to,
            "scores": employees._tsm_ticket_scores(date_from, date_to),
        }
