"""The trip allowance engine: for each day a traveller is away, the rule of
the allowance table that applies, whether the day is paid and why not.

A pure function of the traveller's day list and the rule table, with no
database and no ORM, so that the rules of the allowance are tested on their
own (tests/test_trip_allowance_engine.py). ``models/tsm_trip_allowance.py``
reads the trips and the table, calls :func:`work_out` once per traveller and
stores the answer as the trip's allowance days (``tsm.trip.day``).

The rules it applies:

- a rule is a case (purpose × destination class × employee status ×
  lodging, each empty for "any"), of one company or of all, with a rate per
  day, a way of counting days and a maximum of days per trip;
- of the rules matching a day, the most specific applies: naming the lodging
  beats not naming it, then the employee status, then the purpose, then the
  destination class, then a company's own rule beats a shared one; rules
  equally specific keep the table's order;
- days are counted inside the itinerary (or its approved extension): a day
  after it is not paid, nor one before it;
- "days away without the departure and return days" pays neither the first
  nor the last day of that window, "nights away" does not pay the last, and
  "calendar days" pays both;
- a rule that pays nothing says so; once a rule's maximum is reached, its
  further days are not paid.
"""

import datetime
from collections import defaultdict
from typing import NamedTuple

# The case a rule is written for, in the order of Rule's fields.
CONDITIONS = ("purpose", "destination_class", "employee_status", "lodging")
# Reasons of a paid day (the others say why a day is not paid).
PAID_REASONS = frozenset({"day_away", "night_away"})


class Rule(NamedTuple):
    """A row of the allowance table."""

    id: int
    company_id: int | None  # empty: every company
    purpose: str | None  # each condition empty: any value
    destination_class: str | None
    employee_status: str | None
    lodging: str | None
    rate: float
    day_count: str  # "excl_travel_days", "nights" or "calendar_days"
    max_days: int = 0  # 0: no maximum

    def specificity(self):
        return (
            bool(self.lodging),
            bool(self.employee_status),
            bool(self.purpose),
            bool(self.destination_class),
            bool(self.company_id),
        )

    def applies(self, company_id, case):
        """Whether the rule is written for ``case`` (one value per condition
        of :data:`CONDITIONS`) in ``company_id``."""
        if self.company_id and self.company_id != company_id:
            return False
        conditions = (self.purpose, self.destination_class, self.employee_status, self.lodging)
        return all(not cond or cond == value for cond, value in zip(conditions, case, strict=True))


class RuleTable:
    """The active rules of the table, most specific first; each case is
    looked up once."""

    def __init__(self, rules):
        # sorted() is stable, also in reverse: equally specific rules keep
        # the table's order.
        self._rules = sorted(rules, key=Rule.specificity, reverse=True)
        self._cache = {}

    def match(self, company_id, purpose, destination_class, employee_status, lodging):
        """The rule that applies to the case, or None."""
        key = (company_id, purpose, destination_class, employee_status, lodging)
        if key not in self._cache:
            case = key[1:]
            self._cache[key] = next(
                (rule for rule in self._rules if rule.applies(company_id, case)), None
            )
        return self._cache[key]


class Case(NamedTuple):
    """What a traveller's allowance depends on besides the days."""

    company_id: int
    purpose: str
    employee_status: str  # "regular" or "new" (in probation on the departure date)
    lodging: str  # "own", "client", "client_partial" or "office"
    allowed_from: datetime.date | None = None  # first day of the itinerary; empty: the first day
    allowed_to: datetime.date | None = None  # its last day, or its extension's; empty: the last


class Day(NamedTuple):
    """One day away: its date and the class of the destination the traveller
    is at when the day ends."""

    date: datetime.date
    destination_class: str | None


class DayWorking(NamedTuple):
    """The allowance of one day: the rule that applies (None: none), whether
    the day is paid, why, and the amount paid."""

    date: datetime.date
    destination_class: str | None
    rule: Rule | None
    counted: bool
    reason: str
    amount: float


def work_out(days, table, case):
    """The allowance of each of ``days`` (:class:`Day`, in date order, from
    the departure date to the return date) of a traveller in ``case``
    (:class:`Case`), by the rules of ``table`` (:class:`RuleTable`)."""
    if not days:
        return []
    allowed_from = case.allowed_from or days[0].date
    allowed_to = case.allowed_to or days[-1].date
    # The counting window: the trip as if it had kept to its itinerary.
    start = max(days[0].date, allowed_from)
    end = min(days[-1].date, allowed_to)
    used = defaultdict(int)
    working = []
    for day in days:
        rule = table.match(
            case.company_id,
            case.purpose,
            day.destination_class,
            case.employee_status,
            case.lodging,
        )
        if day.date > allowed_to:
            reason = "beyond_itinerary"
        elif day.date < allowed_from:
            reason = "before_itinerary"
        else:
            reason = _reason_in_window(day.date, rule, start, end, used)
        counted = reason in PAID_REASONS
        if counted:
            used[rule.id] += 1
        working.append(
            DayWorking(
                day.date,
                day.destination_class,
                rule,
                counted,
                reason,
                rule.rate if counted else 0.0,
            )
        )
    return working


def _reason_in_window(day, rule, start, end, used):
    """Why a day of the itinerary is paid or not; ``used`` counts the days
    each rule has paid so far."""
    if rule is None:
        return "no_rule"
    method = rule.day_count
    if method == "excl_travel_days" and day == start:
        return "departure_day"
    if method in ("excl_travel_days", "nights") and day == end:
        return "return_day"
    if not rule.rate:
        return "zero_rate"
    if rule.max_days and used[rule.id] >= rule.max_days:
        return "cap_reached"
    return "night_away" if method == "nights" else "day_away"
