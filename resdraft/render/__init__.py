"""Renderers: each turns a core result into terminal output, JSON or XML; none computes."""
