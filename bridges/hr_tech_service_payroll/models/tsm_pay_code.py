from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TsmPayCode(models.Model):
    _inherit = "tsm.pay.code"

    payslip_input_code = fields.Char(
        index="btree_not_null",
        help="Code of the OCA payroll payslip input that receives this code's approved pay "
        "lines (a salary rule reads it as inputs.<CODE>.amount). Several pay codes may feed "
        "one input. Empty: payslips do not read this code.",
    )

    @api.constrains("payslip_input_code")
    def _check_payslip_input_code(self):
        for code in self:
            value = code.payslip_input_code
            if value and not value.isidentifier():
                raise ValidationError(
                    self.env._(
                        "The payslip input code “%(input)s” of pay code %(code)s must be "
                        "letters, digits and underscores and not start with a digit: salary "
                        "rules read it as inputs.%(input)s.amount.",
                        input=value,
                        code=code.code,
                    )
                )

    @api.model
    def _tsm_by_input_code(self):
        """{payslip input code: pay codes feeding it}, for every linked code
        (archived ones too: their lines still get paid)."""
        by_input = defaultdict(lambda: self.browse())
        codes = (
            self.sudo()
            .with_context(active_test=False)
            .search([("payslip_input_code", "!=", False)])
        )
        for code in codes:
            by_input[code.payslip_input_code] |= code
        return dict(by_input)

    @api.model
    def _tsm_payslip_codes(self, companies):
        """{company: the pay codes its payslips read}: the linked codes whose
        input a salary rule of one of the company's salary structures takes.
        The lines of other codes are not paid by payslips."""
        by_input = self._tsm_by_input_code()
        result = {company: self.browse() for company in companies}
        if not by_input or not companies:
            return result
        structures = (
            self.env["hr.payroll.structure"].sudo().search([("company_id", "in", companies.ids)])
        )
        for company in companies:
            rules = structures.filtered(lambda s, c=company: s.company_id == c).rule_ids
            taken = set(rules._recursive_search_of_rules().input_ids.mapped("code"))
            result[company] = self.browse().union(
                *(codes for input_code, codes in by_input.items() if input_code in taken)
            )
        return result
