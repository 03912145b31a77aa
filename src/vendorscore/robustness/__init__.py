"""How far the ranking can be trusted: weight stability, SMAA, AHP weights."""
