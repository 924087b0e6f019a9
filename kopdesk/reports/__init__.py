"""Reports: ``build`` computes frozen report data from services; ``render`` lays it out with reportlab only."""
