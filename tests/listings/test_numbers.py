import pytest

from listings.numbers import (
    IPCError,
    PatentNumberError,
    ipc_parts,
    normalize_ipc,
    normalize_patent_number,
)


@pytest.mark.parametrize(
    "raw",
    [
        "特願2019-123456",
        "2019-123456",
        "JP2019123456",
        "特願２０１９－１２３４５６",
        "特願令1-123456",
    ],
)
def test_application_numbers_written_differently_are_one(raw):
    number = normalize_patent_number(raw, "application")
    assert (number.kind, number.key) == ("application", "JP2019123456")


@pytest.mark.parametrize(
    "raw", ["特開2010-19680", "JP2010019680A", "特開2010-019680号公報"]
)
def test_publication_numbers_written_differently_are_one(raw):
    number = normalize_patent_number(raw)
    assert (number.kind, number.key) == ("publication", "JP2010019680")


@pytest.mark.parametrize(
    ("raw", "kind", "key"),
    [
        ("US20130210636", "publication", "US20130210636"),
        ("US2013210636A1", "publication", "US20130210636"),
        ("US7971079B2", "registration", "US7971079"),
        ("特許第1234567号", "registration", "JP1234567"),
        ("JP5123456B2", "registration", "JP5123456"),
        ("特願平20-180290", "application", "JP2008180290"),
        ("WO2008155316A1", "publication", "WO2008155316"),
    ],
)
def test_other_forms(raw, kind, key):
    number = normalize_patent_number(raw)
    assert (number.kind, number.key) == (kind, key)


@pytest.mark.parametrize("raw", ["", "abc-def", "H01M 4/38", "12345"])
def test_garbage_is_refused(raw):
    with pytest.raises(PatentNumberError):
        normalize_patent_number(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("H01M 4/38", "H01M 4/38"),
        ("H01M4/38", "H01M 4/38"),
        ("h01m 004/38", "H01M 4/38"),
        ("H01M0004380000", "H01M 4/38"),
        ("Ｈ０１Ｍ　４／３８", "H01M 4/38"),
        ("G06N 3/08 (2006.01)", "G06N 3/08"),
        ("H01M", "H01M"),
        ("H01", "H01"),
        ("H", "H"),
    ],
)
def test_ipc_normalisation(raw, code):
    assert normalize_ipc(raw) == code


@pytest.mark.parametrize("raw", ["", "XYZ", "Z01M 4/38", "H1M", "H01M 4/38/2"])
def test_malformed_ipc_is_refused(raw):
    with pytest.raises(IPCError):
        normalize_ipc(raw)


def test_ipc_parts():
    assert ipc_parts("H01M 4/38") == {
        "section": "H",
        "ipc_class": "H01",
        "subclass": "H01M",
        "main_group": "H01M 4/00",
    }
