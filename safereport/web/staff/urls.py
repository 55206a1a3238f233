"""Staff pages: sign-in and access, casework, police referrals, the disclosure-request register."""

from django.urls import include, path

from . import accounts, cases, disclosure_requests, police

# Three namespaces, as the templates name them: accounts:, cases:, firewall:.
accounts_patterns = [
    path("sign-in/", accounts.sign_in, name="login"),
    path("sign-out/", accounts.sign_out, name="logout"),
    path("locked/", accounts.locked, name="locked"),
    path("access/", accounts.access, name="access"),
    path("access/<int:pk>/grant/", accounts.grant, name="grant"),
    path("access/<int:pk>/revoke/", accounts.revoke, name="revoke"),
    path("password/", accounts.change_password, name="password"),
]
cases_patterns = [
    path("", cases.queue, name="queue"),
    path("cases/<str:reference>/", cases.case, name="case"),
    path("cases/<str:reference>/reply/", cases.reply, name="reply"),
    path("cases/<str:reference>/note/", cases.note, name="note"),
    path("cases/<str:reference>/immigration-advice/", cases.immigration_advice, name="immigration_advice"),
    path("cases/<str:reference>/status/", cases.status, name="status"),
    path("cases/<str:reference>/refer/", cases.refer, name="refer"),
    path("cases/<str:reference>/contact-requests/<uuid:pk>/answer/", cases.answer_contact, name="answer_contact"),
    path("police/", cases.referrals, name="referrals"),
    path("police/<uuid:pk>/", cases.referral, name="referral"),
    path("police/<uuid:pk>/investigation/", police.investigation, name="investigation"),
    path("police/<uuid:pk>/contact/", police.ask_for_contact, name="ask_for_contact"),
    path("police/<uuid:pk>/package.json", cases.referral_json, name="referral_json"),
    path("police/<uuid:pk>/package.pdf", cases.referral_pdf, name="referral_pdf"),
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

urlpatterns = [
    path("", include((accounts_patterns, "accounts"))),
    path("", include((cases_patterns, "cases"))),
    path("disclosure/", include((disclosure_patterns, "firewall"))),
]
