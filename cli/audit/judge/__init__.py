"""Judgement: facts read from a task's text and the rules that decide its status."""
