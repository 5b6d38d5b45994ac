"""boce-lint: checks host-municipality agreements (gastheergemeentemodel) against their
obligations."""

__version__ = "0.1.0"
