"""Every check of the data (validate) and of case data (fill), and of the built outputs' citations."""
