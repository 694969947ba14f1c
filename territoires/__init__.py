"""Plateforme Territoires d'industrie."""
