"""Accounts, their roles on territories, their scopes above territories, API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from territoires.permissions.roles import ScopeKind, TerritoryRole

from .identity import normalize_email


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The whole address in lower case (Django's lowers only the domain): see
        `accounts.identity`. Also used by `AbstractUser.clean()`."""
        return normalize_email(email)

    def _create_user(self, email, password, **extra):
        email = self.normalize_email(email)
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))


class User(AbstractUser):
    """A person who logs in with an email address and a password."""

    username = None
    email = models.EmailField(
        "adresse électronique",
        unique=True,
        error_messages={"unique": "Un compte utilise déjà cette adresse électronique."},
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]
        constraints = [
            # One account per address whatever its letter case (decision 0009); the code
            # stores addresses lower-cased, the database refuses any write that does not.
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ignoring_case",
                violation_error_message="Un compte utilise déjà cette adresse électronique.",
            )
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A user's role on one territory."""

    Role = TerritoryRole

    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="memberships"
    )
    territory = models.ForeignKey(
        "referential.Territory",
        verbose_name="territoire",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "rôle sur un territoire"
        verbose_name_plural = "rôles sur les territoires"
        ordering = ["territory", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "territory"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.territory.code} – {self.get_role_display()}"


class Scope(models.Model):
    """A user's reach above territories: a Région, a State service, an operator, national."""

    Kind = ScopeKind

    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="scopes"
    )
    kind = models.CharField("périmètre", max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "referential.Region",
        verbose_name="région",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        "referential.Department",
        verbose_name="département",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation représentée",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "périmètre"
        ordering = ["user__email", "kind"]

    def clean(self):
        super().clean()
        if self.kind == self.Kind.REGION and not self.region_id:
            raise ValidationError({"region": "Une région est obligatoire pour ce périmètre."})
        if self.kind == self.Kind.STATE and not (self.region_id or self.department_id):
            raise ValidationError("Un périmètre État porte sur une région ou un département.")

    def __str__(self):
        target = self.department or self.region or ""
        return f"{self.user} – {self.get_kind_display()} {target}".strip()


class ApiToken(models.Model):
    """A revocable personal token for the REST API. Only a hash of the secret is kept."""

    PREFIX = "ti_"

    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nom", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField("début du jeton", max_length=12)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at"]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name):
        """Create a token and return (token, clear key). The clear key is shown once."""
        key = cls.PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), hint=key[:10])
        return token, key

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def __str__(self):
        return f"{self.name} ({self.hint}…)"
