import threading
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestConcurrentMonthlyGeneration(TransactionCase):
    """Two workers (two database cursors, two threads) run the monthly
    generation of the same template at the same time: no error, no duplicate.

    The data lives in committed transactions of its own, outside the test
    transaction, and is removed at the end.
    """

    def _committed(self, func):
        with self.registry.cursor() as cr:
            result = func(api.Environment(cr, SUPERUSER_ID, {}))
            # Two workers only see each other's committed work.
            cr.commit()  # pylint: disable=invalid-commit
            return result

    def test_two_workers_at_once(self):
        def setup(env):
            dept = env["hr.department"].create({"name": "Concurrency dept"})
            employees = env["hr.employee"].create(
                [{"name": f"Concurrent {i}", "department_id": dept.id} for i in range(30)]
            )
            template = env.ref("hr_tech_service.appraisal_template_c").copy(
                {"name": "Concurrency template", "department_ids": [(6, 0, dept.ids)]}
            )
            return dept.id, employees.ids, template.id

        dept_id, employee_ids, template_id = self._committed(setup)
        self.addCleanup(self._cleanup, dept_id, employee_ids, template_id)

        barrier = threading.Barrier(2)
        results, errors = {}, []

        def worker(name, delay_commit):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    template = env["tsm.appraisal.template"].browse(template_id)
                    employees = env["hr.employee"].browse(employee_ids)
                    barrier.wait(timeout=30)
                    if not delay_commit:
                        cr.execute("SELECT pg_sleep(0.3)")  # let the other worker start first
                    sheets = env["tsm.appraisal.sheet"]._tsm_generate(
                        template,
                        employees,
                        date(2026, 11, 1),
                        date(2026, 11, 30),
                        "2026-11",
                        start_review=False,
                    )
                    results[name] = len(sheets)
                    if delay_commit:
                        cr.execute("SELECT pg_sleep(1)")  # hold the lock while the other runs
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 - the test reports any error
                errors.append((name, repr(error)))

        threads = [
            threading.Thread(target=worker, args=("first", True)),
            threading.Thread(target=worker, args=("second", False)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        self.assertFalse(errors, "no worker fails")
        self.assertEqual(sorted(results.values()), [0, 30], "one worker generates, the other skips")

        def count(env):
            env.cr.execute(
                "SELECT count(*), count(DISTINCT employee_id) FROM tsm_appraisal_sheet "
                "WHERE template_id = %s",
                [template_id],
            )
            return env.cr.fetchone()

        self.assertEqual(self._committed(count), (30, 30), "no duplicate sheet")
        # A third run later creates nothing.
        again = self._committed(
            lambda env: len(
                env["tsm.appraisal.sheet"]._tsm_generate(
                    env["tsm.appraisal.template"].browse(template_id),
                    env["hr.employee"].browse(employee_ids),
                    date(2026, 11, 1),
                    date(2026, 11, 30),
                    "2026-11",
                    start_review=False,
                )
            )
        )
        self.assertEqual(again, 0)

    def _cleanup(self, dept_id, employee_ids, template_id):
        def cleanup(env):
            env["tsm.appraisal.sheet"].search([("template_id", "=", template_id)]).unlink()
            env["tsm.appraisal.template"].browse(template_id).unlink()
            env["hr.employee"].browse(employee_ids).unlink()
            env["hr.department"].browse(dept_id).unlink()

        self._committed(cleanup)
