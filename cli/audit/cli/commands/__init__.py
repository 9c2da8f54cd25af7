"""The commands, one module a group; each registers itself on the app in cli/base.py."""
