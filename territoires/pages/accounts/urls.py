"""Accounts URLs, included at the site root: /compte/... and
/territoires/<territory_code>/membres/."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("compte/connexion/", views.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", views.LogoutView.as_view(), name="logout"),
    path(
        "compte/mot-de-passe/oublie/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "compte/mot-de-passe/oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/nouveau/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("compte/profil/", views.profile, name="profile"),
    path("compte/profil/jetons/", views.api_token_create, name="api_token_create"),
    path(
        "compte/profil/jetons/<int:pk>/revoquer/",
        views.api_token_revoke,
        name="api_token_revoke",
    ),
    path(
        "territoires/<str:territory_code>/membres/",
        views.territory_members,
        name="territory_members",
    ),
    path(
        "territoires/<str:territory_code>/membres/ajouter/",
        views.territory_member_add,
        name="territory_member_add",
    ),
    path(
        "territoires/<str:territory_code>/membres/<int:pk>/role/",
        views.territory_member_role,
        name="territory_member_role",
    ),
    path(
        "territoires/<str:territory_code>/membres/<int:pk>/personne/",
        views.territory_member_person,
        name="territory_member_person",
    ),
    path(
        "territoires/<str:territory_code>/membres/<int:pk>/retirer/",
        views.territory_member_remove,
        name="territory_member_remove",
    ),
]
