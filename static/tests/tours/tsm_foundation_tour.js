import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("tsm_open_app", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Technical Service app",
            trigger: '.o_app[data-menu-xmlid="hr_tech_service.menu_tsm_root"]',
            run: "click",
        },
        {
            content: "The app's menu bar shows its name and Configuration",
            trigger: '.o_main_navbar .o_menu_brand:contains("Technical Service")',
        },
        {
            trigger: '.o_main_navbar [data-menu-xmlid="hr_tech_service.menu_tsm_config"]',
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="hr_tech_service.tsm_area_menu"]',
            run: "click",
        },
        {
            content: "The areas list is shown",
            trigger: '.o_breadcrumb:contains("Service Areas")',
        },
    ],
});
