import pytest

from tests.factories.listings import ListingFactory, add_ipc, add_right
from tests.factories.matching import NeedFactory

LISTING_TEXTS = [
    (
        "全固体電池用の硫化物固体電解質",
        "硫化物系固体電解質の組成を最適化し、リチウムイオン電池の安全性を高める。"
        "大気中でも安定に扱える。",
        ["H01M 10/0562"],
    ),
    (
        "Lithium battery cathode coating",
        "A coating for lithium ion battery cathodes improves cycle life. "
        "The coating is applied by atomic layer deposition.",
        ["H01M 4/36"],
    ),
    (
        "魚の鮮度を判定するセンサ",
        "魚の鮮度を光で非破壊に判定するセンサ。漁港や市場での検査に使える。",
        ["G01N 21/00"],
    ),
    (
        "Baseball bat with vibration damping",
        "A baseball bat whose handle damps vibration. The player feels less sting.",
        ["A63B 59/00"],
    ),
    (
        "植物工場向けLED照明",
        "植物の生育に合わせて波長を制御するLED照明。植物工場の電力を削減する。",
        ["A01G 9/00"],
    ),
]


@pytest.fixture
def listings(university):
    """Five published listings on different subjects, each with a patent number."""
    rows = []
    for i, (title, overview, ipc) in enumerate(LISTING_TEXTS):
        listing = ListingFactory(
            owner=university, title=title, summary="", overview=overview
        )
        add_ipc(listing, *ipc)
        add_right(listing, country="US", publication_number=f"US2013021063{i}")
        rows.append(listing)
    return rows


@pytest.fixture
def need(company):
    return NeedFactory(
        organization=company,
        title="全固体電池の固体電解質",
        problem="リチウムイオン電池の安全性を高めたい。硫化物の固体電解質を探している。",
    )


@pytest.fixture
def other_need(other_company):
    return NeedFactory(
        organization=other_company,
        title="Fish freshness sensor / 魚の鮮度",
        problem="魚の鮮度を市場で判定したい。",
    )
