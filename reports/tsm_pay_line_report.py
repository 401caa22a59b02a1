from collections import defaultdict

from odoo import api, models


class ReportPayStatement(models.AbstractModel):
    """Monthly pay statement: one page per employee and period, listing the
    approved and paid lines, in the employee's language."""

    _name = "report.hr_tech_service.report_pay_statement"
    _description = "Monthly Pay Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        lines = self.env["tsm.pay.line"].browse(docids)
        # Rendered as the printing user: a guessed URL shows only readable lines.
        lines.check_access("read")
        lines = lines.filtered(lambda line: line.state in ("approved", "paid"))
        groups = defaultdict(lambda: self.env["tsm.pay.line"])
        for line in lines:
            groups[(line.employee_id, line.period_id)] |= line
        docs = []
        for (employee, period), group in sorted(
            groups.items(), key=lambda item: (item[0][1].date_start, item[0][0].name)
        ):
            lang = employee.sudo().user_id.lang or employee.sudo().work_contact_id.lang
            lang = lang or self.env.lang
            group = group.with_context(lang=lang).sorted(
                lambda line: (line.code_id.sequence, line.date)
            )
            docs.append(
                {
                    "employee": employee.with_context(lang=lang),
                    "period": period.with_context(lang=lang),
                    "lines": group,
                    "total": sum(group.mapped("amount")),
                    "currency": period.currency_id,
                    "company": period.company_id,
                    "lang": lang,
                }
            )
        return {"doc_ids": docids, "doc_model": "tsm.pay.line", "docs": docs}
