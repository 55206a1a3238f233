from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:reference>/", views.case, name="case"),
    path("cases/<str:reference>/reply/", views.reply, name="reply"),
    path("cases/<str:reference>/note/", views.note, name="note"),
    path("cases/<str:reference>/immigration-advice/", views.immigration_advice, name="immigration_advice"),
    path("cases/<str:reference>/status/", views.status, name="status"),
    path("cases/<str:reference>/refer/", views.refer, name="refer"),
    path("police/", views.referrals, name="referrals"),
    path("police/<uuid:pk>/", views.referral, name="referral"),
    path("police/<uuid:pk>/package.json", views.referral_json, name="referral_json"),
    path("police/<uuid:pk>/package.pdf", views.referral_pdf, name="referral_pdf"),
]
