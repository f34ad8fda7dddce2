"""generator.read.text: cleanup of untrusted title/abstract text (control chars, HTML, LaTeX)."""

from pathlib import Path

import pytest

from generator.read.text import clean_latex, clean_text, plain_text, strip_html

SOURCES = Path(__file__).resolve().parents[1] / "content" / "sources"


# --- clean_text ------------------------------------------------------------------


def test_clean_text_normalises_to_nfc():
    assert clean_text("Rene\u0301") == "Ren\u00e9"


def test_clean_text_turns_line_breaks_into_spaces():
    assert clean_text("a\tb\nc\r\nd\x85e\u2028f\u2029g") == "a b c d e f g"


def test_clean_text_drops_control_characters_and_nul():
    assert clean_text("De\x00ep\x07 le\x1barn\x7fing\x9b!") == "Deep learning!"


def test_clean_text_collapses_whitespace_and_strips():
    assert clean_text("  Mixture \u00a0\u2003 of\t\tExperts  ") == "Mixture of Experts"


def test_clean_text_control_between_letter_and_accent_still_composes():
    assert clean_text("e\x00\u0301") == "\u00e9"


# --- strip_html ------------------------------------------------------------------


def test_strip_html_removes_tags_and_unescapes_entities():
    assert strip_html("<b>Deep</b> &amp; <i>Wide</i> Nets") == "Deep & Wide Nets"


def test_strip_html_keeps_inline_markup_text_together():
    assert strip_html("H<sub>2</sub>O splitting") == "H2O splitting"


def test_strip_html_drops_script_content():
    assert strip_html("Title<script>alert(1)</script> tail") == "Title tail"


def test_strip_html_line_break_separates_words():
    assert strip_html("Alice Smith<br/>Bob Jones") == "Alice Smith Bob Jones"


def test_strip_html_keeps_literal_less_than():
    assert strip_html("Bounds for x<y and a < b") == "Bounds for x<y and a < b"


def test_strip_html_unescapes_once():
    assert strip_html("Tom &amp;amp; Jerry&nbsp;Net") == "Tom &amp; Jerry Net"


# --- clean_latex: the required behaviours ------------------------------------------


def test_textual_math_span_becomes_plain_text():
    src = r"$\textbf{M}\text{ixture }\textbf{O}\text{f }\textbf{E}\text{xperts}$"
    assert clean_latex(src) == "Mixture Of Experts"


def test_textual_math_span_from_seed_dump():
    src = (
        r"We call our method a $\textbf{M}\text{ixture }\textbf{O}\text{f }\textbf{S}\text{urprise}"
        r"\textbf{S}$ (MOSS) for unsupervised reinforcement learning."
    )
    assert (
        clean_latex(src)
        == "We call our method a Mixture Of SurpriseS (MOSS) for unsupervised reinforcement"
        " learning."
    )


def test_underline_keeps_its_letters():
    assert (
        clean_latex(r"\underline{D}eep \underline{R}einforcement learning")
        == "Deep Reinforcement learning"
    )


def test_underlined_capitals_inside_a_word_are_lowercased():
    assert clean_latex(r"approach for la\underline{NE} changing") == "approach for lane changing"


@pytest.mark.parametrize("cmd", ["textbf", "textit", "text", "mathrm"])
def test_text_style_commands_outside_math_keep_argument(cmd):
    assert clean_latex(rf"a \{cmd}{{bold move}} here") == "a bold move here"


def test_nested_style_commands():
    assert (
        clean_latex(r"\textbf{\textit{deep}} and Evo\textbf{Lved Sign Momentum}")
        == "deep and EvoLved Sign Momentum"
    )


def test_tilde_tie_becomes_space():
    assert clean_latex("Signed Distance Field~(SDF)") == "Signed Distance Field (SDF)"
    assert clean_latex("see Fig.~3") == "see Fig. 3"


def test_tilde_range_and_approximation_are_kept():
    assert (
        clean_latex("up to 0.11~0.18dB with ~310M parameters")
        == "up to 0.11~0.18dB with ~310M parameters"
    )


