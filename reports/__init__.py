from . import (
    tsm_appraisal_sheet_report,
    tsm_commission_job_report,
    tsm_commission_quantity_report_report,
    tsm_commission_statement_report,
    tsm_pay_line_report,
    tsm_ticket_report,
    tsm_ticket_scorecard_report,
    tsm_trip_report,
)
