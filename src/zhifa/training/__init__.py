"""Question selection and exam papers as texts (pure: no file formats here)."""
