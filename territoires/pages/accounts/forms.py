"""Forms of the accounts pages (DSFR rendering)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from dsfr.forms import DsfrBaseForm

from territoires.accounts.models import Membership
from territoires.accounts.services import set_new_password


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


class PasswordResetRequestForm(FrenchFormMixin, DsfrBaseForm):
    """The address to send a reset link to; the service decides everything else."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class FrenchSetPasswordForm(FrenchFormMixin, DsfrBaseForm, SetPasswordForm):
    """The new password chosen through a one-use link; saving it revokes the API tokens."""

    revoked_tokens = 0

    def save(self, commit=True):
        self.revoked_tokens = set_new_password(self.user, self.cleaned_data["new_password1"])
        return self.user


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
        help_text=(
            "Pour un nouveau compte, et pour l'annuaire si la personne n'y figure pas encore."
        ),
    )
    last_name = forms.CharField(label="Nom", max_length=150, required=False)


class MemberRoleForm(FrenchFormMixin, DsfrBaseForm):
    role = forms.ChoiceField(label="Rôle", choices=Membership.Role.choices)


class MemberPersonForm(FrenchFormMixin, DsfrBaseForm):
    """The person of the territory's directory a member's account is matched to."""

    person = forms.ModelChoiceField(
        label="Personne de l'annuaire",
        queryset=None,
        empty_label="Choisir une personne de l'annuaire",
        error_messages={
            "required": "Choisissez une personne de l'annuaire.",
            "invalid_choice": (
                "Choisissez une personne de l'annuaire du territoire qui n'est reliée à "
                "aucun compte."
            ),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
