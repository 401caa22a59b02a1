"""Selections, roles and the self-ratings setting of the service-tickets wing."""

from odoo.exceptions import UserError

from .settings import setting

TICKET_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("online", "Online"),
    ("onsite", "On-site"),
]
TICKET_KINDS = [
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("inspection", "Inspection"),
    ("upgrade", "System Upgrade"),
    ("installation", "Installation"),
    ("consultation", "Consultation"),
]
# The area's 维修任务 (repair and maintenance jobs) whose completion makes the
# area's daily and monthly rate: inspections and upgrades are assigned
# tasks (tsm.task), installations and consultations are
# not maintenance.
AREA_JOB_KINDS = ("repair", "maintenance")
TICKET_LEVELS = [("0", "Low"), ("1", "Normal"), ("2", "High")]
TICKET_PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]
TICKET_STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("solved", "Solved"),
    ("callback", "Callback Done"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
SOLVED_STATES = ("solved", "callback", "closed")
# Worked on: assigned to engineers and not solved yet.
OPEN_STATES = ("assigned", "in_progress")
SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("dissatisfied", "Dissatisfied"),
]
CALLBACK_FROM_RATING = {"top": "satisfied", "ok": "neutral", "ko": "dissatisfied"}
CALLBACK_CHANNELS = [("phone", "Phone"), ("rating", "E-mail Rating")]
CUSTOMER_TIERS = [("standard", "Standard"), ("key", "Key Account")]

# The roles of the wing (security/hr_tech_service_groups.xml, tsm_ticket_security.xml). A
# department manager is also a supervisor (group_tsm_leader implies upward).
DESK = "hr_tech_service.group_tsm_service_desk"
LEADER = "hr_tech_service.group_tsm_leader"
MANAGER = "hr_tech_service.group_tsm_dept_manager"
HR_MANAGER = "hr_tech_service.group_tsm_hr_manager"


def parse_rating_values(env, raw):
    """The sorted values of a list of allowed self-ratings typed as
    ``"0.5,1,1.5,2"`` (commas or semicolons); a value that is not a number
    is an error naming the setting."""
    try:
        return sorted(
            {float(part) for part in (raw or "").replace(";", ",").split(",") if part.strip()}
        )
    except ValueError:
        # Named as the settings page shows it, where it is corrected.
        field = env["res.config.settings"]._fields["tsm_ticket_rating_values"]
        name = field._description_string(env)
        raise UserError(
            env._(
                "The service setting %(name)s is not a number (%(value)s): correct it under "
                "Settings → Technical Service.",
                name=name,
                value=raw,
            )
        ) from None


def rating_values(company):
    """The self-ratings an engineer of ``company`` may give, which the
    reviewed value of a ticket takes too (shipped: 0.5, 1, 1.5 and 2)."""
    return parse_rating_values(company.env, setting(company, "ticket_rating_values"))
