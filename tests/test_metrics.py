from datetime import date

from odoo.exceptions import AccessError, ValidationError

from ..tools import appraisal_formula as tsm_formula
from .common import TsmCommon


class TestFormula(TsmCommon):
    def test_arithmetic_and_functions(self):
        tree, names = tsm_formula.parse("min(60, 60 * ticket_points / standard_points)")
        self.assertEqual(names, {"ticket_points", "standard_points"})
        self.assertEqual(
            tsm_formula.evaluate(tree, {"ticket_points": 15, "standard_points": 20}), 45
        )
        self.assertEqual(
            tsm_formula.evaluate(tree, {"ticket_points": 40, "standard_points": 20}), 60
        )
        self.assertEqual(
            tsm_formula.evaluate(tree, {"ticket_points": 5, "standard_points": 0}), 0, "x / 0 is 0"
        )
        tree, _n = tsm_formula.parse("max(0, 20 - 2 * dissatisfied) if reached > 0 else 20")
        self.assertEqual(tsm_formula.evaluate(tree, {"dissatisfied": 3, "reached": 5}), 14)
        self.assertEqual(tsm_formula.evaluate(tree, {"dissatisfied": 30, "reached": 5}), 0)
        self.assertEqual(tsm_formula.evaluate(tree, {"dissatisfied": 3, "reached": 0}), 20)

    def test_refuses_code(self):
        for formula, reason in [
            ("__import__('os').system('id')", "only the functions"),
            ("ticket_points.__class__", "Attribute"),
            ("[1, 2][0]", "not allowed"),
            ("'a' * 3", "only numbers"),
            ("lambda: 1", "Lambda"),
            ("1 +", "syntax error"),
            ("", "empty"),
            ("min(1, key=2)", "named arguments"),
        ]:
            with (
                self.subTest(formula=formula),
                self.assertRaisesRegex(tsm_formula.FormulaError, reason),
            ):
                tsm_formula.parse(formula)


class TestMetricsRegistry(TsmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Metric = cls.env["tsm.metric"]
        cls.area.write({"screen_count": 300, "failure_rate": 0.1})

    def test_metric_defined_in_a_test(self):
        """An entered metric, defined here, flows through the registry."""
        metric = self.Metric.create(
            {"code": "client_score", "name": "Client score", "kind": "entered"}
        )
        Value = self.env["tsm.metric.value"].with_user(self.user_hr)
        Value.create(
            [
                {
                    "metric_id": metric.id,
                    "employee_id": self.emp_engineer.id,
                    "date": "2026-11-03",
                    "value": 7,
                },
                {
                    "metric_id": metric.id,
                    "employee_id": self.emp_engineer.id,
                    "date": "2026-11-20",
                    "value": 2,
                },
                {
                    "metric_id": metric.id,
                    "employee_id": self.emp_engineer.id,
                    "date": "2026-12-01",
                    "value": 50,
                },
                {
                    "metric_id": metric.id,
                    "employee_id": self.emp_engineer2.id,
                    "date": "2026-11-15",
                    "value": 4,
                },
            ]
        )
        employees = self.emp_engineer | self.emp_engineer2 | self.emp_leader
        values = self.Metric._tsm_compute(
            ["client_score"], employees, date(2026, 11, 1), date(2026, 11, 30)
        )
        self.assertEqual(
            values["client_score"], {self.emp_engineer.id: 9, self.emp_engineer2.id: 4}
        )
        # An engineer cannot enter metric values.
        with self.assertRaises(AccessError):
            self.env["tsm.metric.value"].with_user(self.user_engineer).create(
                {"metric_id": metric.id, "employee_id": self.emp_engineer.id, "value": 1}
            )

    def test_shipped_metrics(self):
        employees = self.emp_engineer | self.emp_engineer2 | self.emp_gm
        values = self.Metric._tsm_compute(
            ["days_in_period", "working_days", "tenure_months", "area_screens_x_failure_rate"],
            employees,
            date(2026, 11, 1),
            date(2026, 11, 30),
        )
        self.assertEqual(values["days_in_period"][self.emp_engineer.id], 30)
        # Standard 40-hour week: November 2026 has 21 weekdays.
        self.assertEqual(values["working_days"][self.emp_engineer.id], 21)
        self.assertEqual(values["tenure_months"], {self.emp_engineer.id: 56})  # since 2022-03-01
        self.assertEqual(
            values["area_screens_x_failure_rate"],
            {self.emp_engineer.id: 30, self.emp_engineer2.id: 30},
        )

    def test_bad_metrics_refused(self):
        with self.assertRaises(ValidationError):
            self.Metric.create({"code": "Bad Code", "name": "x"})
        with self.assertRaisesRegex(ValidationError, "no provider method"):
            self.Metric.create(
                {
                    "code": "evil",
                    "name": "x",
                    "kind": "computed",
                    "provider_model": "res.users",
                    "provider_method": "unlink",
                }
            )
        with self.assertRaisesRegex(ValidationError, "Unknown metric"):
            self.Metric._tsm_compute(
                ["nope"], self.emp_engineer, date(2026, 11, 1), date(2026, 11, 30)
            )
