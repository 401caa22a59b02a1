import polib

from odoo.tests import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


class TestChineseTranslation(TransactionCase):
    def test_every_term_has_a_chinese_translation(self):
        reader = TranslationModuleReader(
            self.env.cr, modules=["hr_tech_service_payroll"], lang="zh_CN"
        )
        terms = {src for _m, _t, _n, _r, src, _value, _c in reader if src}
        self.assertGreater(len(terms), 20)
        po = polib.pofile(file_path("hr_tech_service_payroll/i18n/zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.fuzzy}
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            "Terms without a Chinese translation (run 'make i18n' and fill "
            "bridges/hr_tech_service_payroll/i18n/zh_CN.po):\n" + "\n".join(missing[:50]),
        )

    def test_payslip_reads_in_chinese(self):
        rule = self.env.ref("hr_tech_service_payroll.hr_salary_rule_tsm_trip_allowance")
        self.assertEqual(rule.with_context(lang="zh_CN").name, "出差补助")
        category = self.env.ref("hr_tech_service_payroll.hr_salary_rule_category_tsm")
        self.assertEqual(category.with_context(lang="zh_CN").name, "技术服务")
        field = self.env["ir.model.fields"]._get("hr.payslip", "tsm_pay_line_ids")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "技术服务薪资明细")
