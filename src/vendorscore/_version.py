"""The package version: one source, read by the build (pyproject.toml) and the reports."""

__version__ = "0.1.0"
