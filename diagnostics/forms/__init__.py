"""Forms of the diagnostics app, one module per part."""
