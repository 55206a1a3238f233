"""Staff pages: sign-in and access, casework, police referrals, the disclosure-request register."""

from django.urls import include, path

from . import (
    accounts,
    assignment,
    cases,
    disclosure_requests,
    evidence,
    immigration,
    organisation,
    police,
    risk,
    second_step,
    services,
    third_party,
    visits,
)

# Five namespaces, as the templates name them: accounts:, cases:, services:, firewall:, visits:.
accounts_patterns = [
    path("sign-in/", accounts.sign_in, name="login"),
    path("sign-in/code/", second_step.code_step, name="second_factor"),
    path("sign-in/enrol/", second_step.enrol, name="enrol"),
    path("two-step/", second_step.two_step, name="two_step"),
    path("sign-out/", accounts.sign_out, name="logout"),
    path("locked/", accounts.locked, name="locked"),
    path("access/", accounts.access, name="access"),
    path("access/<int:pk>/grant/", accounts.grant, name="grant"),
    path("access/<int:pk>/revoke/", accounts.revoke, name="revoke"),
    path("access/<int:pk>/reset-two-step/", accounts.reset_two_step, name="reset_two_step"),
    path("access/<int:pk>/immigration-adviser/", accounts.immigration_adviser, name="immigration_adviser"),
    path("password/", accounts.change_password, name="password"),
]
cases_patterns = [
    path("", cases.queue, name="queue"),
    path("cases/<str:reference>/", cases.case, name="case"),
    path("cases/<str:reference>/reply/", cases.reply, name="reply"),
    path("cases/<str:reference>/note/", cases.note, name="note"),
    path("cases/<str:reference>/immigration-advice/", cases.immigration_advice, name="immigration_advice"),
    path("cases/<str:reference>/immigration-eligibility/", immigration.eligibility_helper, name="eligibility"),
    path("cases/<str:reference>/services/refer/", services.refer, name="refer_to_service"),
    path("cases/<str:reference>/services/<uuid:pk>/", services.outcome, name="service_referral"),
    path("cases/<str:reference>/status/", cases.status, name="status"),
    path("cases/<str:reference>/erasure/cancel/", cases.cancel_erasure, name="cancel_erasure"),
    path("cases/<str:reference>/refer/", cases.refer, name="refer"),
    path("cases/<str:reference>/evidence/", evidence.add, name="add_evidence"),
    path("cases/<str:reference>/evidence/<uuid:pk>/", evidence.show, name="evidence"),
    path("cases/<str:reference>/risk/", risk.assess, name="risk"),
    path("cases/<str:reference>/risk/<int:sequence>/", risk.assessment, name="risk_assessment"),
    path("report-on-behalf/", third_party.report_on_behalf, name="report_on_behalf"),
    path("cases/<str:reference>/assign/", assignment.assign, name="assign"),
    path("hand-over/", assignment.hand_over, name="hand_over"),
    path("languages/", assignment.my_languages, name="my_languages"),
    path("routing/", organisation.routing, name="routing"),
    path("cases/<str:reference>/contact-requests/<uuid:pk>/answer/", cases.answer_contact, name="answer_contact"),
    path("police/", cases.referrals, name="referrals"),
    path("police/<uuid:pk>/", cases.referral, name="referral"),
    path("police/<uuid:pk>/investigation/", police.investigation, name="investigation"),
    path("police/<uuid:pk>/contact/", police.ask_for_contact, name="ask_for_contact"),
    path("police/<uuid:pk>/package.json", cases.referral_json, name="referral_json"),
    path("police/<uuid:pk>/files/<int:number>/", evidence.referral_file, name="referral_file"),
    path("police/<uuid:pk>/package.pdf", cases.referral_pdf, name="referral_pdf"),
]
services_patterns = [
    path("", services.directory_page, name="directory"),
    path("new/", services.new_service, name="new"),
    path("<int:pk>/", services.edit_service, name="edit"),
    path("<int:pk>/remove/", services.remove_service, name="remove"),
]
disclosure_patterns = [
    path("", disclosure_requests.register, name="register"),
    path("new/", disclosure_requests.new, name="new"),
    path("<str:reference>/", disclosure_requests.detail, name="detail"),
    path("<str:reference>/refuse/", disclosure_requests.refuse, name="refuse"),
    path("<str:reference>/approve/", disclosure_requests.approve, name="approve"),
    path("<str:reference>/package.json", disclosure_requests.package, name="package"),
    path("<str:reference>/court-order", disclosure_requests.court_order, name="court_order"),
]

visits_patterns = [
    path("visits/forces/", visits.forces, name="forces"),
    path("visits/forces/agreement/", visits.record_agreement, name="record_agreement"),
    path("visits/forces/<int:force_pk>/withdraw/", visits.withdraw_agreement, name="withdraw_agreement"),
    path("visits/forces/station/", visits.add_station, name="add_station"),
    path("cases/<str:reference>/visits/", visits.case_visits, name="case_visits"),
    path("cases/<str:reference>/visits/<uuid:pk>/letter/", visits.produce_letter, name="produce_letter"),
    path("cases/<str:reference>/visits/<uuid:pk>/cancel/", visits.cancel_visit, name="cancel_visit"),
    path("cases/<str:reference>/visits/<uuid:pk>/letter.pdf", visits.letter_pdf, name="letter_pdf"),
]

urlpatterns = [
    path("", include((accounts_patterns, "accounts"))),
    path("", include((cases_patterns, "cases"))),
    path("services/", include((services_patterns, "services"))),
    path("disclosure/", include((disclosure_patterns, "firewall"))),
    path("", include((visits_patterns, "visits"))),
]
