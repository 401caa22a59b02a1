from odoo.tests import tagged

from .common import TsmCommon


@tagged("post_install", "-at_install")
class TestEmployeeAccess(TsmCommon):
    """The addon adds to every employee form; Odoo's own users keep opening
    employees as before."""

    def _open_as(self, user, employees):
        """What the web client does for the Employees app: the list, kanban
        and form views and the records' fields they show."""
        Employee = self.env["hr.employee"].with_user(user)
        for view_type in ("list", "kanban", "form"):
            views = Employee.get_views([(False, view_type)])
            names = views["models"]["hr.employee"]["fields"]
            spec = {name: {} for name in names}
            for name, field in names.items():
                if field["type"] in ("many2one", "many2many", "one2many"):
                    spec[name] = {"fields": {"display_name": {}}}
            rows = employees.with_user(user).web_read(spec)
            self.assertEqual(len(rows), len(employees))
        return rows

    def test_hr_officer_without_technical_service_group(self):
        hr_user = self._tsm_user("odoo_hr", "hr.group_hr_user", "Odoo HR Officer")
        self.assertFalse(hr_user.has_group("hr_tech_service.group_tsm_employee"))
        employees = self.emp_engineer | self.emp_manager | self.emp_leader
        rows = self._open_as(hr_user, employees)
        # The addon's HR data is theirs; the addon's buttons and grids are not.
        self.assertIn("tsm_hire_date", rows[0])
        self.assertNotIn("tsm_pay_line_count", rows[0])
        self.assertNotIn("tsm_appraisal_grid", rows[0])

    def test_addon_hr_officer_sees_the_buttons(self):
        hr_user = self._tsm_user("tsm_hr_officer", "hr_tech_service.group_tsm_hr_officer", "HR")
        rows = self._open_as(hr_user, self.emp_engineer)
        self.assertIn("tsm_pay_line_count", rows[0])
        self.assertIn("tsm_appraisal_count", rows[0])

    def test_internal_user_reads_employees(self):
        # Odoo's own rule (hr's TestSelfAccessProfile): every field the addon
        # adds to hr.employee is either public or behind an HR group, so an
        # internal user reads employees without an error.
        Employee = self.env["hr.employee"]
        ours = [
            name
            for name, field in Employee._fields.items()
            if "hr_tech_service" in field._modules and field._modules != ("hr",)
        ]
        public = self.env["hr.employee.public"]._fields
        for name in ours:
            with self.subTest(field=name):
                self.assertTrue(Employee._fields[name].groups or name in public)
        user = self._tsm_user("plain_user", "base.group_user", "Plain User")
        readable = [name for name in ours if not Employee._fields[name].groups]
        rows = (
            Employee.with_user(user).search([("company_id", "=", self.company.id)]).read(readable)
        )
        self.assertTrue(rows)
        self.assertEqual(
            self.emp_engineer.with_user(user).read(["tsm_area_id"])[0]["tsm_area_id"][0],
            self.area.id,
        )
