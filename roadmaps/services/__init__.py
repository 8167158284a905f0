"""Writes for roadmaps, one module per concern: roadmaps (roadmap, criteria, weights), sheets (sheets,
marks, prerequisites, comments), scoring (the scoring state and the task's work) and planning
(affordable plans)."""
