import { registry } from "@web/core/registry";

const line = (field) => `div[name=line_ids] .o_selected_row div[name=${field}]`;

// The job lead enters last month's quantities of a job and submits them.
registry.category("web_tour.tours").add("tsm_quantity_report_enter", {
    url: "/odoo/action-hr_tech_service.tsm_quantity_report_action",
    steps: () => [
        {
            content: "Start a new quantity report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        { trigger: "div[name=job_id] input", run: "edit Tour pipeline" },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour pipeline')",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: `${line("pipe_kind")} select`, run: 'select "water_supply"' },
        { trigger: `${line("diameter")} input`, run: "edit 200" },
        { trigger: `${line("metres")} input`, run: "edit 100" },
        { content: "Save the report", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Submit it",
            trigger: ".o_form_saved button[name=action_submit]",
            run: "click",
        },
        {
            content: "The report waits for verification",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Submitted")',
        },
    ],
});

// The engineering manager verifies it.
registry.category("web_tour.tours").add("tsm_quantity_report_verify", {
    url: "/odoo/action-hr_tech_service.tsm_quantity_report_action",
    steps: () => [
        {
            content: "Open the report to verify",
            trigger: '.o_data_row:contains("Tour pipeline") td.o_data_cell[name=job_id]',
            run: "click",
        },
        {
            content: "Verify it",
            trigger: "button[name=action_verify]",
            run: "click",
        },
        {
            content: "The report is verified and split over the crew",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Verified")',
        },
    ],
});
