"""Fixed vocabularies used by organisations: prefectures and industry divisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# JIS X 0401 prefecture codes, Japanese and English names.
PREFECTURES: list[tuple[str, str, str]] = [
    ("01", "北海道", "Hokkaido"), ("02", "青森県", "Aomori"), ("03", "岩手県", "Iwate"),
    ("04", "宮城県", "Miyagi"), ("05", "秋田県", "Akita"), ("06", "山形県", "Yamagata"),
    ("07", "福島県", "Fukushima"), ("08", "茨城県", "Ibaraki"), ("09", "栃木県", "Tochigi"),
    ("10", "群馬県", "Gunma"), ("11", "埼玉県", "Saitama"), ("12", "千葉県", "Chiba"),
    ("13", "東京都", "Tokyo"), ("14", "神奈川県", "Kanagawa"), ("15", "新潟県", "Niigata"),
    ("16", "富山県", "Toyama"), ("17", "石川県", "Ishikawa"), ("18", "福井県", "Fukui"),
    ("19", "山梨県", "Yamanashi"), ("20", "長野県", "Nagano"), ("21", "岐阜県", "Gifu"),
    ("22", "静岡県", "Shizuoka"), ("23", "愛知県", "Aichi"), ("24", "三重県", "Mie"),
    ("25", "滋賀県", "Shiga"), ("26", "京都府", "Kyoto"), ("27", "大阪府", "Osaka"),
    ("28", "兵庫県", "Hyogo"), ("29", "奈良県", "Nara"), ("30", "和歌山県", "Wakayama"),
    ("31", "鳥取県", "Tottori"), ("32", "島根県", "Shimane"), ("33", "岡山県", "Okayama"),
    ("34", "広島県", "Hiroshima"), ("35", "山口県", "Yamaguchi"), ("36", "徳島県", "Tokushima"),
    ("37", "香川県", "Kagawa"), ("38", "愛媛県", "Ehime"), ("39", "高知県", "Kochi"),
    ("40", "福岡県", "Fukuoka"), ("41", "佐賀県", "Saga"), ("42", "長崎県", "Nagasaki"),
    ("43", "熊本県", "Kumamoto"), ("44", "大分県", "Oita"), ("45", "宮崎県", "Miyazaki"),
    ("46", "鹿児島県", "Kagoshima"), ("47", "沖縄県", "Okinawa"),
]  # fmt: skip
PREFECTURE_CHOICES = [(code, f"{ja} / {en}") for code, ja, en in PREFECTURES]
PREFECTURE_BY_NAME = {}
for _code, _ja, _en in PREFECTURES:
    PREFECTURE_BY_NAME[_ja] = _code
    PREFECTURE_BY_NAME[_ja.rstrip("都府県")] = _code
    PREFECTURE_BY_NAME[_en.lower()] = _code
PREFECTURE_BY_NAME["北海道"] = "01"


def prefecture_label(code: str, language: str = "ja") -> str:
    """Return the prefecture's name in the given language, or '' for an unknown code."""
    for pcode, ja, en in PREFECTURES:
        if pcode == code:
            return en if language.startswith("en") else ja
    return ""


# JSIC Rev.14 major divisions (大分類).
JSIC_DIVISIONS: list[tuple[str, str, str]] = [
    ("A", "農業，林業", "Agriculture and forestry"),
    ("B", "漁業", "Fisheries"),
    ("C", "鉱業，採石業，砂利採取業", "Mining and quarrying of stone and gravel"),
    ("D", "建設業", "Construction"),
    ("E", "製造業", "Manufacturing"),
    ("F", "電気・ガス・熱供給・水道業", "Electricity, gas, heat supply and water"),
    ("G", "情報通信業", "Information and communications"),
    ("H", "運輸業，郵便業", "Transport and postal activities"),
    ("I", "卸売業，小売業", "Wholesale and retail trade"),
    ("J", "金融業，保険業", "Finance and insurance"),
    ("K", "不動産業，物品賃貸業", "Real estate and goods rental and leasing"),
    (
        "L",
        "学術研究，専門・技術サービス業",
        "Scientific research, professional and technical services",
    ),
    ("M", "宿泊業，飲食サービス業", "Accommodations, eating and drinking services"),
    (
        "N",
        "生活関連サービス業，娯楽業",
        "Living-related and personal services and amusement services",
    ),
    ("O", "教育，学習支援業", "Education, learning support"),
    ("P", "医療，福祉", "Medical, health care and welfare"),
    ("Q", "複合サービス事業", "Compound services"),
    ("R", "サービス業（他に分類されないもの）", "Services, n.e.c."),
    ("S", "公務", "Government"),
    ("T", "分類不能の産業", "Industries unable to classify"),
]
JSIC_CHOICES = [(code, f"{code} {ja} / {en}") for code, ja, en in JSIC_DIVISIONS]


class OrganizationKind(models.TextChoices):
    UNIVERSITY = "university", _("University / TLO")
    COMPANY = "company", _("Company")
    PLATFORM = "platform", _("Platform operator")


class SizeBand(models.TextChoices):
    MICRO = "micro", _("1–20 employees")
    SMALL = "small", _("21–100 employees")
    MEDIUM = "medium", _("101–300 employees")
    LARGE = "large", _("301+ employees")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Viewer")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Waiting for approval")
    REJECTED = "rejected", _("Rejected")
