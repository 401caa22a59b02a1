import { registry } from "@web/core/registry";

/**
 * One reviewer's turn on the appraisal chain: open "To Review", open the
 * sheet, type a score in this stage's column, approve.
 */
function reviewSteps(column, score, nextStage) {
    return [
        {
            content: "Open the sheet waiting for my review",
            trigger: ".o_data_row:contains('Engineer Zhang') .o_data_cell[name='employee_id']",
            run: "click",
        },
        {
            content: "Edit the Initiative score of my stage",
            trigger: `.o_field_one2many .o_data_row:contains('Initiative') td[name='${column}']`,
            run: "click",
        },
        {
            trigger: `.o_field_one2many .o_selected_row td[name='${column}'] input`,
            run: `edit ${score}`,
        },
        {
            content: "Approve my stage",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_approve_stage']",
            run: "click",
        },
        {
            content: "The sheet moved on",
            trigger: nextStage,
        },
    ];
}

registry.category("web_tour.tours").add("tsm_appraisal_first_review", {
    url: "/odoo/action-hr_tech_service.tsm_appraisal_sheet_review_action",
    steps: () => reviewSteps("score_1", "12", ".o_field_widget[name='stage_id']:contains('Second review')"),
});

registry.category("web_tour.tours").add("tsm_appraisal_second_review", {
    url: "/odoo/action-hr_tech_service.tsm_appraisal_sheet_review_action",
    steps: () => reviewSteps("score_2", "14", ".o_field_widget[name='stage_id']:contains('Final approval')"),
});

registry.category("web_tour.tours").add("tsm_appraisal_final_approval", {
    url: "/odoo/action-hr_tech_service.tsm_appraisal_sheet_review_action",
    steps: () =>
        reviewSteps(
            "score_3",
            "15",
            ".o_statusbar_status button.o_arrow_button_current:contains('Approved')"
        ),
});
