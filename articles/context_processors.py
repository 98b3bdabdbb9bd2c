from django.conf import settings

from .models import Section


def site(request):
    """Site name and section navigation for every page (one query, only evaluated when shown)."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "nav_sections": Section.objects.active().top_level(),
    }
