"""Generating sheets: idempotent, the wizard, the monthly cron and the
weekly reminder of late reviews."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .appraisal_common import AppraisalCommon


class TestGeneration(AppraisalCommon):
    def test_generate_twice_creates_nothing(self):
        employees = self.emp_engineer | self.emp_engineer2
        first = self._generate(self.tpl_c, employees)
        self.assertEqual(len(first), 2)
        self.assertFalse(self._generate(self.tpl_c, employees))
        self.assertEqual(self.Sheet.search_count([("template_id", "=", self.tpl_c.id)]), 2)
        wizard = (
            self.env["tsm.appraisal.sheet.generate"]
            .with_user(self.user_hr)
            .create(
                {
                    "template_id": self.tpl_c.id,
                    "day": "2026-11-10",
                    "scope": "employee",
                    "employee_ids": [(6, 0, employees.ids)],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "already exist"):
            wizard.action_generate()

    def test_wizard_for_a_department(self):
        wizard = Form(self.env["tsm.appraisal.sheet.generate"].with_user(self.user_hr))
        wizard.template_id = self.tpl_c
        wizard.day = date(2026, 10, 7)
        wizard.scope = "department"
        wizard.department_ids.add(self.department)
        wizard = wizard.save()
        self.assertEqual(
            (wizard.date_start, wizard.date_end, wizard.label),
            (date(2026, 10, 1), date(2026, 10, 31), "2026-10"),
        )
        action = wizard.action_generate()
        sheets = self.Sheet.search(action["domain"])
        self.assertEqual(
            set(sheets.employee_id.ids),
            set(self.env["hr.employee"].search([("department_id", "=", self.department.id)]).ids),
        )
        with self.assertRaises(AccessError):
            self.env["tsm.appraisal.sheet.generate"].with_user(self.user_engineer).create(
                {"template_id": self.tpl_c.id}
            ).action_generate()
        # An HR Officer reads the sheets; generating them is the HR Manager's.
        officer = self._tsm_user(
            "tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR Officer Ma"
        )
        with self.assertRaisesExactly(AccessError, "generate appraisal sheets"):
            wizard.with_user(officer).action_generate()

    def test_monthly_cron_generates_for_assigned_employees(self):
        self.tpl_c.department_ids = self.department
        with freeze_time("2026-12-01"):
            created = self.Sheet._cron_generate_sheets()
            self.assertEqual(
                set(created.filtered(lambda s: s.template_id == self.tpl_c).employee_id.ids),
                set(
                    self.env["hr.employee"].search([("department_id", "=", self.department.id)]).ids
                ),
            )
            self.assertEqual(set(created.mapped("period_label")), {"2026-12"})
            again = self.Sheet._cron_generate_sheets()
            self.assertFalse(again.filtered(lambda s: s.template_id == self.tpl_c))

    def test_late_reminder(self):
        sheet = self._generate(self.tpl_c, self.emp_engineer)
        with freeze_time("2026-11-24"):
            self.assertFalse(self.Sheet._cron_remind_late())
        with freeze_time("2026-11-27"):
            late = self.Sheet._cron_remind_late()
            self.assertIn(sheet, late)
            self.assertIn("Reminder", sheet.message_ids[0].body)
            self.assertIn(self.user_manager.partner_id, sheet.message_ids[0].partner_ids)
            self.assertTrue(
                self.Sheet.search(
                    [
                        ("id", "=", sheet.id),
                        ("state", "=", "review"),
                        ("deadline", "<", "2026-11-27"),
                    ]
                )
            )
            self.assertFalse(self.Sheet._cron_remind_late(), "one reminder a week")
