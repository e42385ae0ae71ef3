import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from danvan.core import folding
from danvan.core.folding import fold, sort_key

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
vietnamese_text = st.text(
    alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " -", max_size=40
)


def test_fold_known_names():
    assert fold("Bình An") == "binh an"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold("Đồng Tháp") == "dong thap"
    assert fold("  Xã   Ngọc  Lập ") == "xa ngoc lap"
    assert fold("Thừa Thiên Huế") == "thua thien hue"
    assert fold(None) == ""


def test_fold_treats_decomposed_and_composed_input_alike():
    composed = "Nguyễn Thị Hoà"
    decomposed = unicodedata.normalize("NFD", composed)
    assert fold(decomposed) == fold(composed) == "nguyen thi hoa"


@given(vietnamese_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_fold_ignores_case(text):
    assert fold(text.upper()) == fold(text.lower()) == fold(text)


@given(vietnamese_text)
def test_fold_leaves_only_plain_ascii_for_vietnamese_letters(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()
    assert "đ" not in folded


@given(vietnamese_text)
def test_fold_keeps_the_number_of_letters(text):
    # Every Vietnamese letter folds to exactly one ASCII letter: nothing is dropped or doubled.
    assert len(fold(text).replace(" ", "")) == len("".join(text.split()))


@given(st.lists(vietnamese_text, min_size=2, max_size=8))
def test_sort_key_orders_by_folded_text(names):
    ordered = sorted(names, key=sort_key)
    folded = [fold(name) for name in ordered]
    assert folded == sorted(folded)


@given(st.text(max_size=60) | vietnamese_text)
def test_folding_word_by_word_gives_what_folding_the_whole_text_gives(text):
    assert fold(text) == folding._fold_text(text)
