from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import TsmCommon


class TestFoundation(TsmCommon):
    def test_installed_with_menu_and_icon(self):
        module = self.env["ir.module.module"].search([("name", "=", "hr_tech_service")])
        self.assertEqual(module.state, "installed")
        root = self.env.ref("hr_tech_service.menu_tsm_root")
        self.assertEqual(root.web_icon, "hr_tech_service,static/description/icon.png")
        self.assertTrue(root.web_icon_data, "the app icon file must load")
        children = root.with_context(**{"ir.ui.menu.full_list": True}).child_id.mapped("name")
        self.assertIn("Configuration", children)
        self.assertIn("Reporting", children)

    def test_review_chain_groups_imply_each_other(self):
        gm = self.env.ref("hr_tech_service.group_tsm_gm")
        implied = gm.trans_implied_ids
        for xmlid in (
            "group_tsm_deputy_gm",
            "group_tsm_dept_manager",
            "group_tsm_leader",
            "group_tsm_employee",
        ):
            self.assertIn(self.env.ref(f"hr_tech_service.{xmlid}"), implied)
        # The chain goes one way only: an employee is not a manager.
        self.assertFalse(self.user_engineer.has_group("hr_tech_service.group_tsm_dept_manager"))
        self.assertTrue(self.user_manager.has_group("hr_tech_service.group_tsm_leader"))
        admin = self.env.ref("base.user_admin")
        for xmlid in ("group_tsm_gm", "group_tsm_hr_manager", "group_tsm_payroll"):
            self.assertTrue(admin.has_group(f"hr_tech_service.{xmlid}"), xmlid)

    def test_welder_grades_shipped(self):
        grades = self.env["tsm.service.grade"].search(
            [("level", "in", list(range(1, 9)))], order="level"
        )
        self.assertEqual(
            grades.mapped("base_salary"), [1300, 1500, 1700, 1900, 2100, 2300, 2500, 3000]
        )
        self.assertEqual(set(grades.mapped("field_allowance")), {500})
        self.assertEqual(set(grades.mapped("guaranteed_minimum")), {2000})

    def test_probation(self):
        self.emp_engineer2.tsm_probation_end = "2099-12-31"
        self.assertTrue(self.emp_engineer2.tsm_in_probation)
        self.assertFalse(self.emp_engineer.tsm_in_probation)
        found = self.env["hr.employee"].search(
            [
                ("tsm_in_probation", "=", True),
                ("id", "in", (self.emp_engineer | self.emp_engineer2).ids),
            ]
        )
        self.assertEqual(found, self.emp_engineer2)

    def test_area_leader_must_be_member(self):
        self.assertTrue(self.emp_leader.tsm_is_area_leader)
        self.assertEqual(self.area.member_count, 3)
        other = self.env["tsm.area"].create(
            {"name": "West", "code": "W1", "company_id": self.company.id}
        )
        with self.assertRaises(ValidationError):
            other.leader_id = self.emp_engineer

    def test_employee_cannot_read_colleague_service_data(self):
        colleague = self.emp_engineer2.with_user(self.user_engineer)
        with self.assertRaises(AccessError):
            colleague.read(["tsm_probation_end"])
        with self.assertRaises(AccessError):
            colleague.read(["tsm_grade_id"])
        # Their own data is readable through their profile.
        me = self.user_engineer.with_user(self.user_engineer)
        self.assertEqual(str(me.tsm_hire_date), "2022-03-01")
        self.assertEqual(me.tsm_area_id, self.area)
        # HR reads everyone's.
        self.assertEqual(
            self.emp_engineer.with_user(self.user_hr).tsm_hire_date.isoformat(), "2022-03-01"
        )

    def test_employee_cannot_configure_areas(self):
        with self.assertRaises(AccessError):
            self.env["tsm.area"].with_user(self.user_engineer).create({"name": "Mine"})
        self.assertEqual(self.area.with_user(self.user_engineer).name, "East")


@tagged("post_install", "-at_install")
class TestFoundationTour(HttpCase):
    def test_open_app_menu(self):
        self.start_tour("/odoo", "tsm_open_app", login="admin")
