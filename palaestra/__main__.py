"""`python -m palaestra`: the same command line as the `palaestra` script."""

from palaestra.cli import main

if __name__ == "__main__":
    main()
