"""The vocabulary of business trips, shared by the trip models and the
allowance engine: the selections the rule table and the trips refer to, the
roles and the states that decide who writes what."""

from datetime import timedelta

# Rates, caps and day-counting rules are data (tsm.allowance.rule); these
# lists are the cases the rule table refers to.
TRIP_PURPOSES = [
    ("guidance", "Technical guidance"),
    ("construction", "Construction/welding"),
    ("repair", "Repair"),
    ("installation", "Installation"),
    ("other", "Other"),
]
DESTINATION_CLASSES = [
    ("out_of_province", "Out of province"),
    ("prefecture", "Prefecture-level city"),
    ("county", "County level and below"),
    ("same_city", "Same city"),
]
# Farthest first: the class a trip is filed under when its legs differ.
DESTINATION_CLASS_RANK = {"out_of_province": 4, "prefecture": 3, "county": 2, "same_city": 1}
TRANSPORT_MODES = [
    ("bus", "Bus/coach"),
    ("train", "Train"),
    ("ship", "Ship"),
    ("public", "City bus/metro"),
    ("flight", "Flight"),
    ("taxi", "Taxi"),
    ("car", "Car"),
    ("other", "Other"),
]
# Bus, train, ship and city transport are allowed; flights, taxis and any
# other means need a prior approval recorded on the leg.
PREAPPROVAL_MODES = ("flight", "taxi", "car", "other")
LODGING_CASES = [
    ("own", "Own arrangement"),
    ("client", "Client provides food and lodging"),
    ("client_partial", "Client provides part of food and lodging"),
    ("office", "Company regional office"),
]
# How a rule of the allowance table counts the days it pays.
DAY_COUNTS = [
    ("excl_travel_days", "Days away, without the departure and return days"),
    ("nights", "Nights away"),
    ("calendar_days", "Calendar days, departure and return days included"),
]
# Why a day of a trip is paid or not (tools/trip_allowance.py decides).
DAY_REASONS = [
    ("day_away", "Day away: paid"),
    ("night_away", "Night away: paid"),
    ("departure_day", "Departure day: not counted"),
    ("return_day", "Return day: not counted"),
    ("cap_reached", "Maximum days per trip reached"),
    ("beyond_itinerary", "Beyond the itinerary without an approved extension"),
    ("before_itinerary", "Before the itinerary's departure"),
    ("no_rule", "No allowance rule for this case"),
    ("zero_rate", "The rule pays no daily allowance"),
]
# Documents a trip may refer to, when the wing that defines them is installed.
RELATED_DOCUMENT_MODELS = ["tsm.ticket", "tsm.job"]

# The roles of the trip wing (security/hr_tech_service_groups.xml).
EMPLOYEE = "hr_tech_service.group_tsm_employee"
DEPT_MANAGER = "hr_tech_service.group_tsm_dept_manager"
GENERAL_MANAGEMENT = "hr_tech_service.group_tsm_deputy_gm"
HR_OFFICER = "hr_tech_service.group_tsm_hr_officer"
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"
PAYROLL = "hr_tech_service.group_tsm_payroll"

# Trip states in which the request (travellers, itinerary, conditions) is
# still being written; submitted, it is frozen (an approved extension is the
# only way to stay longer).
REQUEST_STATES = ("draft", "refused")
# Trip states in which the trip is under way or back, not yet settled.
OPEN_STATES = ("approved", "in_progress", "returned")
# Trip fields the requester fills while the request is a draft.
REQUEST_FIELDS = (
    "employee_id",
    "purpose",
    "description",
    "customer_id",
    "related_ref",
    "client_lodging",
    "office_stay",
    "company_id",
)
# Trip fields whose change changes the allowance working.
ALLOWANCE_FIELDS = {
    "purpose",
    "client_lodging",
    "office_stay",
    "actual_departure",
    "actual_return",
    "tz",
    "company_id",
}


def daterange(start, end):
    """Every date from ``start`` to ``end``, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)
