from . import tsm_appraisal_sheet_generate, tsm_pay_line_correct, tsm_ticket_reopen, tsm_trip_refuse
