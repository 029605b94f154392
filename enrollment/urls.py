from django.urls import path

from .applications import print_views, views
from .children import record_views, renewal_views

app_name = "enrollment"

urlpatterns = [
    path("apply/", views.start, name="start"),
    path("apply/new/", views.new_application, name="new"),
    path("checklist/", print_views.public_checklist, name="public_checklist"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<uuid:public_id>/", views.application_page, name="application"),
    path("children/<uuid:public_id>/", record_views.child_record, name="child_record"),
    path(
        "children/<uuid:public_id>/print/",
        record_views.child_record_print,
        name="child_record_print",
    ),
    path("children/<uuid:public_id>/renew/", renewal_views.renew, name="renew"),
    path(
        "children/<uuid:public_id>/renewals/<int:year>/proof/",
        renewal_views.renewal_proof,
        name="renewal_proof",
    ),
    path("applications/<uuid:public_id>/check/", views.check_page, name="check"),
    path("applications/<uuid:public_id>/declaration/", views.declaration_page, name="declaration"),
    path(
        "applications/<uuid:public_id>/confirmation/", views.confirmation_page, name="confirmation"
    ),
    path("applications/<uuid:public_id>/withdraw/", views.withdraw_page, name="withdraw"),
    path("applications/<uuid:public_id>/delete/", views.delete_draft_page, name="delete_draft"),
    path(
        "applications/<uuid:public_id>/print/checklist/",
        print_views.application_checklist,
        name="print_checklist",
    ),
    path(
        "applications/<uuid:public_id>/print/form/",
        print_views.application_form,
        name="print_form",
    ),
    path(
        "applications/<uuid:public_id>/documents/<slug:kind>/",
        views.document_file,
        name="document",
    ),
    path("applications/<uuid:public_id>/<slug:step_id>/", views.step_page, name="step"),
]
