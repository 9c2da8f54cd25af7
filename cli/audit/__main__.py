"""`python -m audit` runs the command line."""
from .app import main

main()
