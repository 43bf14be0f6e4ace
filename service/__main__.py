"""Run the margin command as `python -m service`."""

from .cli import main

main()
