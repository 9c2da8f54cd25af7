"""`python -m audit`: the same entry as the console script."""
from .app import main

main()
