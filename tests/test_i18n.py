import polib

from odoo.tests import TransactionCase
from odoo.tools.misc import file_path
from odoo.tools.translate import TranslationModuleReader


class TestChineseTranslation(TransactionCase):
    def test_every_term_has_a_chinese_translation(self):
        """Every user-facing string of the addon (fields, views, menus, data,
        messages in code) has a zh_CN translation in i18n/zh_CN.po."""
        reader = TranslationModuleReader(self.env.cr, modules=["hr_tech_service"], lang="zh_CN")
        # The code of bridges/<bridge>/ lies inside this addon's folder: its
        # terms are the bridge's (bridges/<bridge>/i18n/zh_CN.po).
        terms = {
            src
            for _m, _t, name, _r, src, _value, _c in reader
            if src and "/hr_tech_service/bridges/" not in (name or "")
        }
        self.assertGreater(len(terms), 100)
        po = polib.pofile(file_path("hr_tech_service/i18n/zh_CN.po"))
        translated = {entry.msgid for entry in po if entry.msgstr and not entry.fuzzy}
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            "Terms without a Chinese translation (run 'make i18n' and fill i18n/zh_CN.po):\n"
            + "\n".join(missing[:50]),
        )

    def test_ui_reads_in_chinese(self):
        menu = self.env.ref("hr_tech_service.menu_tsm_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "技术服务")
        field = self.env["ir.model.fields"]._get("hr.employee", "tsm_probation_end")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "试用期结束")
