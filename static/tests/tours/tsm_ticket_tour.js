import { registry } from "@web/core/registry";

const line = (field) => `div[name=engineer_line_ids] .o_selected_row div[name=${field}]`;

// The service desk supervisor registers a ticket, dispatches an engineer, records the solution,
// reviews the points and calls the customer back.
registry.category("web_tour.tours").add("tsm_ticket_flow", {
    url: "/odoo/action-hr_tech_service.tsm_ticket_action",
    steps: () => [
        {
            content: "Register a new ticket",
            trigger: ".o_list_button_add",
            run: "click",
        },
        { trigger: "div[name=partner_id] input", run: "edit Hefei Metro" },
        {
            content: "Choose the customer",
            trigger: '.ui-autocomplete .dropdown-item:contains("Hefei Metro Line 3")',
            run: "click",
        },
        { trigger: "div[name=equipment] input", run: "edit LED-7" },
        { trigger: "div[name=description] textarea", run: "edit Screen 7 shows no picture" },
        {
            content: "Open the engineers page",
            trigger: 'a.nav-link:contains("Engineers and Visits")',
            run: "click",
        },
        {
            content: "Dispatch an engineer",
            trigger: "div[name=engineer_line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: `${line("employee_id")} input`, run: "edit Engineer Zhang" },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("Engineer Zhang")',
            run: "click",
        },
        { trigger: `${line("self_rating")} input`, run: "edit 1.5" },
        {
            content: "Save the ticket",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Assign it",
            trigger: ".o_form_saved button[name=action_assign]",
            run: "click",
        },
        {
            content: "Work starts",
            trigger: ".o_form_saved button[name=action_start]",
            run: "click",
        },
        {
            content: "Back to the request page",
            trigger: 'a.nav-link:contains("Request")',
            run: "click",
        },
        { trigger: "div[name=solution] textarea", run: "edit Replaced the video board" },
        {
            content: "Solve it",
            trigger: "button[name=action_solve]",
            run: "click",
        },
        {
            content: "Review the points",
            trigger: ".o_form_saved button[name=action_review]",
            run: "click",
        },
        {
            content: "Call the customer back",
            trigger: ".o_form_saved button[name=action_new_callback]",
            run: "click",
        },
        { trigger: ".modal div[name=satisfaction] select", run: 'select "satisfied"' },
        { trigger: ".modal div[name=comment] textarea", run: "edit Very quick, thank you" },
        {
            content: "Save the callback",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The callback is done",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Callback Done")',
        },
    ],
});
