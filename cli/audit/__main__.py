"""`python -m audit`: the same entry point as the installed `audit` command."""
from .app import main

main()
