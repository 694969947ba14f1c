"""Imports of the catalogue of schemes (Aides-territoires CSV export and API JSON)."""
