"""The zhifa command: argument parsing and messages, one module per command group."""