def test_special_letter_macros():
    assert clean_latex(r"Polyak-{\L}ojasiewicz") == "Polyak-Łojasiewicz"
    assert clean_latex(r"{\l}\'od\'z and \ss{}") == "łódź and ß"


@pytest.mark.parametrize(
    "src, expected",
    [
        (r"\"o", "ö"),
        (r"\'e", "é"),
        (r"{\"u}", "ü"),
        (r"\"{a}", "ä"),
        (r"Erdos-R\'enyi", "Erdos-Rényi"),
        (r"\`a", "à"),
        (r"\^{\i}", "î"),
        (r"\^{\j}", "ĵ"),
        (r"\v{\j}", "ǰ"),
        (r"\c{c}", "ç"),
        (r"\v{s}", "š"),
        (r"\~n", "ñ"),
        (r"\H{o}", "ő"),
    ],
)
def test_accent_macros(src, expected):
    assert clean_latex(src) == expected


def test_emph_becomes_markdown_emphasis():
    assert clean_latex(r"a \emph{very} simple idea") == "a *very* simple idea"


def test_empty_emph_leaves_nothing():
    assert clean_latex(r"a \emph{} b") == "a b"


def test_arxiv_double_quotes_become_curly():
    assert clean_latex("predictions for ``easy'' samples") == "predictions for “easy” samples"


@pytest.mark.parametrize(
    "latex, text",
    [
        ("the ``best method", "the “best method"),
        ("the best'' method", "the best” method"),
    ],
)
def test_a_quote_left_open_or_closed_alone_still_turns_curly(latex, text):
    assert clean_latex(latex) == text


def test_odd_double_quotes_from_dumps():
    assert (
        clean_latex('termed as ``Meta-SpikeFormer", whose') == "termed as “Meta-SpikeFormer”, whose"
    )
    assert clean_latex("the ''imagined state'' based") == "the “imagined state” based"


@pytest.mark.parametrize(
    "math",
    [
        r"$\tilde{\cal O}(\epsilon^{-1})$",
        "ViT$^3$",
        r"${\cal O}(1/\sqrt{n})$",
        "$n$",
        r"$\mathbf{W}$",
        r"$$\sum_i x_i$$",
    ],
)
def test_real_math_is_kept_verbatim(math):
    src = f"we get {math} iterations with a~(b) and \\% here"
    assert clean_latex(src) == f"we get {math} iterations with a (b) and % here"


def test_escaped_specials_outside_math():
    assert clean_latex(r"gains of 3\% \& more in snake\_case") == "gains of 3% & more in snake_case"


def test_escaped_percent_inside_math_is_untouched():
    assert clean_latex(r"$x \% y$") == r"$x \% y$"


def test_number_only_math_span_becomes_text():
    assert (
        clean_latex(r"ResNet-$50$ reaches $126.7\%$ on Atari $100$k")
        == "ResNet-50 reaches 126.7% on Atari 100k"
    )


def test_prose_dollars_are_not_math():
    assert clean_latex(r"costs $5 and $10 with \emph{x}") == "costs $5 and $10 with *x*"


def test_abbreviation_macros_and_urls():
    assert (
        clean_latex(r"(\eg +3\% mAP) and \etal. at \url{https://github.com/a/b}")
        == "(e.g. +3% mAP) and et al. at https://github.com/a/b"
    )


def test_greek_macros_left_outside_math():
    assert (
        clean_latex(r"a quantity {\Psi} and Spearman's {\rho}") == "a quantity Ψ and Spearman's ρ"
    )


def test_citations_are_dropped():
    assert clean_latex(r"as shown before~\cite{smith2020}.") == "as shown before."


def test_clean_latex_is_idempotent():
    src = (
        r"$\textbf{M}\text{ix}$ for la\underline{NE} ``x'' \emph{y} 0.1~0.2 $\alpha$ {\L}ojasiewicz"
    )
    once = clean_latex(src)
    assert clean_latex(once) == once


# --- plain_text ------------------------------------------------------------------


def test_plain_text_drops_emphasis_markers():
    assert plain_text(r"a \emph{very} simple $x^*$ idea") == "a very simple $x^*$ idea"


