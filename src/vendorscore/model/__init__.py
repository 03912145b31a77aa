"""The ground layer: validated input records and the result model; no behaviour above it."""
