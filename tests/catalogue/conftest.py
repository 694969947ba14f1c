import pytest

from territoires.plans.models import Status, Visibility

from ..factories import ActionSheetFactory, RegionFactory, TerritoryFactory


@pytest.fixture
def fiches(territory):
    """Published fiches of two territories in two regions, a restricted and a deleted one."""
    other = TerritoryFactory(
        code="5301", name="Pays de Vitré", region=RegionFactory(code="53", name="Bretagne")
    )
    sheets = {
        "F2.1": ActionSheetFactory(
            territory=territory,
            code="F2.1",
            title="Renforcer l'offre foncière et immobilière d'activités",
            context="Les friches industrielles sont nombreuses <b>et</b> mal connues.",
        ),
        "F9": ActionSheetFactory(
            territory=territory,
            code="F9",
            title="Offre de formation maintenance industrielle",
            status=Status.VALIDATED,
        ),
        "V1": ActionSheetFactory(
            territory=other, code="V1", title="Réserve foncière intercommunale"
        ),
        "secret": ActionSheetFactory(
            territory=territory,
            code="F20",
            title="Dossier confidentiel foncier",
            visibility=Visibility.RESTRICTED,
        ),
        "deleted": ActionSheetFactory(territory=territory, code="F21", title="Foncier effacé"),
    }
    ActionSheetFactory._meta.model.objects.filter(pk=sheets["deleted"].pk).update(
        deleted_at="2026-01-01T00:00:00Z"
    )
    return sheets
