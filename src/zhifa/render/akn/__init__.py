"""Akoma Ntoso 3.0 (OASIS LegalDocML) documents of the regulations."""
