"""YAML → model: safe YAML reading with positions, schema messages in Chinese, the project loader."""