def test_plain_text_strips_emphasis_already_rendered_by_clean_latex():
    src = r"an \emph{Efficient} \textbf{Mixture} of $\alpha$ experts"
    assert (
        plain_text(clean_latex(src))
        == plain_text(src)
        == r"an Efficient Mixture of $\alpha$ experts"
    )


def test_plain_text_keeps_non_emphasis_asterisks():
    assert plain_text("A* search beats x*y") == "A* search beats x*y"


def test_dollar_math_without_any_backslash_is_still_math():
    assert clean_latex("a loss $x_{i}$ of about $50$ ms") == "a loss $x_{i}$ of about 50 ms"


def test_plain_text_strips_emphasis_after_math_but_not_inside_it():
    assert plain_text("a $x$ and *y*") == "a $x$ and y"
    assert plain_text(r"the optima $\theta^*, \phi^*$ are found") == (
        r"the optima $\theta^*, \phi^*$ are found"
    )


def test_plain_text_unescapes_dollar():
    assert plain_text(r"costs \$5") == "costs $5"


# --- the seed dumps --------------------------------------------------------------


def _seed_lines():
    return [
        clean_text(line)
        for path in sorted(SOURCES.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_seed_dumps_have_no_text_latex_left():
    lines = [clean_latex(line) for line in _seed_lines()]
    assert len(lines) > 100
    macros = (
        r"\textbf",
        r"\text{",
        r"\underline",
        r"{\L}",
        r"\'",
        r"\url",
        r"\eg",
        "``",
        "''",
        r"\%",
        "~(",
    )
    assert [line for line in lines if any(macro in line for macro in macros)] == []


def test_seed_math_survives():
    text = " ".join(clean_latex(line) for line in _seed_lines())
    for math in (
        r"$\tilde{\cal O}(\epsilon^{-1})$",
        "ViT$^3$",
        r"${\cal O}(1/\sqrt{n})$",
        r"$\epsilon$-stationary",
    ):
        assert math in text


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            "Signed Distance Field~(SDF) from {B}ERT",
            "Signed Distance Field (SDF) from BERT",
        ),  # no backslash
        ("a ``quoted'' word and `single' one", "a “quoted” word and ‘single’ one"),
        ("an ''imagined state'' here", "an “imagined state” here"),
        ("plain words only, 5% of $x$", "plain words only, 5% of $x$"),
    ],
)
def test_text_steps_run_whenever_their_character_is_there(raw, expected):
    assert clean_latex(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Gödel, Escher > Bach \"quoted\" 'x' 1 > 0",
        "AT&amp;T x",
        "a<br>b",
        "Zoë\u00a0Ünal\u2028",
        "x\ry",
        "nul\x00here",
        "名前 テスト",
    ],
)
def test_strip_html_skips_the_sanitiser_only_where_it_changes_nothing(raw):
    import html

    import nh3

    assert strip_html(raw) == clean_text(
        html.unescape(nh3.clean(raw.replace("<br>", " "), tags=set()))
    )


@pytest.mark.parametrize(
    "latex, text",
    [
        (
            r"We use \textcolor{magenta}{red text} and {\color{blue} blue}",
            "We use red text and blue",
        ),
        (r"see \href{https://x.org/a}{our code} now", "see our code (https://x.org/a) now"),
        (r"data\footnote{Code: https://y.org/d} here", "data (Code: https://y.org/d) here"),
        (r"{\em fast}, {\it new} and {\bf bold}", "*fast*, *new* and bold"),
        (r"a {\sl slanted} word", "a *slanted* word"),
        (r"a \textless{} b and c \textgreater{} d", "a < b and c > d"),
        (r"a ratio \(1/e\) and \[ x^2 \]", "a ratio $1/e$ and $$x^2$$"),
        (
            r"a total of \( (2 \times 3)^2 = 36 \) scenarios",
            r"a total of $(2 \times 3)^2 = 36$ scenarios",
        ),
    ],
)
def test_clean_latex_reads_links_colours_old_style_switches_and_paren_math(latex, text):
    """Each mangled (`\\textcolormagenta{...}`), left raw or deleted with its URL before."""
    assert clean_latex(latex) == text
