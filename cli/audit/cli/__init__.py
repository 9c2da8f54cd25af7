"""The command line: the Typer app, Chinese help and usage, output through Rich."""
