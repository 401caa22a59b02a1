from . import (
    tsm_appraisal_eom_veto_wizard,
    tsm_appraisal_eom_vote_wizard,
    tsm_appraisal_sheet_appeal,
    tsm_appraisal_sheet_generate,
    tsm_appraisal_sheet_send_back,
    tsm_pay_line_correct,
    tsm_ticket_reopen,
    tsm_trip_refuse,
)
