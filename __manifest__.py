{
    "name": "Technical Service Management",
    "summary": "Appraisal sheets, service tickets, trip allowances, piece-rate "
    "commission and pay lines for technical-service and field-engineering staff",
    "version": "18.0.1.0.0",
    "category": "Human Resources",
    "sequence": 75,
    "website": "https://github.com/hr-tech-service/hr_tech_service",
    "author": "hr_tech_service contributors",
    "maintainers": ["hr-tech-service"],
    "license": "LGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["hr", "mail"],
    "data": [
        "security/hr_tech_service_groups.xml",
        "security/ir.model.access.csv",
        "security/hr_tech_service_security.xml",
        "data/tsm_service_grade_data.xml",
        "views/hr_tech_service_menus.xml",
        "views/tsm_area_views.xml",
        "views/tsm_service_grade_views.xml",
        "views/hr_employee_views.xml",
        "views/res_users_views.xml",
    ],
    "demo": [
        "demo/hr_tech_service_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "hr_tech_service/static/tests/tours/*.js",
        ],
    },
}
