"""Client handouts and clinical notes in Markdown, plain text, HTML and PDF."""
