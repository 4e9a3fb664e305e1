from utils.glue import MarkdownText


def test_markdown_text_renders_tables_and_emphasis_as_html():
    value = MarkdownText("**Supported.**\n\n| a | b |\n| --- | ---: |\n| 1 | 2 |\n")
    html = value._repr_html_()
    assert value._repr_markdown_().startswith("**Supported.**")
    assert "<strong>Supported.</strong>" in html
    assert '<table class="table">' in html and "<td>1</td>" in html


def test_markdown_text_reads_the_same_as_plain_text_on_every_run():
    assert repr(MarkdownText("**Contradicted.** 2 of 3")) == "**Contradicted.** 2 of 3"
