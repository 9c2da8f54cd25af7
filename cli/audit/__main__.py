"""`python -m audit` runs the command line."""
from audit.entry import main

main()
