"""Grade scales and templates: half-open bands, the shipped templates A-D,
formulas and points checked when saved."""

from odoo.exceptions import ValidationError

from .appraisal_common import AppraisalCommon


class TestGradeScales(AppraisalCommon):
    def test_bands_are_half_open(self):
        abc = self.env.ref("hr_tech_service.grade_scale_abc")
        for total, code in [
            (100, "A"),
            (86, "A"),
            (85.999, "A"),
            (85.5, "B"),
            (70, "B"),
            (69.99, "C"),
            (0, "C"),
        ]:
            with self.subTest(total=total):
                self.assertEqual(abc._tsm_band_for(total).code, code)
        four = self.env.ref("hr_tech_service.grade_scale_four")
        self.assertEqual(four._tsm_band_for(90).code, "EXCELLENT")
        self.assertEqual(four._tsm_band_for(89.99).code, "GOOD")
        self.assertEqual(four._tsm_band_for(60).code, "PASS")
        self.assertEqual(four._tsm_band_for(59.5).code, "FAIL")
        dispatched = self.env.ref("hr_tech_service.grade_scale_dispatched")
        self.assertEqual(dispatched.band_ids.sorted("min_score").mapped("amount"), [-300, 200, 500])

    def test_bad_scale_refused(self):
        scale = self.env["tsm.grade.scale"].create({"name": "Bad"})
        with self.assertRaises(ValidationError):
            scale.band_ids = [
                (0, 0, {"code": "X", "name": "X", "min_score": 50}),
            ]


class TestTemplates(AppraisalCommon):
    def test_shipped_templates(self):
        self.assertEqual(self.tpl_a.total_max, 100)
        self.assertEqual(self.tpl_b.total_max, 100)
        self.assertEqual(self.tpl_c.total_max, 80)
        self.assertEqual(self.tpl_d.total_max, 100)
        for template in (self.tpl_a, self.tpl_b, self.tpl_c, self.tpl_d):
            self.assertFalse(template.problem, template.name)
            self.assertEqual(len(template.stage_ids), 3)
        self.assertEqual(self.tpl_a.with_context(lang="zh_CN").name, "技术支持人员月度考核")
        self.assertEqual(
            self.tpl_a.with_context(lang="zh_CN").stage_ids.mapped("name"), ["初核", "审核", "核定"]
        )
        self.assertEqual(
            self.tpl_a.criterion_ids.filtered(lambda c: c.kind == "computed").formula,
            "min(30, area_screens_x_failure_rate)",
        )
        loyalty = self.tpl_a.criterion_ids.filtered(lambda c: c.name == "Loyalty")
        self.assertEqual(loyalty.weight, 15)
        self.assertEqual(
            self.tpl_c.criterion_ids.filtered(lambda c: c.name == "Appearance").weight, 6.25
        )

    def test_wrong_formula_refused_with_reason(self):
        criterion = self.tpl_a.criterion_ids.filtered(lambda c: c.kind == "computed")
        for formula, reason in [
            ("min(30, screens_typo)", "unknown metrics: screens_typo"),
            ("min(30, ", "syntax error"),
            ("exec('1')", "only the functions"),
        ]:
            with self.assertRaisesRegex(ValidationError, reason), self.cr.savepoint():
                criterion.formula = formula
        self.assertEqual(criterion.formula, "min(30, area_screens_x_failure_rate)")
        # In Chinese, the reason is Chinese.
        with self.assertRaisesRegex(ValidationError, "未知指标"), self.cr.savepoint():
            criterion.with_context(lang="zh_CN").formula = "nope"

    def test_weights_that_do_not_add_up(self):
        template = self.tpl_a.copy({"name": "A broken"})
        template.criterion_ids.filtered(lambda c: c.name == "Loyalty").max_points = 10
        self.assertIn("add up to 35", template.problem)
        with self.assertRaisesRegex(ValidationError, "add up to 35"):
            self._generate(template, self.emp_engineer)
        self.assertFalse(self.Sheet.search([("template_id", "=", template.id)]))
