"""Who may see or change what in the diagnostics app, one module per part."""
