"""Questions about a territory's meetings (After Works, committees...): seeing them, managing
them (create, edit, agenda, status, registrations, check-in), seeing who registered.

A public meeting is seen by everyone, anonymous visitors included; a territory meeting by
those who read the territory's restricted content. The territory's éditeurs and
administrateurs and the national team manage them. The registrants (names, organisations,
addresses) and the companies' feedback are seen by the same people as the directory's
contact details."""

from django.db.models import Q

from .base import territory_id
from .roles import EDIT_ALL_ROLES
from .visibility import Visibility


class MeetingRules:
    def can_view_meeting(self, meeting) -> bool:
        return meeting.visibility == Visibility.PUBLIC or self.can_read_restricted(
            meeting.territory_id
        )

    def can_manage_meetings(self, territory) -> bool:
        return self.is_national or self.role_on(territory_id(territory)) in EDIT_ALL_ROLES

    def can_see_registrations(self, meeting) -> bool:
        return self.can_read_restricted(meeting.territory_id)

    def can_see_feedback(self, meeting) -> bool:
        """The companies' feedback and its synthesis: those who read the territory's
        restricted content."""
        return self.can_read_restricted(meeting.territory_id)

    def visible_meetings(self, queryset):
        """Filter a queryset of meetings down to those the user may see."""
        if self.reads_everything:
            return queryset
        readable = set(self.roles) | set(self.scoped_territory_ids)
        return queryset.filter(Q(visibility=Visibility.PUBLIC) | Q(territory_id__in=readable))
