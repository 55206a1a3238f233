from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("locked/", views.locked, name="locked"),
    path("access/", views.access, name="access"),
    path("access/<int:pk>/grant/", views.grant, name="grant"),
    path("access/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("password/", views.change_password, name="password"),
]
