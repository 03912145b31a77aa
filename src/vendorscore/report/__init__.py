"""Presenters: render results as terminal tables, JSON/CSV/Markdown and files; compute nothing."""
