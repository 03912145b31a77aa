"""The Excel workbook presenter (openpyxl, loaded only on export paths)."""
