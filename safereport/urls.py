"""URL map: one face per audience — reporter pages and the public API, staff pages, public pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from safereport.web.public import verify as public_verify
from safereport.web.reporter import quick_exit
from safereport.web.reporter import views as reporter_views
from safereport.web.reporter.api import api

urlpatterns = [
    path("", reporter_views.choose_language, name="choose_language"),
    path("api/v1/", api.urls),
    # Outside the language prefix, so the error pages (which know no language) can link to it too.
    path("exit/", quick_exit.leave_now, name="quick_exit"),
]
urlpatterns += i18n_patterns(
    path("", include("safereport.web.reporter.urls")),
    path("staff/", include("safereport.web.staff.urls")),
    path("transparency/", include("safereport.web.public.urls")),
    path("verify/", public_verify.verify_document, name="verify_document"),
)
