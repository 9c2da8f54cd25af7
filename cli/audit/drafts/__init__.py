"""The circular draft: Jinja2 sandbox, Markdown, HTML and Word writers."""
