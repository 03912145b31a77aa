"""`python -m vendorscore`."""

from vendorscore.cli import main

if __name__ == "__main__":
    main()
