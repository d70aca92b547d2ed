"""Reading and writing files safely: text files with their encoding named, atomic writes with errors in Chinese."""
