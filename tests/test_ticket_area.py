from datetime import date, datetime, time

from .ticket_common import TicketCommon


class TestAreaCompletion(TicketCommon):
    """Area completion rate = jobs completed (confirmed by
    callback) / jobs due; area score = standard workload × monthly rate."""

    def _jobs(self, area, day, due, completed):
        tickets = self.Ticket.create(
            [
                {
                    "partner_id": self.customer.id,
                    "description": f"Maintenance {i}",
                    "kind": "maintenance",
                    "area_id": area.id,
                    "state": "solved",
                    "date_solved": datetime.combine(day, time(10)),
                    "date_due": day,
                }
                for i in range(due)
            ]
        )
        self.env["tsm.ticket.callback"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "date": datetime.combine(day, time(16)),
                    "satisfaction": "satisfied",
                }
                for ticket in tickets[:completed]
            ]
        )
        return tickets

    def test_40_due_30_completed(self):
        self.area.device_count = 80
        self.assertEqual(self.area.standard_workload, 80)  # 1 point per device by default
        self.area.standard_workload = 50
        self._jobs(self.area, date(2026, 11, 3), 20, 18)
        self._jobs(self.area, date(2026, 11, 4), 20, 12)
        # An inspection due the same day is an assigned task, not a maintenance job.
        self._jobs(self.area, date(2026, 11, 4), 1, 0).write({"kind": "inspection"})
        rates = self.area._tsm_completion_rates(date(2026, 11, 1), date(2026, 11, 30))
        self.assertEqual(
            rates[self.area.id], {"due": 40, "completed": 30, "rate": 75.0, "score": 37.5}
        )
        daily = self.area._tsm_completion_rates(date(2026, 11, 4), date(2026, 11, 4))
        self.assertEqual(daily[self.area.id]["rate"], 60)
        days = self.env["tsm.area.day"].search([("area_id", "=", self.area.id)], order="date")
        self.assertEqual(days.mapped("rate"), [90, 60])
        self.assertEqual(days.mapped("due_count"), [20, 20])
        values = self._metrics(
            self.emp_engineer | self.emp_leader, ["area_completion_rate", "area_score"]
        )
        self.assertEqual(values["area_completion_rate"][self.emp_engineer.id], 75)
        self.assertEqual(values["area_score"][self.emp_leader.id], 37.5)

    def test_late_solution_is_not_completed(self):
        tickets = self._jobs(self.area, date(2026, 11, 3), 2, 2)
        tickets[0].date_solved = datetime(2026, 11, 5, 9)
        self.assertFalse(tickets[0].job_completed)
        self.assertTrue(tickets[1].job_completed)

    def test_query_count_independent_of_areas(self):
        areas = self.env["tsm.area"].create(
            [{"name": f"A{i}", "code": f"A{i}", "company_id": self.company.id} for i in range(30)]
        )
        for area in areas[:3]:
            self._jobs(area, date(2026, 11, 3), 2, 1)

        def count(records):
            return self._count_queries(
                lambda: records._tsm_completion_rates(date(2026, 11, 1), date(2026, 11, 30))
            )

        count(areas[:2])
        self.env.invalidate_all()
        few = count(areas[:2])
        self.env.invalidate_all()
        self.assertEqual(few, count(areas))


class TestAssignedTasks(TicketCommon):
    """Assigned tasks: on time → quality score, late → 0, summed per half-year."""

    def test_task_scores(self):
        Task = self.env["tsm.task"]
        on_time = Task.create(
            {
                "name": "Inspect line 3",
                "employee_id": self.emp_engineer.id,
                "date_deadline": date(2026, 8, 31),
                "quality_score": 8,
            }
        )
        late = Task.create(
            {
                "name": "Upgrade controllers",
                "kind": "upgrade",
                "employee_id": self.emp_engineer.id,
                "date_deadline": date(2026, 9, 30),
                "quality_score": 9,
            }
        )
        on_time.write({"state": "done", "date_done": date(2026, 8, 30)})
        late.write({"state": "done", "date_done": date(2026, 10, 2)})
        self.assertEqual((on_time.score, late.score), (8, 0))
        self.assertTrue(late.is_late)
        self.assertEqual(on_time.half_year, "2026-H2")
        self.assertEqual(on_time.area_id, self.area)
        values = self._metrics(
            self.emp_engineer, ["task_score"], (date(2026, 7, 1), date(2026, 12, 31))
        )
        self.assertEqual(values["task_score"][self.emp_engineer.id], 8)
