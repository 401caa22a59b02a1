import { registry } from "@web/core/registry";

// A field of the itinerary's row ``row`` (1-based) once it is the row being edited.
const leg = (row, field) =>
    `div[name=leg_ids] .o_data_row:nth-child(${row}).o_selected_row div[name=${field}]`;

// The engineer files a trip: purpose, itinerary out and back, then submits it.
registry.category("web_tour.tours").add("tsm_trip_file", {
    url: "/odoo/action-hr_tech_service.tsm_trip_my_action",
    steps: () => [
        {
            content: "Start a new trip request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Add the outbound leg",
            trigger: "div[name=leg_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: `${leg(1, "from_place")} input`, run: "edit Hefei" },
        { trigger: `${leg(1, "to_place")} input`, run: "edit Wuhan site" },
        { trigger: `${leg(1, "city")} input`, run: "edit Wuhan" },
        { trigger: `${leg(1, "destination_class")} select`, run: 'select "out_of_province"' },
        { trigger: `${leg(1, "departure")} input`, run: "edit 03/02/2026 08:00:00" },
        { trigger: `${leg(1, "arrival")} input`, run: "edit 03/02/2026 14:00:00" },
        {
            content: "Add the return journey",
            trigger: "div[name=leg_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        { trigger: `${leg(2, "from_place")} input`, run: "edit Wuhan site" },
        { trigger: `${leg(2, "to_place")} input`, run: "edit Hefei" },
        { trigger: `${leg(2, "is_return")} input`, run: "click" },
        { trigger: `${leg(2, "departure")} input`, run: "edit 03/07/2026 09:00:00" },
        { trigger: `${leg(2, "arrival")} input`, run: "edit 03/07/2026 18:00:00" },
        {
            content: "Save the request",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit it to the manager",
            trigger: ".o_form_saved button[name=action_submit]",
            run: "click",
        },
        {
            content: "The request waits for approval",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Submitted")',
        },
    ],
});

// The department manager approves, records the departure and the return, and settles it.
registry.category("web_tour.tours").add("tsm_trip_approve_settle", {
    url: "/odoo/action-hr_tech_service.tsm_trip_approve_action",
    steps: () => [
        {
            content: "Open the request to approve",
            trigger: '.o_data_row:contains("Wuhan") td.o_data_cell[name=name]',
            run: "click",
        },
        {
            content: "Approve it",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "Approved: the travellers may leave",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            content: "Record the actual return",
            trigger: "div[name=actual_return] input",
            run: "edit 03/07/2026 18:00:00",
        },
        {
            content: "The travellers are back",
            trigger: "button[name=action_return]",
            run: "click",
        },
        {
            content: "Settle the trip",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Returned")',
        },
        {
            trigger: "button[name=action_settle]",
            run: "click",
        },
        {
            content: "Confirm the settlement",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The trip is settled and locked",
            trigger: '.o_statusbar_status .o_arrow_button_current:contains("Settled")',
        },
        {
            content: "Its pay line is there",
            trigger: "button[name=action_view_pay_lines]",
        },
    ],
});

// On a phone: the traveller files today's daily report from the kanban.
registry.category("web_tour.tours").add("tsm_trip_daily_report_mobile", {
    url: "/odoo/action-hr_tech_service.tsm_trip_report_my_action",
    steps: () => [
        {
            content: "Yesterday's report is listed",
            trigger: '.o_kanban_record:contains("Arrived on site")',
        },
        {
            content: "New report",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "The trip under way is proposed",
            trigger: 'div[name=trip_id] input:value("TRIP/")',
        },
        { trigger: "div[name=place] input", run: "edit Xiaogan county site" },
        { trigger: "div[name=work_done] textarea", run: "edit Welded 40 m of pipe" },
        { trigger: "div[name=contact_made] input", run: "edit Manager Chen by phone" },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});
