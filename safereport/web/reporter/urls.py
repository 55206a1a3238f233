from django.urls import path

from . import police_preview, views

app_name = "intake"
urlpatterns = [
    path("", views.start, name="start"),
    path("report/", views.report, name="report"),
    path("report/sent/", views.report_sent, name="report_sent"),
    path("report/police-preview/", police_preview.during_report, name="report_police_preview"),
    path("return/", views.return_with_codename, name="return"),
    path("my-report/", views.my_report, name="my_report"),
    path("my-report/evidence/", views.add_evidence, name="add_evidence"),
    path("my-report/evidence/<uuid:pk>/remove/", views.remove_evidence, name="remove_evidence"),
    path("my-report/evidence/<uuid:pk>/keep/", views.keep_evidence, name="keep_evidence"),
    path("my-report/evidence/<uuid:pk>/police/", views.evidence_consent, name="evidence_consent"),
    path("my-report/consent/", views.change_consent, name="consent"),
    path("my-report/crime-reference/", views.crime_reference_choice, name="crime_reference_choice"),
    path("my-report/police-preview/", police_preview.on_my_report, name="police_preview"),
    path("my-report/receipt.json", views.receipt_json, name="receipt_json"),
    path("my-report/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("my-report/visit/<uuid:pk>/letter.pdf", views.visit_letter_download, name="visit_letter"),
    path("my-report/erase/", views.erase, name="erase"),
    path("my-report/erase/cancel/", views.cancel_erasure, name="cancel_erasure"),
    path("my-report/leave/", views.leave, name="leave"),
]
