"""URL map: reporter pages under a language prefix, staff pages, the public API."""
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from safereport.intake import quick_exit
from safereport.intake import views as intake_views
from safereport.intake.api import api

urlpatterns = [
    path("", intake_views.choose_language, name="choose_language"),
    path("api/v1/", api.urls),
    # Outside the language prefix, so the error pages (which know no language) can link to it too.
    path("exit/", quick_exit.leave_now, name="quick_exit"),
]
urlpatterns += i18n_patterns(
    path("", include("safereport.intake.urls")),
    path("staff/", include("safereport.accounts.urls")),
    path("staff/", include("safereport.cases.urls")),
    path("staff/disclosure/", include("safereport.firewall.urls")),
    path("transparency/", include("safereport.firewall.public_urls")),
)
