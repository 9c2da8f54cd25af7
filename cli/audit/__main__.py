"""`python -m audit` runs the command line."""
from .entry import main

main()
