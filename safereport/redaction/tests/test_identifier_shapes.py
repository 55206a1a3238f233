"""Document and case numbers are removed by their shape, with or without a label; what police need is kept."""

import pytest

from safereport.redaction.engine import MARKERS, redact

PHONE = frozenset({"phone_number"})


@pytest.mark.parametrize(
    "text, number",
    [
        ("He has 533401276 written on a card in his wallet.", "533401276"),  # UK passport, no label
        ("533401276 is my passport number.", "533401276"),  # the number before its keyword
        ("He kept ZU1234567 and laughed.", "ZU1234567"),  # BRP
        ("The card said ZU 1234567 on it.", "ZU 1234567"),
        ("They wrote GWF-123456789 on the letter.", "GWF-123456789"),
        ("the reference is 1234-5678-9012-3456", "1234-5678-9012-3456"),  # UAN
        ("He used AB 12 34 56 C to get the job.", "AB 12 34 56 C"),  # NINO, spaced
        ("my NI is ab123456c", "ab123456c"),
        ("He sent it to GB82 WEST 1234 5698 7654 32 yesterday.", "GB82 WEST 1234 5698 7654 32"),  # IBAN
        ("He used 4111 1111 1111 1111 online.", "4111 1111 1111 1111"),  # card (Luhn)
        ("His licence MORGA753116SM9IJ was in the car.", "MORGA753116SM9IJ"),  # UK driving licence
        ("Mi número es X-1234567-L y él lo sabe.", "X-1234567-L"),  # NIE
        ("Tenía el 12.345.678-Z apuntado.", "12.345.678-Z"),  # DNI written with dots
        ("Il a noté 1234567890 sur un papier.", "1234567890"),  # titre de séjour, 10 digits
        ("Zapisał 85010112345 w telefonie.", "85010112345"),  # PESEL
        ("A scris 1850101123456 pe o foaie.", "1850101123456"),  # CNP
        ("Anotou 123456789ZZ1 no caderno.", "123456789ZZ1"),  # Portuguese citizen card
        ("كتب ١٢٣٤٥٦٧٨٩ على ورقة", "١٢٣٤٥٦٧٨٩"),
        ("sort code 12-34-99 account 41234567", "41234567"),
    ],
)
def test_a_document_shaped_number_is_removed_without_any_label(text, number):
    result = redact(text)
    assert number not in result.text
    assert any(span.category in ("document_number", "immigration_identifier", "phone_number") for span in result.spans)


def test_a_bare_document_number_is_marked_as_a_document_number():
    result = redact("He has 533401276 written on a card.", keep=PHONE)
    assert result.text == f"He has {MARKERS['document_number']} written on a card."


def test_a_right_to_work_share_code_is_an_immigration_identifier():
    result = redact("He asked for my share code W5Y 3M4 K79 and then hit me.")
    assert "K79" not in result.text and result.spans[0].category == "immigration_identifier"


@pytest.mark.parametrize(
    "text",
    [
        "On 14/02/2023 at 23.15 he hit me.",
        "On 2023-02-14 he came back, and again on 14.02.23.",
        "He took £1,500 and then 250000 euros, and 1 500 000 zł from my sister.",
        "It happened near SW1A 1AA and again at E1 6AN.",
        "His car is AB12 CDE; the van was 1234 BCD; the other AB-123-CD and WA 12345.",
        "car registration WA12345",
        "Crime reference 01/458812/23 and CAD 4512345678.",
        "The crime reference number the officer gave me is 01/458812/23.",
        "El número de referencia del crimen es 4412/23 según el agente.",
        "Numer sprawy z policji to 47/123456/23.",
        "Numéro de plainte 2023/004512 au commissariat.",
        "Número de denuncia 123456/2023.",
        "Die Polizei hat mir die Vorgangsnummer 2024123456 gegeben.",
        "Aktenzeichen der Strafanzeige: 123456/2024.",
        "I carabinieri hanno scritto la querela, verbale 887766.",
        "ፖሊስ ቁጽሪ 5412345 ሂቦምኒ።",
        "they gave me 13/88542/24 and said someone would call",
        "He was with me from 2019-2023.",
        "He hit me 3 times in 2 days.",
    ],
)
def test_what_police_need_and_no_document_can_be_is_kept(text):
    assert redact(text).spans == ()


def test_a_consented_phone_number_written_as_a_phone_is_kept():
    for text in ("Call me on 07700 900461.", "My number is +44 7700 900461.", "Mi número es 612 345 678."):
        assert redact(text, keep=PHONE).text == text


def test_with_phone_consent_a_bare_nine_digits_is_still_removed():
    # 533401276 is a valid Polish mobile and a UK passport number alike: removal wins.
    assert "533401276" not in redact("He wrote 533401276 on the wall.", keep=PHONE).text


def test_an_email_address_the_reporter_consented_to_share_keeps_its_digits():
    text = "Write to maria.533401276@gmail.com please."
    assert redact(text, keep=frozenset({"email_address"})).text == text
