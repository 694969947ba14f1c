from django.conf import settings


def platform(request):
    """Branding shared by every page: the State brand block can be switched off."""
    return {
        "STATE_BRAND": settings.STATE_BRAND,
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "PLATFORM_TAGLINE": settings.PLATFORM_TAGLINE,
        "PLATFORM_OPERATOR": settings.PLATFORM_OPERATOR,
        "PLATFORM_CONTACT_EMAIL": settings.PLATFORM_CONTACT_EMAIL,
    }
