"""Forms of the accounts pages (DSFR rendering)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader
from dsfr.forms import DsfrBaseForm

from territoires.accounts.identity import normalize_email
from territoires.accounts.models import Membership, User
from territoires.accounts.services import enqueue_email


class FrenchFormMixin:
    """DSFR forms without the deprecation noise about required-field marks."""

    def get_context(self):
        context = forms.Form.get_context(self)
        context.setdefault("DSFR_MARK_OPTIONAL_FIELDS", False)
        return context


class LoginForm(FrenchFormMixin, DsfrBaseForm, AuthenticationForm):
    username = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": (
            "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie ; "
            "après plusieurs échecs, la connexion est bloquée pendant quelques minutes."
        ),
        "inactive": "Ce compte est désactivé. Contactez l'administrateur de votre territoire.",
    }


class TaskPasswordResetForm(FrenchFormMixin, DsfrBaseForm, PasswordResetForm):
    """Password reset whose email goes through the background task queue."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        """Active accounts with this address, including those created for a new member
        who has not chosen a password yet."""
        return User.objects.filter(email=normalize_email(email), is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        html_body = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else None
        )
        enqueue_email(subject, body, [to_email], html_body)


class FrenchSetPasswordForm(FrenchFormMixin, DsfrBaseForm, SetPasswordForm):
    pass


class ApiTokenForm(FrenchFormMixin, DsfrBaseForm):
    name = forms.CharField(
        label="Nom du jeton",
        max_length=100,
        help_text="Pour vous rappeler où il sert, par exemple « tableur de suivi ».",
    )


class AddMemberForm(FrenchFormMixin, DsfrBaseForm):
    email = forms.EmailField(label="Adresse électronique", max_length=254)
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)
    first_name = forms.CharField(
        label="Prénom",
        max_length=150,
        required=False,
        help_text="Utile seulement si la personne n'a pas encore de compte.",
    )
    last_name = forms.CharField(label="Nom", max_length=150, required=False)


class MemberRoleForm(FrenchFormMixin, DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)
