import { registry } from "@web/core/registry";

const line = (field) => `div[name=engineer_line_ids] .o_selected_row div[name=${field}]`;
const click = (content, trigger) => ({ content, trigger, run: "click" });

// The service desk supervisor registers a ticket, dispatches an engineer, records the solution,
// reviews the points and calls the customer back.
registry.category("web_tour.tours").add("tsm_ticket_flow", {
    url: "/odoo/action-hr_tech_service.tsm_ticket_action",
    steps: () => [
        click("Register a new ticket", ".o_list_button_add"),
        { trigger: "div[name=partner_id] input", run: "edit Hefei Metro" },
        click(
            "Choose the customer",
            '.ui-autocomplete .dropdown-item:contains("Hefei Metro Line 3")'
        ),
        { trigger: "div[name=equipment] input", run: "edit LED-7" },
        { trigger: "div[name=description] textarea", run: "edit Screen 7 shows no picture" },
        click("Open the engineers page", 'a.nav-link:contains("Engineers and Visits")'),
        click(
            "Dispatch an engineer",
            "div[name=engineer_line_ids] .o_field_x2many_list_row_add a"
        ),
        { trigger: `${line("employee_id")} input`, run: "edit Engineer Zhang" },
        {
            trigger: '.ui-autocomplete .dropdown-item:contains("Engineer Zhang")',
            run: "click",
        },
        { trigger: `${line("self_rating")} input`, run: "edit 1.5" },
        click("Save the ticket", ".o_form_button_save"),
        click("Assign it", ".o_form_saved button[name=action_assign]"),
        click("Work starts", ".o_form_saved button[name=action_start]"),
        click("Back to the request page", 'a.nav-link:contains("Request")'),
        { trigger: "div[name=solution] textarea", run: "edit Replaced the video board" },
        click("Solve it", "button[name=action_solve]"),
        click("Review the points", ".o_form_saved button[name=action_review]"),
        click("Call the customer back", ".o_form_saved button[name=action_new_callback]"),
        { trigger: ".modal div[name=satisfaction] select", run: 'select "satisfied"' },
        { trigger: ".modal div[name=comment] textarea", run: "edit Very quick, thank you" },
        click("Save the callback", ".modal .o_form_button_save"),
        {
            content: "The callback is done",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Callback Done")',
        },
    ],
});
