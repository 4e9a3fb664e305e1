from utils.glue import MarkdownText


def test_markdown_text_renders_tables_and_emphasis_as_html():
    value = MarkdownText("**Supported.**\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n")
    html = value._repr_html_()
    assert value._repr_markdown_().startswith("**Supported.**")
    assert "<strong>Supported.</strong>" in html
    assert '<table class="table">' in html and "<td>1</td>" in html
