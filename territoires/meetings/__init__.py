"""Meetings with manufacturers: After Works, committees, workshops, public meetings; their
agenda, registrations and recorded status moves."""
