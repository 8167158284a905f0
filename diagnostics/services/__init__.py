"""Writes of the diagnostics app, one module per part (questionnaires: builder, campaigns, responses)."""
