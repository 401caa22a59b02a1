from . import tsm_appraisal_wizards, tsm_pay_line_correct
