"""What the commands do: build the site, fill a form, write the downloads, count the project."""
