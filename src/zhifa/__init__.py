"""zhifa: a county's enforcement regulations as data, rendered into a handbook, forms and training material."""

__version__ = "0.1.0"
